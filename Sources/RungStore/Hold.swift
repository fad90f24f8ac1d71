import GRDB
import RungCore
import RungTime

/// A snooze of one occurrence until `endsAt`.
public struct Snooze: Sendable, Hashable {
    public var id: Int64?
    public var occurrenceID: String
    public var snoozedAt: Instant
    public var endsAt: Instant
}

/// "Snooze everything until `endsAt`", made at `snoozedAt`: one row, however many prompts
/// fall due before its end (see `RungCore.SnoozeAll`).
public struct SnoozeAll: Sendable, Hashable {
    public var id: Int64?
    public var snoozedAt: Instant
    public var endsAt: Instant
}

/// A pause of one subject (`performance:ID`, `ladder:ID`) or, with no subject, of
/// everything. Every pause has an end, so none can be forgotten; resuming early records
/// when.
public struct Pause: Sendable, Hashable {
    public var id: Int64?
    /// `nil`: everything is paused.
    public var subject: String?
    public var startsAt: Instant
    public var endsAt: Instant
    public var resumedAt: Instant?
    public var reason: String

    /// Whether the pause holds prompts back at `instant`.
    public func isActive(at instant: Instant) -> Bool {
        startsAt <= instant && instant < heldUntil
    }

    /// When it stopped holding prompts back: its end, or when it was resumed, if earlier.
    public var heldUntil: Instant { resumedAt.map { min($0, endsAt) } ?? endsAt }
}

/// A snooze refused because the prompt would have expired by its end: it could never fire.
public struct SnoozeEndsTooLate: Error, Sendable, CustomStringConvertible {
    public var occurrenceID: String
    /// When the prompt expires; a snooze must end before.
    public var expires: Instant

    public var description: String { "occurrence \(occurrenceID) expires at \(expires); a snooze must end before that" }
}

extension Snooze: Codable, FetchableRecord, MutablePersistableRecord, Exportable {
    public static let databaseTableName = "snooze"
    public static let exportName = "snoozes"
    public static let exportColumns = ["id", "occurrence_id", "snoozed_at", "ends_at"]
    public var exportValues: [ExportValue] { [ExportValue(id), .text(occurrenceID), .instant(snoozedAt), .instant(endsAt)] }

    enum CodingKeys: String, CodingKey {
        case id
        case occurrenceID = "occurrence_id"
        case snoozedAt = "snoozed_at"
        case endsAt = "ends_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SnoozeAll: Codable, FetchableRecord, MutablePersistableRecord, Exportable {
    public static let databaseTableName = "snooze_all"
    public static let exportName = "snoozes_of_everything"
    public static let exportColumns = ["id", "snoozed_at", "ends_at"]
    public var exportValues: [ExportValue] { [ExportValue(id), .instant(snoozedAt), .instant(endsAt)] }

    enum CodingKeys: String, CodingKey {
        case id
        case snoozedAt = "snoozed_at"
        case endsAt = "ends_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Pause: Codable, FetchableRecord, MutablePersistableRecord, Exportable {
    public static let databaseTableName = "pause"
    public static let exportName = "pauses"
    public static let exportColumns = ["id", "subject", "starts_at", "ends_at", "resumed_at", "reason"]
    public var exportValues: [ExportValue] {
        [ExportValue(id), ExportValue(subject), .instant(startsAt), .instant(endsAt), ExportValue(resumedAt), .text(reason)]
    }

    enum CodingKeys: String, CodingKey {
        case id, subject
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case resumedAt = "resumed_at"
        case reason
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Store {
    /// Snoozes an occurrence until `endsAt`: marks it `snoozed` and due then, in one
    /// transaction, so the pass delivers it once at that instant. Refuses a prompt that
    /// reached a final state, and a snooze that would end when or after it expires.
    @discardableResult
    public func snooze(_ occurrenceID: String, until endsAt: Instant, at instant: Instant) throws -> Snooze {
        guard endsAt > instant else { throw StoreError.invalid("a snooze must end after it starts") }
        return try write("snoozing \(occurrenceID)") { db in try Self.snooze(occurrenceID, until: endsAt, at: instant, db) }
    }

    static func snooze(_ occurrenceID: String, until endsAt: Instant, at instant: Instant, _ db: Database) throws -> Snooze {
        guard var record = try OccurrenceRecord.fetchOne(db, id: occurrenceID) else { throw StoreError.notFound("occurrence \(occurrenceID)") }
        if let expires = record.expiresAt, endsAt >= expires { throw SnoozeEndsTooLate(occurrenceID: occurrenceID, expires: expires) }
        try Store.move(occurrenceID, to: .snoozed, at: instant, db)
        record = try OccurrenceRecord.fetchOne(db, id: occurrenceID) ?? record
        record.dueAt = endsAt
        // A snoozed line's `updatedAt` is when it was last snoozed, even snoozed again.
        record.updatedAt = instant
        try record.update(db)
        var snooze = Snooze(id: nil, occurrenceID: occurrenceID, snoozedAt: instant, endsAt: endsAt)
        try snooze.insert(db)
        return snooze
    }

    /// The latest snooze of an occurrence, if any.
    public func latestSnooze(of occurrenceID: String) throws -> Snooze? {
        try read("reading snoozes") { db in
            try Snooze.filter(Column("occurrence_id") == occurrenceID).order(Column("snoozed_at").desc, Column("id").desc).fetchOne(db)
        }
    }

    /// Snoozes everything due before `endsAt` until then — one row, whatever the span — and
    /// each of `delivered` (prompts delivered and unanswered, which come again then), in one
    /// transaction.
    @discardableResult
    public func snoozeAll(until endsAt: Instant, at instant: Instant, delivered: [String] = []) throws -> SnoozeAll {
        guard endsAt > instant else { throw StoreError.invalid("a snooze must end after it starts") }
        return try write("snoozing everything") { db in
            for id in delivered { _ = try Self.snooze(id, until: endsAt, at: instant, db) }
            var snooze = SnoozeAll(id: nil, snoozedAt: instant, endsAt: endsAt)
            try snooze.insert(db)
            return snooze
        }
    }

    /// The snoozes of everything that end after `instant` (the only ones that can still
    /// move a prompt due after it), earliest end first.
    public func snoozesOfEverything(endingAfter instant: Instant) throws -> [SnoozeAll] {
        try read("reading snoozes of everything") { db in try Self.snoozesOfEverything(endingAfter: instant, db) }
    }

    static func snoozesOfEverything(endingAfter instant: Instant, _ db: Database) throws -> [SnoozeAll] {
        try SnoozeAll.fetchAll(db.cachedStatement(sql: "SELECT * FROM snooze_all WHERE ends_at > ? ORDER BY ends_at, id"), arguments: [instant])
    }

    /// What holds prompts back or moves them from `from` on, in one read: the pauses that
    /// held prompts back at some instant of `from..<through` (as `pauses(overlapping:)`), and
    /// the snoozes of everything ending after `from`.
    public func holds(from: Instant, through: Instant) throws -> (pauses: [Pause], snoozes: [SnoozeAll]) {
        try read("reading pauses and snoozes") { db in
            (try Self.pauses(overlapping: from, through, db), try Self.snoozesOfEverything(endingAfter: from, db))
        }
    }

    /// Pauses `subject` (or everything, when `nil`) from `startsAt` until `endsAt`.
    @discardableResult
    public func pause(_ subject: String?, from startsAt: Instant, until endsAt: Instant, reason: String = "") throws -> Pause {
        guard endsAt > startsAt else { throw StoreError.invalid("a pause must end after it starts") }
        guard subject?.isEmpty != true else { throw StoreError.invalid("a paused subject cannot be empty; pause everything with none") }
        return try write("pausing") { db in
            var pause = Pause(id: nil, subject: subject, startsAt: startsAt, endsAt: endsAt, resumedAt: nil, reason: reason)
            try pause.insert(db)
            return pause
        }
    }

    /// Ends a pause early.
    public func resume(pause id: Int64, at instant: Instant) throws {
        try write("resuming pause \(id)") { db in
            guard var pause = try Pause.fetchOne(db, key: id) else { throw StoreError.notFound("pause \(id)") }
            guard pause.resumedAt == nil else { return }
            pause.resumedAt = instant
            try pause.update(db)
        }
    }

    /// The pauses that held prompts back at some instant of `from..<through`, resumed ones
    /// included, earliest first.
    public func pauses(overlapping from: Instant, _ through: Instant) throws -> [Pause] {
        try read("reading pauses") { db in try Self.pauses(overlapping: from, through, db) }
    }

    static func pauses(overlapping from: Instant, _ through: Instant, _ db: Database) throws -> [Pause] {
        try Pause.fetchAll(db.cachedStatement(sql: "SELECT * FROM pause WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at, id"), arguments: [through, from])
            .filter { $0.heldUntil > from && $0.heldUntil > $0.startsAt }
    }

    /// The pauses holding prompts back at `instant`.
    public func activePauses(at instant: Instant) throws -> [Pause] {
        try read("reading pauses") { db in
            try Pause.filter(Column("starts_at") <= instant && Column("ends_at") > instant)
                .order(Column("starts_at"), Column("id")).fetchAll(db)
                .filter { $0.isActive(at: instant) }
        }
    }
}

import GRDB
import RungCore
import RungTime

/// One attempt to deliver an occurrence on one channel. It is recorded when it starts and
/// finished when the channel answers, so a crash in between leaves an attempt without an
/// end rather than no trace.
public struct Delivery: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable, Codable {
        case sent, failed
        case timedOut = "timed_out"
    }

    /// Why the attempt was made.
    public enum Purpose: String, Sendable, CaseIterable, Codable {
        /// The first attempt on this channel: the prompt's first channel, or the next one
        /// of its chain after a failure.
        case first
        /// The same channel again, after its previous attempt did not send the prompt.
        case retry
        /// The prompt went unanswered on the channel that delivered it and is sent once
        /// more through the next channel of its chain.
        case escalation
    }

    public var id: Int64?
    public var occurrenceID: String
    /// `desktop`, `email`, `command`, …
    public var channel: String
    public var purpose: Purpose
    public var startedAt: Instant
    public var endedAt: Instant?
    public var outcome: Outcome?
    public var error: String?
    /// When the person closed what this attempt delivered without answering it.
    public var dismissedAt: Instant?

    /// `channel: error` for an attempt that did not send the prompt.
    public var failureReason: String? {
        guard let outcome, outcome != .sent else { return nil }
        return "\(channel): \(error ?? outcome.rawValue)"
    }
}

/// The columns are the properties' names in snake case; a purpose or outcome the schema's
/// CHECK constraints do not list cannot be stored, so decoding one fails rather than
/// guessing. Every delivery reads and writes attempts, yet `Codable` stays: against the
/// hand-written row code it measured about 30 µs more per delivered prompt (release build),
/// which the store's own 0.8–1.5 ms per prompt, varying with the machine's load, hides.
extension Delivery: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "delivery"

    enum CodingKeys: String, CodingKey {
        case id
        case occurrenceID = "occurrence_id"
        case channel, purpose
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case outcome, error
        case dismissedAt = "dismissed_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Delivery: Exportable {
    public static let exportName = "deliveries"
    public static let exportColumns = ["id", "occurrence_id", "channel", "purpose", "started_at", "ended_at", "outcome", "error", "dismissed_at"]
    public var exportValues: [ExportValue] {
        [
            ExportValue(id), .text(occurrenceID), .text(channel), .text(purpose.rawValue), .instant(startedAt),
            ExportValue(endedAt), ExportValue(outcome?.rawValue), ExportValue(error), ExportValue(dismissedAt),
        ]
    }
}

extension Store {
    /// Records the start of an attempt, in one transaction with its effect on the
    /// occurrence: a delivery marks it `delivering`; an escalation leaves it as it is (it
    /// was delivered already). Whether a delivery is a `first` attempt or a `retry` follows
    /// from the attempt before it. Returns the attempt, with its id, to finish later.
    public func beginDelivery(of occurrenceID: String, on channel: String, escalation: Bool = false, at instant: Instant) throws -> Delivery {
        guard !channel.isEmpty else { throw StoreError.invalid("a delivery needs a channel") }
        return try write("starting a delivery of \(occurrenceID)") { db in
            var purpose = Delivery.Purpose.escalation
            if !escalation {
                try Store.move(occurrenceID, to: .delivering, at: instant, db)
                let previous = try Delivery.filter(Column("occurrence_id") == occurrenceID).order(Column("id").desc).fetchOne(db)
                purpose = previous.map { $0.channel == channel && $0.outcome != .sent } == true ? .retry : .first
            } else if try OccurrenceRecord.fetchOne(db, id: occurrenceID) == nil {
                throw StoreError.notFound("occurrence \(occurrenceID)")
            }
            var delivery = Delivery(occurrenceID: occurrenceID, channel: channel, purpose: purpose, startedAt: instant)
            try delivery.insert(db)
            return delivery
        }
    }

    /// Records how an attempt ended; when it was sent, the occurrence becomes `delivered`
    /// (unless it already moved on). One transaction.
    public func finishDelivery(_ id: Int64, outcome: Delivery.Outcome, error: String? = nil, at instant: Instant) throws {
        try write("finishing delivery \(id)") { db in
            guard var delivery = try Delivery.fetchOne(db, key: id) else {
                throw StoreError.notFound("delivery \(id)")
            }
            guard delivery.outcome == nil else {
                throw StoreError.conflict("delivery \(id) already ended (\(delivery.outcome?.rawValue ?? ""))")
            }
            delivery.endedAt = instant
            delivery.outcome = outcome
            delivery.error = error
            try delivery.update(db)
            if outcome == .sent, try OccurrenceRecord.fetchOne(db, id: delivery.occurrenceID)?.state == .delivering {
                try Store.move(delivery.occurrenceID, to: .delivered, at: instant, db)
            }
        }
    }

    /// Records that the person dismissed the prompt `channel` last delivered, without
    /// answering it. Returns false, writing nothing, when that channel delivered nothing
    /// of it (or the dismissal is already recorded).
    @discardableResult
    public func recordDismissal(of occurrenceID: String, on channel: String, at instant: Instant) throws -> Bool {
        try write("recording a dismissal of \(occurrenceID)") { db in
            guard var delivery = try Delivery
                .filter(Column("occurrence_id") == occurrenceID && Column("channel") == channel && Column("outcome") == Delivery.Outcome.sent.rawValue)
                .order(Column("id").desc).fetchOne(db),
                delivery.dismissedAt == nil
            else { return false }
            delivery.dismissedAt = instant
            try delivery.update(db)
            return true
        }
    }

    /// Every attempt for an occurrence, in the order they started.
    public func deliveries(of occurrenceID: String) throws -> [Delivery] {
        try read("listing deliveries") { db in
            try Delivery.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM delivery WHERE occurrence_id = ? ORDER BY started_at, id"), arguments: [occurrenceID])
        }
    }
}

extension Delivery {
    init(occurrenceID: String, channel: String, purpose: Purpose, startedAt: Instant) {
        self.init(
            id: nil, occurrenceID: occurrenceID, channel: channel, purpose: purpose, startedAt: startedAt,
            endedAt: nil, outcome: nil, error: nil, dismissedAt: nil)
    }
}

import GRDB
import RungCore

/// The ledger's line for one prompt the planner scheduled (an `Occurrence`), keyed by its
/// stable occurrence id: the daemon's memory of what it delivered. The id is the primary
/// key, so the same prompt can never be recorded twice, whatever restarts or re-plans happen.
public struct OccurrenceRecord: Sendable, Hashable {
    /// Where the occurrence is in its life. `answered`, `missed` and `expired` are final.
    public enum State: String, Sendable, CaseIterable {
        case planned, delivering, delivered, answered, snoozed, missed, expired
        /// Every channel of its chain failed; it can still be answered or snoozed.
        case failed

        /// Whether nothing may happen to the occurrence any more.
        public var isFinal: Bool { self == .answered || self == .missed || self == .expired }
    }

    public var id: String
    public var kind: PromptKind
    /// `performance:ID` or `ladder:ID`.
    public var subject: String
    public var state: State
    public var dueAt: Instant
    public var deliveredAt: Instant?
    public var updatedAt: Instant

    public init(id: String, kind: PromptKind, subject: String, state: State = .planned, dueAt: Instant, deliveredAt: Instant? = nil, updatedAt: Instant) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.state = state
        self.dueAt = dueAt
        self.deliveredAt = deliveredAt
        self.updatedAt = updatedAt
    }
}

extension OccurrenceRecord {
    /// The ledger line for a planned occurrence, not yet delivered.
    public init(planned occurrence: Occurrence, at instant: Instant) {
        self.init(id: occurrence.id.rawValue, kind: occurrence.kind, subject: occurrence.subject.description,
                  dueAt: occurrence.due, updatedAt: instant)
    }
}

extension OccurrenceRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "occurrence"

    public enum Columns {
        public static let id = Column("id")
        public static let state = Column("state")
        public static let dueAt = Column("due_at")
        public static let subject = Column("subject")
    }

    public init(row: Row) {
        id = row["id"]
        kind = PromptKind(rawValue: row["kind"]) ?? .checkIn
        subject = row["subject"]
        state = State(rawValue: row["state"]) ?? .planned
        dueAt = row["due_at"]
        deliveredAt = row["delivered_at"]
        updatedAt = row["updated_at"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind.rawValue
        container["subject"] = subject
        container["state"] = state.rawValue
        container["due_at"] = dueAt
        container["delivered_at"] = deliveredAt
        container["updated_at"] = updatedAt
    }
}

extension OccurrenceRecord: Exportable {
    public static let exportName = "occurrences"
    public static let exportColumns = ["id", "kind", "subject", "state", "due_at", "delivered_at", "updated_at"]
    public var exportValues: [ExportValue] {
        [.text(id), .text(kind.rawValue), .text(subject), .text(state.rawValue), .instant(dueAt), ExportValue(deliveredAt), .instant(updatedAt)]
    }
}

extension Store {
    /// Records a planned occurrence once. Returns `false`, changing nothing, when its id is
    /// already recorded (a restart or a re-plan proposing the same prompt again).
    @discardableResult
    public func recordPlanned(_ occurrence: OccurrenceRecord) throws -> Bool {
        guard !occurrence.id.isEmpty, !occurrence.subject.isEmpty else {
            throw StoreError.invalid("an occurrence needs an id and a subject")
        }
        var planned = occurrence
        planned.state = .planned
        planned.deliveredAt = nil
        return try write("recording occurrence \(occurrence.id)") { db in
            try planned.insert(db, onConflict: .ignore)
            return db.changesCount == 1
        }
    }

    /// The occurrence with this id, if it was recorded.
    public func occurrence(id: String) throws -> OccurrenceRecord? {
        try read("reading occurrence \(id)") { db in try OccurrenceRecord.fetchOne(db, key: id) }
    }

    /// Occurrences in one of `states`, due within `dueFrom...dueBy` when given, earliest first.
    public func occurrences(in states: Set<OccurrenceRecord.State>, dueFrom: Instant? = nil, dueBy: Instant? = nil) throws -> [OccurrenceRecord] {
        try read("listing occurrences") { db in
            var request = OccurrenceRecord.filter(states.map(\.rawValue).contains(OccurrenceRecord.Columns.state))
            if let dueFrom { request = request.filter(OccurrenceRecord.Columns.dueAt >= dueFrom) }
            if let dueBy { request = request.filter(OccurrenceRecord.Columns.dueAt <= dueBy) }
            return try request.order(OccurrenceRecord.Columns.dueAt, OccurrenceRecord.Columns.id).fetchAll(db)
        }
    }

    /// How many occurrences are in one of `states`, counted by SQLite (the ledger grows for
    /// years; status must not read it all).
    public func occurrenceCount(in states: Set<OccurrenceRecord.State>) throws -> Int {
        try read("counting occurrences") { db in
            try OccurrenceRecord.filter(states.map(\.rawValue).contains(OccurrenceRecord.Columns.state)).fetchCount(db)
        }
    }

    /// Moves an occurrence to `state`. A final state never changes and nothing goes back
    /// to `planned`; `delivered` records its first delivery instant.
    public func setState(_ state: OccurrenceRecord.State, ofOccurrence id: String, at instant: Instant) throws {
        try write("updating occurrence \(id)") { db in
            try Store.move(id, to: state, at: instant, db)
        }
    }

    static func move(_ id: String, to state: OccurrenceRecord.State, at instant: Instant, _ db: Database) throws {
        guard var occurrence = try OccurrenceRecord.fetchOne(db, key: id) else {
            throw StoreError.notFound("occurrence \(id)")
        }
        if occurrence.state == state { return }
        guard !occurrence.state.isFinal, state != .planned else {
            throw StoreError.conflict("occurrence \(id) is \(occurrence.state.rawValue); it cannot become \(state.rawValue)")
        }
        occurrence.state = state
        occurrence.updatedAt = instant
        if state == .delivered, occurrence.deliveredAt == nil {
            occurrence.deliveredAt = instant
        }
        try occurrence.update(db)
    }
}

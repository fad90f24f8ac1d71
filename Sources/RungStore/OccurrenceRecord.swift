import GRDB
import RungCore
import RungTime

/// The ledger's line for one prompt the planner scheduled (an `Occurrence`), keyed by its
/// stable occurrence id: the daemon's memory of what it delivered. The id is the primary
/// key, so the same prompt can never be recorded twice, whatever restarts or re-plans happen.
public struct OccurrenceRecord: Sendable, Hashable {
    /// Where the occurrence is in its life. `answered`, `missed`, `expired` and `paused`
    /// are final; `delivered` and `failed` end a delivery but can still be answered or
    /// snoozed; `planned` and `snoozed` wait for their due instant.
    public enum State: String, Sendable, CaseIterable {
        case planned, delivering, delivered, answered, snoozed, missed, expired
        /// Every channel of its chain failed; it can still be answered or snoozed.
        case failed
        /// It fell due during a pause, and a pause means not being prompted: it is not
        /// sent later.
        case paused

        /// Whether nothing may happen to the occurrence any more.
        public var isFinal: Bool { self == .answered || self == .missed || self == .expired || self == .paused }

        /// The states of a prompt waiting for its due instant: the pass delivers it then.
        public static let pending: Set<State> = [.planned, .snoozed]
    }

    public var id: String
    public var kind: PromptKind
    /// `performance:ID` or `ladder:ID`.
    public var subject: String
    public var state: State
    public var dueAt: Instant
    public var deliveredAt: Instant?
    public var updatedAt: Instant
    /// What it takes to deliver the prompt later as planned (nil on lines from before the
    /// ledger kept them): the schedule identity, the nominal instant, the expiry, the
    /// performance's start and the debrief a re-nudge follows.
    public var schedule: String?
    public var scheduledAt: Instant?
    public var expiresAt: Instant?
    public var performanceStart: Instant?
    public var follows: String?
    /// Why it reached its final state (missed, expired, paused), in words.
    public var reason: String?

    public init(
        id: String, kind: PromptKind, subject: String, state: State = .planned, dueAt: Instant, deliveredAt: Instant? = nil,
        updatedAt: Instant, schedule: String? = nil, scheduledAt: Instant? = nil, expiresAt: Instant? = nil,
        performanceStart: Instant? = nil, follows: String? = nil, reason: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.state = state
        self.dueAt = dueAt
        self.deliveredAt = deliveredAt
        self.updatedAt = updatedAt
        self.schedule = schedule
        self.scheduledAt = scheduledAt
        self.expiresAt = expiresAt
        self.performanceStart = performanceStart
        self.follows = follows
        self.reason = reason
    }
}

extension OccurrenceRecord {
    /// The ledger line for a planned occurrence, not yet delivered, due at its `due`.
    public init(planned occurrence: Occurrence, at instant: Instant) {
        self.init(
            id: occurrence.id.rawValue, kind: occurrence.kind, subject: occurrence.subject.description,
            dueAt: occurrence.due, updatedAt: instant, schedule: occurrence.schedule, scheduledAt: occurrence.scheduledAt,
            expiresAt: occurrence.expires, performanceStart: occurrence.performanceStart, follows: occurrence.follows?.rawValue)
    }

    /// The occurrence this line records, due at its `dueAt`, with `channels` as its chain;
    /// nil for a line from before the ledger kept the plan, or whose subject is unreadable.
    public func occurrence(channels: [String]) -> Occurrence? {
        guard let schedule, let scheduledAt, let expiresAt, let subject = PlanSubject(parsing: subject) else { return nil }
        var occurrence = Occurrence(
            kind: kind, subject: subject, schedule: schedule, scheduledAt: scheduledAt, expires: expiresAt,
            channels: channels, performanceStart: performanceStart, follows: follows.map(OccurrenceID.init(rawValue:)))
        occurrence.due = dueAt
        if state == .snoozed { occurrence.snoozedAt = updatedAt }
        return occurrence
    }
}

/// Read and written by hand, unlike the other one-column-per-property records: every pass,
/// claim and delivery reads and writes ledger lines, and GRDB's `Codable` coding measured
/// slower on them (release build on a loaded 2-core machine, 10 000 lines of 13 columns,
/// medians of 15 interleaved rounds, two runs): reading all of them 74–87 ms by hand against
/// 157–205 ms through `Codable` (2.1–2.4 times), one line by id 16–22 µs against 28–30 µs,
/// an insert 1.2–1.4 times and an update 1.1–1.3 times as long.
extension OccurrenceRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "occurrence"

    public enum Columns {
        public static let id = Column("id")
        public static let state = Column("state")
        public static let dueAt = Column("due_at")
        public static let subject = Column("subject")
        public static let scheduledAt = Column("scheduled_at")
    }

    public init(row: Row) {
        id = row["id"]
        kind = PromptKind(rawValue: row["kind"]) ?? .checkIn
        subject = row["subject"]
        state = State(rawValue: row["state"]) ?? .planned
        dueAt = row["due_at"]
        deliveredAt = row["delivered_at"]
        updatedAt = row["updated_at"]
        schedule = row["schedule"]
        scheduledAt = row["scheduled_at"]
        expiresAt = row["expires_at"]
        performanceStart = row["performance_start"]
        follows = row["follows"]
        reason = row["reason"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind.rawValue
        container["subject"] = subject
        container["state"] = state.rawValue
        container["due_at"] = dueAt
        container["delivered_at"] = deliveredAt
        container["updated_at"] = updatedAt
        container["schedule"] = schedule
        container["scheduled_at"] = scheduledAt
        container["expires_at"] = expiresAt
        container["performance_start"] = performanceStart
        container["follows"] = follows
        container["reason"] = reason
    }
}

extension OccurrenceRecord {
    /// The line with this id, read through the connection's statement cache: every pass,
    /// claim and delivery asks.
    static func fetchOne(_ db: Database, id: String) throws -> OccurrenceRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM occurrence WHERE id = ?"), arguments: [id])
    }
}

extension OccurrenceRecord: Exportable {
    public static let exportName = "occurrences"
    public static let exportColumns = ["id", "kind", "subject", "state", "reason", "scheduled_at", "due_at", "expires_at", "delivered_at", "updated_at"]
    public var exportValues: [ExportValue] {
        [
            .text(id), .text(kind.rawValue), .text(subject), .text(state.rawValue), ExportValue(reason), ExportValue(scheduledAt),
            .instant(dueAt), ExportValue(expiresAt), ExportValue(deliveredAt), .instant(updatedAt),
        ]
    }
}

extension Store {
    /// Records a planned occurrence once. Returns `false`, changing nothing, when its id is
    /// already recorded (a restart or a re-plan proposing the same prompt again).
    @discardableResult
    public func recordPlanned(_ occurrence: OccurrenceRecord) throws -> Bool {
        try recordPlanned([occurrence]) == 1
    }

    /// Records planned occurrences, each once, in one transaction; returns how many were new.
    /// With `pass`, records in the same transaction that the daemon's pass ran then: the
    /// plan up to it is in the ledger.
    @discardableResult
    public func recordPlanned(_ occurrences: [OccurrenceRecord], pass: Instant? = nil) throws -> Int {
        guard !occurrences.isEmpty || pass != nil else { return 0 }
        for occurrence in occurrences where occurrence.id.isEmpty || occurrence.subject.isEmpty {
            throw StoreError.invalid("an occurrence needs an id and a subject")
        }
        return try write("recording \(occurrences.count) planned occurrence(s)") { db in
            var added = 0
            for occurrence in occurrences {
                var planned = occurrence
                planned.state = .planned
                planned.deliveredAt = nil
                planned.reason = nil
                try planned.insert(db, onConflict: .ignore)
                added += db.changesCount
            }
            if let pass { try Self.recordPass(at: pass, db) }
            return added
        }
    }

    /// Takes a prompt for delivery: records it if the ledger has not seen it, and moves it
    /// to `delivering` only if it is in one of `from` — a compare-and-set inside one
    /// transaction, so no two deliveries of it can start. Returns false, changing nothing,
    /// when it is in another state.
    public func claim(_ occurrence: OccurrenceRecord, from: Set<OccurrenceRecord.State> = OccurrenceRecord.State.pending, at instant: Instant) throws -> Bool {
        try write("claiming occurrence \(occurrence.id)") { db in
            var planned = occurrence
            planned.state = .planned
            planned.deliveredAt = nil
            try planned.insert(db, onConflict: .ignore)
            try db.execute(
                sql: "UPDATE occurrence SET state = 'delivering', updated_at = ? WHERE id = ? AND state IN (\(databaseQuestionMarks(count: from.count)))",
                arguments: StatementArguments([instant.databaseValue, occurrence.id.databaseValue] + from.map(\.rawValue.databaseValue)))
            return db.changesCount == 1
        }
    }

    /// Moves a prompt that is not final yet to the final `state`, with the reason in words;
    /// records it first if the ledger has not seen it. Returns false, changing nothing,
    /// when it had reached a final state already.
    @discardableResult
    public func settle(_ occurrence: OccurrenceRecord, as state: OccurrenceRecord.State, reason: String, at instant: Instant) throws -> Bool {
        precondition(state.isFinal || state == .failed, "settle takes a final state")
        return try write("settling occurrence \(occurrence.id)") { db in
            var planned = occurrence
            planned.state = .planned
            planned.deliveredAt = nil
            try planned.insert(db, onConflict: .ignore)
            guard var record = try OccurrenceRecord.fetchOne(db, id: occurrence.id), !record.state.isFinal else { return false }
            record.state = state
            record.reason = reason
            record.updatedAt = instant
            try record.update(db)
            return true
        }
    }

    /// The occurrence with this id, if it was recorded.
    public func occurrence(id: String) throws -> OccurrenceRecord? {
        try read("reading occurrence \(id)") { db in try OccurrenceRecord.fetchOne(db, id: id) }
    }

    /// Occurrences in one of `states`, due within `dueFrom...dueBy` when given, earliest
    /// first; the first `limit` of them when given.
    public func occurrences(
        in states: Set<OccurrenceRecord.State>, dueFrom: Instant? = nil, dueBy: Instant? = nil, limit: Int? = nil
    ) throws -> [OccurrenceRecord] {
        try read("listing occurrences") { db in
            // Plain SQL through the connection's statement cache: every pass asks this.
            var sql = "SELECT * FROM occurrence WHERE state IN (\(databaseQuestionMarks(count: states.count)))"
            var arguments = StatementArguments(states.map(\.rawValue).sorted().map(\.databaseValue))
            if let dueFrom {
                sql += " AND due_at >= ?"
                arguments += [dueFrom]
            }
            if let dueBy {
                sql += " AND due_at <= ?"
                arguments += [dueBy]
            }
            sql += " ORDER BY due_at, id"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try OccurrenceRecord.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        }
    }

    /// The state of each line whose nominal instant is `from` or later (for `from` where the
    /// plan not yet in the ledger starts: the prompts snoozed or answered ahead of time), by
    /// id: one query.
    public func states(scheduledFrom from: Instant) throws -> [String: OccurrenceRecord.State] {
        try read("reading the states of recent prompts") { db in
            try Self.states(db, sql: "SELECT id, state FROM occurrence WHERE scheduled_at >= ?", arguments: [from])
        }
    }

    /// The state of each of `ids` the ledger has, by id: one query per 500 ids.
    public func states(of ids: [String]) throws -> [String: OccurrenceRecord.State] {
        let unique = Array(Set(ids))
        return try read("reading the states of prompts") { db in
            var states: [String: OccurrenceRecord.State] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = unique[start..<min(start + 500, unique.count)]
                states.merge(try Self.states(
                    db, sql: "SELECT id, state FROM occurrence WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk.map(\.databaseValue)))) { first, _ in first }
            }
            return states
        }
    }

    private static func states(_ db: Database, sql: String, arguments: StatementArguments) throws -> [String: OccurrenceRecord.State] {
        var states: [String: OccurrenceRecord.State] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            states[row["id"]] = OccurrenceRecord.State(rawValue: row["state"]) ?? .planned
        }
        return states
    }

    /// Occurrences in one of `states` that expire after `instant` (lines without an expiry
    /// included), earliest due first: those a snooze can still bring back.
    public func occurrences(in states: Set<OccurrenceRecord.State>, expiringAfter instant: Instant) throws -> [OccurrenceRecord] {
        try read("listing occurrences") { db in
            try OccurrenceRecord.filter(states.map(\.rawValue).contains(OccurrenceRecord.Columns.state))
                .filter(Column("expires_at") == nil || Column("expires_at") > instant)
                .order(OccurrenceRecord.Columns.dueAt, OccurrenceRecord.Columns.id).fetchAll(db)
        }
    }

    /// Fills in the plan of a line written before the ledger kept it (schedule, nominal
    /// instant, expiry, start, the debrief it follows), from `planned`; its state and due
    /// instant stay.
    public func completePlan(of id: String, with planned: OccurrenceRecord) throws {
        try write("completing occurrence \(id)") { db in
            try db.execute(sql: """
                UPDATE occurrence SET schedule = ?, scheduled_at = ?, expires_at = ?, performance_start = ?, follows = ?
                WHERE id = ? AND schedule IS NULL
                """, arguments: [planned.schedule, planned.scheduledAt, planned.expiresAt, planned.performanceStart, planned.follows, id])
        }
    }

    /// The re-nudge that follows up `debriefID`, if the ledger has it.
    public func followUp(of debriefID: String) throws -> OccurrenceRecord? {
        try read("reading the follow-up of \(debriefID)") { db in
            try OccurrenceRecord.filter(Column("follows") == debriefID).fetchOne(db)
        }
    }

    /// The ids of the lines of `kind` in `state` whose nominal instant is `from` or later.
    public func occurrenceIDs(of kind: PromptKind, in state: OccurrenceRecord.State, scheduledFrom from: Instant) throws -> Set<String> {
        try read("listing prompts") { db in
            Set(try String.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM occurrence WHERE scheduled_at >= ? AND kind = ? AND state = ?"),
                arguments: [from, kind.rawValue, state.rawValue]))
        }
    }

    /// The latest nominal instant of a check-in of `subject` that reached the ledger, if any.
    public func latestCheckIn(of subject: String) throws -> Instant? {
        try read("reading check-ins") { db in
            try Instant.fetchOne(db, sql: "SELECT max(scheduled_at) FROM occurrence WHERE subject = ? AND kind = 'check_in'", arguments: [subject])
        }
    }

    /// How many lines are in each state, and how many were delivered at least once: one
    /// query, for `status`.
    public func ledgerCounts() throws -> (byState: [OccurrenceRecord.State: Int], delivered: Int) {
        try read("counting occurrences") { db in
            var byState: [OccurrenceRecord.State: Int] = [:]
            var delivered = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT state, count(*) AS lines, count(delivered_at) AS delivered FROM occurrence GROUP BY state")
            while let row = try rows.next() {
                if let state = OccurrenceRecord.State(rawValue: row["state"]) { byState[state] = row["lines"] }
                delivered += row["delivered"] as Int
            }
            return (byState, delivered)
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
        guard var occurrence = try OccurrenceRecord.fetchOne(db, id: id) else {
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

import GRDB
import RungCore
import RungTime

/// A structured debrief of one attempt at a performance, in After Action Review order:
/// the outcome, what was planned, what happened, why, one thing to keep and one to change,
/// and self-efficacy for the next attempt. An outcome given by a notification button is
/// a debrief not yet completed: it has the outcome alone until `rungctl debrief` completes
/// it, in place.
public struct Debrief: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable, Codable {
        case success, partial, miss
    }

    public var id: Int64?
    /// The debrief prompt it answers, when it answers one.
    public var occurrenceID: String?
    public var performance: String
    /// The ladder's id for a performance on a ladder, else the performance's own id.
    public var skill: String
    public var rung: Int?
    /// When the attempt began, when known.
    public var attemptStart: Instant?
    public var outcome: Outcome
    /// What was planned, starting from the prediction.
    public var planned: String
    /// What happened: facts a camera could have recorded.
    public var happened: String
    /// Why it went as it did: what was in the person's control.
    public var why: String
    /// What worked, from debriefs recorded before `why` and `keep` said it; new ones leave it empty.
    public var whatWorked: String
    public var keep: String
    /// One thing to change next time: an action, quoted in the next reframe.
    public var change: String
    /// Self-efficacy for the next attempt, 0–100 (Bandura's scale); nil until completed.
    public var selfEfficacy: Int?
    /// Whether the feared outcome happened (expectancy violation when it did not).
    public var fearedHappened: Bool?
    /// Distress during the attempt, 0–100: logged, never a gate.
    public var distress: Int?
    /// Aids used (notes, a friend in the room), if any.
    public var aids: String?
    public var recordedAt: Instant
    /// When the whole debrief was given; nil while it holds only an outcome.
    public var completedAt: Instant?

    public init(
        id: Int64? = nil, occurrenceID: String? = nil, performance: String, skill: String, rung: Int? = nil,
        attemptStart: Instant? = nil, outcome: Outcome, planned: String = "", happened: String = "", why: String = "",
        whatWorked: String = "", keep: String = "", change: String = "", selfEfficacy: Int?,
        fearedHappened: Bool? = nil, distress: Int? = nil, aids: String? = nil, recordedAt: Instant, completedAt: Instant? = nil
    ) {
        self.id = id
        self.occurrenceID = occurrenceID
        self.performance = performance
        self.skill = skill
        self.rung = rung
        self.attemptStart = attemptStart
        self.outcome = outcome
        self.planned = planned
        self.happened = happened
        self.why = why
        self.whatWorked = whatWorked
        self.keep = keep
        self.change = change
        self.selfEfficacy = selfEfficacy
        self.fearedHappened = fearedHappened
        self.distress = distress
        self.aids = aids
        self.recordedAt = recordedAt
        self.completedAt = completedAt
    }

    /// Whether the whole debrief was given, not only its outcome.
    public var isCompleted: Bool { completedAt != nil }

    func validate() throws {
        if let selfEfficacy, !(0...100).contains(selfEfficacy) {
            throw StoreError.invalid("self-efficacy \(selfEfficacy) is out of range; rate 0 (cannot do at all) to 100 (highly certain I can)")
        }
        if completedAt != nil, selfEfficacy == nil {
            throw StoreError.invalid("a completed debrief needs your confidence for the next attempt, 0–100")
        }
        if let distress, !(0...100).contains(distress) {
            throw StoreError.invalid("distress \(distress) is out of range; rate 0 to 100")
        }
        guard !performance.isEmpty else { throw StoreError.invalid("a debrief needs the performance it is about") }
        try Evidence.validateSkill(skill)
        if let rung, rung < 1 { throw StoreError.invalid("rung \(rung) is not a rung; rungs are numbered from 1") }
        let answers = [("what you planned", planned), ("what happened", happened), ("why", why), ("what worked", whatWorked),
                       ("what to keep", keep), ("what to change", change), ("the aids", aids ?? "")]
        if let problem = answers.lazy.compactMap({ TextLimits.problem($0.1, field: "the answer to \($0.0)", limit: TextLimits.text) }).first {
            throw StoreError.invalid(problem)
        }
    }
}

/// The columns are the properties' names in snake case; an outcome the schema's CHECK
/// constraint does not list cannot be stored, so decoding one fails rather than guessing.
extension Debrief: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "debrief"

    enum CodingKeys: String, CodingKey {
        case id
        case occurrenceID = "occurrence_id"
        case performance, skill, rung
        case attemptStart = "attempt_start"
        case outcome, planned, happened, why
        case whatWorked = "what_worked"
        case keep, change
        case selfEfficacy = "self_efficacy"
        case fearedHappened = "feared_happened"
        case distress, aids
        case recordedAt = "recorded_at"
        case completedAt = "completed_at"
    }

    /// Read by hand rather than through `Decodable`, which costs several times SQLite's own
    /// read for a record of this many columns; the coaching rules and the report read every
    /// debrief of a ladder.
    public init(row: Row) throws {
        guard let outcome = Outcome(rawValue: row["outcome"]) else {
            throw StoreError.invalid("debrief \(row["id"] as Int64? ?? 0) has an outcome Rung does not know: \(row["outcome"] as String? ?? "none")")
        }
        id = row["id"]
        occurrenceID = row["occurrence_id"]
        performance = row["performance"]
        skill = row["skill"]
        rung = row["rung"]
        attemptStart = row["attempt_start"]
        self.outcome = outcome
        planned = row["planned"]
        happened = row["happened"]
        why = row["why"]
        whatWorked = row["what_worked"]
        keep = row["keep"]
        change = row["change"]
        selfEfficacy = row["self_efficacy"]
        fearedHappened = row["feared_happened"]
        distress = row["distress"]
        aids = row["aids"]
        recordedAt = row["recorded_at"]
        completedAt = row["completed_at"]
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Debrief: Exportable {
    public static let exportName = "debriefs"
    public static let exportColumns = [
        "id", "occurrence_id", "performance", "skill", "rung", "outcome", "what_worked", "keep", "change",
        "self_efficacy", "feared_happened", "distress", "recorded_at",
        "attempt_start", "planned", "happened", "why", "aids", "completed_at",
    ]
    /// The columns shipped first keep their place; the After Action Review's come after them.
    public var exportValues: [ExportValue] {
        [ExportValue(id), ExportValue(occurrenceID), .text(performance), .text(skill), ExportValue(rung), .text(outcome.rawValue),
         .text(whatWorked), .text(keep), .text(change), ExportValue(selfEfficacy), ExportValue(fearedHappened),
         ExportValue(distress), .instant(recordedAt),
         ExportValue(attemptStart), .text(planned), .text(happened), .text(why), ExportValue(aids), ExportValue(completedAt)]
    }
}

extension Store {
    /// Records a completed debrief (it needs a self-efficacy). When it answers a prompt
    /// whose outcome a button already gave, it completes that debrief in place (keeping
    /// its id and when the outcome was recorded); a prompt already debriefed in full is
    /// refused. The prompt is marked answered, and its outcome stands as its answer when
    /// no button gave one, so a later button press is refused like any second answer.
    /// When `evidence` is given (the success it describes), it is added to the log drawn
    /// from this debrief. Returns both as recorded, with their numbers. All in one transaction; nothing is written when any part is refused.
    @discardableResult
    public func recordDebrief(_ debrief: Debrief, evidence: Evidence? = nil) throws -> (debrief: Debrief, evidence: Evidence?) {
        var debrief = debrief
        debrief.id = nil
        debrief.completedAt = debrief.completedAt ?? debrief.recordedAt
        try debrief.validate()
        try evidence?.validate()
        return try write("recording a debrief") { db in
            if let occurrenceID = debrief.occurrenceID, let earlier = try Self.debrief(answering: occurrenceID, db) {
                guard !earlier.isCompleted else {
                    throw StoreError.conflict("the debrief of \(occurrenceID) was already given; it stands as #\(earlier.id ?? 0)")
                }
                debrief.id = earlier.id
                debrief.recordedAt = earlier.recordedAt
                try debrief.update(db)
            } else {
                try debrief.insert(db)
            }
            if let occurrenceID = debrief.occurrenceID, let occurrence = try OccurrenceRecord.fetchOne(db, id: occurrenceID) {
                let at = debrief.completedAt ?? debrief.recordedAt
                if !occurrence.state.isFinal { try Store.move(occurrenceID, to: .answered, at: at, db) }
                let answered = try Response.filter(Column("occurrence_id") == occurrenceID && Column("replaced_at") == nil).fetchCount(db) > 0
                if !answered {
                    var response = Response(occurrenceID: occurrenceID, answer: debrief.outcome.rawValue, via: .cli, answeredAt: at)
                    try response.insert(db)
                }
            }
            let entry = try evidence.map { entry in
                var entry = entry
                entry.id = nil
                entry.source = .debrief(id: debrief.id)
                try entry.insert(db)
                return entry
            }
            return (debrief, entry)
        }
    }

    /// Records the outcome an answer gave to the debrief prompt `outcome.occurrenceID`, as
    /// a debrief to complete later, inside the answer's transaction; a replaced answer
    /// changes the outcome of a debrief not yet completed. A completed debrief is left as
    /// it is, and so is an outcome the debrief could not be filed under (a ladder id that
    /// is not a well-formed skill): the answer itself is never refused for it.
    static func recordOutcome(_ outcome: Debrief, _ db: Database) throws {
        guard let occurrenceID = outcome.occurrenceID, (try? outcome.validate()) != nil else { return }
        if var earlier = try debrief(answering: occurrenceID, db) {
            guard !earlier.isCompleted, earlier.outcome != outcome.outcome else { return }
            earlier.outcome = outcome.outcome
            try earlier.update(db)
        } else {
            var outcome = outcome
            try outcome.insert(db)
        }
    }

    /// The debrief that answers the prompt `occurrenceID`, if any.
    public func debrief(answering occurrenceID: String) throws -> Debrief? {
        try read("reading the debrief of \(occurrenceID)") { db in try Self.debrief(answering: occurrenceID, db) }
    }

    private static func debrief(answering occurrenceID: String, _ db: Database) throws -> Debrief? {
        try Debrief.filter(Column("occurrence_id") == occurrenceID).order(Column("id")).fetchOne(db)
    }

    /// Debriefs on a skill (optionally one rung), newest first: what the ladder rules read.
    public func debriefs(skill: String, rung: Int? = nil, limit: Int? = nil) throws -> [Debrief] {
        try read("listing debriefs") { db in
            var request = Debrief.filter(Column("skill") == skill)
            if let rung { request = request.filter(Column("rung") == rung) }
            return try request.order(Column("recorded_at").desc, Column("id").desc).limit(limit ?? Int.max).fetchAll(db)
        }
    }
}

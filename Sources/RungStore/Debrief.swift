import GRDB
import RungCore
import RungTime

/// A structured debrief of one performance, in After Action Review order: outcome, what
/// worked, one thing to keep, one to change, and self-efficacy for the next attempt.
public struct Debrief: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable, Codable {
        case success, partial, miss
    }

    public var id: Int64?
    /// The debrief prompt it answers, when it answers one.
    public var occurrenceID: String?
    public var performance: String
    public var skill: String
    public var rung: Int?
    public var outcome: Outcome
    public var whatWorked: String
    public var keep: String
    public var change: String
    /// Self-efficacy for the next attempt, 0–100 (Bandura's scale).
    public var selfEfficacy: Int
    /// Whether the feared outcome happened (expectancy violation when it did not).
    public var fearedHappened: Bool?
    /// Distress during the attempt, 0–100: logged, never a gate.
    public var distress: Int?
    public var recordedAt: Instant

    public init(
        id: Int64? = nil, occurrenceID: String? = nil, performance: String, skill: String, rung: Int? = nil,
        outcome: Outcome, whatWorked: String = "", keep: String = "", change: String = "", selfEfficacy: Int,
        fearedHappened: Bool? = nil, distress: Int? = nil, recordedAt: Instant
    ) {
        self.id = id
        self.occurrenceID = occurrenceID
        self.performance = performance
        self.skill = skill
        self.rung = rung
        self.outcome = outcome
        self.whatWorked = whatWorked
        self.keep = keep
        self.change = change
        self.selfEfficacy = selfEfficacy
        self.fearedHappened = fearedHappened
        self.distress = distress
        self.recordedAt = recordedAt
    }

    func validate() throws {
        guard (0...100).contains(selfEfficacy) else {
            throw StoreError.invalid("self-efficacy \(selfEfficacy) is out of range; rate 0 (cannot do at all) to 100 (highly certain I can)")
        }
        if let distress, !(0...100).contains(distress) {
            throw StoreError.invalid("distress \(distress) is out of range; rate 0 to 100")
        }
        guard !performance.isEmpty else { throw StoreError.invalid("a debrief needs the performance it is about") }
        try Evidence.validateSkill(skill)
        if let rung, rung < 1 { throw StoreError.invalid("rung \(rung) is not a rung; rungs are numbered from 1") }
    }
}

/// The columns are the properties' names in snake case; an outcome the schema's CHECK
/// constraint does not list cannot be stored, so decoding one fails rather than guessing.
extension Debrief: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "debrief"

    enum CodingKeys: String, CodingKey {
        case id
        case occurrenceID = "occurrence_id"
        case performance, skill, rung, outcome
        case whatWorked = "what_worked"
        case keep, change
        case selfEfficacy = "self_efficacy"
        case fearedHappened = "feared_happened"
        case distress
        case recordedAt = "recorded_at"
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
    ]
    public var exportValues: [ExportValue] {
        [ExportValue(id), ExportValue(occurrenceID), .text(performance), .text(skill), ExportValue(rung), .text(outcome.rawValue),
         .text(whatWorked), .text(keep), .text(change), ExportValue(selfEfficacy), ExportValue(fearedHappened),
         ExportValue(distress), .instant(recordedAt)]
    }
}

extension Store {
    /// Records a debrief; when it answers a prompt, also marks that occurrence answered.
    /// When `evidence` is given (the success it describes), it is added to the log drawn
    /// from this debrief. All in one transaction; nothing is written when any part is refused.
    @discardableResult
    public func recordDebrief(_ debrief: Debrief, evidence: Evidence? = nil) throws -> Debrief {
        try debrief.validate()
        try evidence?.validate()
        var debrief = debrief
        debrief.id = nil
        return try write("recording a debrief") { db in
            try debrief.insert(db)
            if let occurrenceID = debrief.occurrenceID,
               let occurrence = try OccurrenceRecord.fetchOne(db, id: occurrenceID), !occurrence.state.isFinal {
                try Store.move(occurrenceID, to: .answered, at: debrief.recordedAt, db)
            }
            if var entry = evidence {
                entry.id = nil
                entry.source = .debrief(id: debrief.id)
                try entry.insert(db)
            }
            return debrief
        }
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

import GRDB
import RungCore
import RungTime

/// How sure the person is, before one attempt, that they can do it (self-efficacy on
/// Bandura's 0–100 scale, about this attempt and nothing broader), and what they fear will
/// happen. The debrief starts from it ("what was planned"), and the feared outcome is what
/// the debrief asks about afterwards.
public struct Prediction: Sendable, Hashable {
    public var id: Int64?
    /// The performance the attempt is an occurrence of.
    public var performance: String
    /// When the attempt starts: it names the attempt among a recurring performance's.
    public var attemptStart: Instant
    /// 0 "cannot do at all", 50 "moderately certain I can", 100 "highly certain I can".
    public var selfEfficacy: Int
    /// What the person fears will happen, in their words, if they said.
    public var fear: String?
    public var recordedAt: Instant
    /// When a later prediction for the same attempt replaced this one; nil while it stands.
    public var replacedAt: Instant?

    public init(
        id: Int64? = nil, performance: String, attemptStart: Instant, selfEfficacy: Int, fear: String? = nil,
        recordedAt: Instant, replacedAt: Instant? = nil
    ) {
        self.id = id
        self.performance = performance
        self.attemptStart = attemptStart
        self.selfEfficacy = selfEfficacy
        self.fear = fear
        self.recordedAt = recordedAt
        self.replacedAt = replacedAt
    }

    func validate() throws {
        guard !performance.isEmpty else { throw StoreError.invalid("a prediction needs the performance it is about") }
        if case .failure(let refusal) = PredictionRule.checked(confidence: selfEfficacy) {
            throw StoreError.invalid(refusal.message(in: .utc))
        }
        if let fear, fear.allSatisfy(\.isWhitespace) {
            throw StoreError.invalid("the feared outcome is empty; say what you fear will happen, or leave it out")
        }
        if let fear, let problem = TextLimits.problem(fear, field: "the feared outcome", limit: TextLimits.text) {
            throw StoreError.invalid(problem)
        }
    }
}

extension Prediction: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "prediction"

    enum CodingKeys: String, CodingKey {
        case id, performance, fear
        case attemptStart = "attempt_start"
        case selfEfficacy = "self_efficacy"
        case recordedAt = "recorded_at"
        case replacedAt = "replaced_at"
    }

    /// Read by hand: `Decodable` costs more than the read, and a ladder's record reads every
    /// prediction of its performances.
    public init(row: Row) {
        id = row["id"]
        performance = row["performance"]
        attemptStart = row["attempt_start"]
        selfEfficacy = row["self_efficacy"]
        fear = row["fear"]
        recordedAt = row["recorded_at"]
        replacedAt = row["replaced_at"]
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Prediction: Exportable {
    public static let exportName = "predictions"
    public static let exportColumns = ["id", "performance", "attempt_start", "self_efficacy", "fear", "recorded_at", "replaced_at"]
    public var exportValues: [ExportValue] {
        [ExportValue(id), .text(performance), .instant(attemptStart), ExportValue(selfEfficacy), ExportValue(fear),
         .instant(recordedAt), ExportValue(replacedAt)]
    }
}

extension Store {
    /// What `predict` recorded.
    public enum Predicted: Hashable, Sendable {
        /// The attempt's first prediction.
        case recorded(Prediction)
        /// A new prediction for the attempt; the one it replaced is kept, marked replaced.
        case replaced(Prediction, previous: Prediction)
    }

    /// Records `prediction` for its attempt, at `prediction.recordedAt`. One prediction
    /// stands per attempt: a second one made before the attempt starts replaces the
    /// first (which is kept, marked replaced); from the attempt's start on, a prediction
    /// is refused, since it would no longer be one.
    public func predict(_ prediction: Prediction) throws -> Predicted {
        try prediction.validate()
        var prediction = prediction
        prediction.id = nil
        prediction.replacedAt = nil
        return try write("recording a prediction for \(prediction.performance)") { db in
            let previous = try Self.standingPrediction(performance: prediction.performance, attemptStart: prediction.attemptStart, db)
            let window = PredictionRule.write(forAttemptStartingAt: prediction.attemptStart, at: prediction.recordedAt, hasPrediction: previous != nil)
            if case .failure(let refusal) = window { throw StoreError.conflict(refusal.message(in: .utc)) }
            if var previous {
                previous.replacedAt = prediction.recordedAt
                try previous.update(db)
                try prediction.insert(db)
                return .replaced(prediction, previous: previous)
            }
            try prediction.insert(db)
            return .recorded(prediction)
        }
    }

    /// The prediction standing for the attempt of `performance` that starts at `attemptStart`.
    public func prediction(performance: String, attemptStart: Instant) throws -> Prediction? {
        try read("reading the prediction for \(performance)") { db in
            try Self.standingPrediction(performance: performance, attemptStart: attemptStart, db)
        }
    }

    /// The standing predictions for `performance`, newest attempt first.
    public func predictions(performance: String) throws -> [Prediction] {
        try read("reading the predictions for \(performance)") { db in
            try Prediction.filter(Column("performance") == performance && Column("replaced_at") == nil)
                .order(Column("attempt_start").desc).fetchAll(db)
        }
    }

    private static func standingPrediction(performance: String, attemptStart: Instant, _ db: Database) throws -> Prediction? {
        try Prediction.filter(
            Column("performance") == performance && Column("attempt_start") == attemptStart && Column("replaced_at") == nil
        ).fetchOne(db)
    }
}

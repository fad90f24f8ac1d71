import GRDB
import RungCore
import RungTime

/// How sure the person is that they can do one rung of a ladder, 0–100 (Bandura's scale),
/// rated for the rung itself with `rungctl ladder rate`: the confidence a climb to that
/// rung reads when no prediction or debrief names it, and what the ladder's shape check
/// compares between neighbours.
public struct RungRating: Sendable, Hashable {
    public var id: Int64?
    public var ladder: String
    /// The rung, from 1.
    public var rung: Int
    public var selfEfficacy: Int
    public var recordedAt: Instant

    public init(id: Int64? = nil, ladder: String, rung: Int, selfEfficacy: Int, recordedAt: Instant) {
        self.id = id
        self.ladder = ladder
        self.rung = rung
        self.selfEfficacy = selfEfficacy
        self.recordedAt = recordedAt
    }

    func validate() throws {
        guard !ladder.isEmpty else { throw StoreError.invalid("a rung rating needs its ladder") }
        guard rung >= 1 else { throw StoreError.invalid("rung \(rung) is not a rung; rungs are numbered from 1") }
        if case .failure(let refusal) = PredictionRule.checked(confidence: selfEfficacy) {
            throw StoreError.invalid(refusal.message(in: .utc))
        }
    }
}

extension RungRating: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "rung_rating"

    enum CodingKeys: String, CodingKey {
        case id, ladder, rung
        case selfEfficacy = "self_efficacy"
        case recordedAt = "recorded_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension RungRating: Exportable {
    public static let exportName = "rung_ratings"
    public static let exportColumns = ["id", "ladder", "rung", "self_efficacy", "recorded_at"]
    public var exportValues: [ExportValue] {
        [ExportValue(id), .text(ladder), ExportValue(rung), ExportValue(selfEfficacy), .instant(recordedAt)]
    }
}

extension Store {
    /// Records `rating`, and returns it with its id.
    @discardableResult
    public func rateRung(_ rating: RungRating) throws -> RungRating {
        try rating.validate()
        var rating = rating
        rating.id = nil
        return try write("rating rung \(rating.rung) of \(rating.ladder)") { db in
            try rating.insert(db)
            return rating
        }
    }

    /// The ratings of `ladder`'s rungs, oldest first.
    public func rungRatings(ladder: String) throws -> [RungRating] {
        try read("reading the ratings of \(ladder)") { db in
            try RungRating.filter(Column("ladder") == ladder).order(Column("recorded_at"), Column("id")).fetchAll(db)
        }
    }
}

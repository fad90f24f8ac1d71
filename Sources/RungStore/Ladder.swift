import GRDB
import RungCore
import RungTime

/// Where a ladder stands: its current rung and since when.
public struct LadderPosition: Sendable, Hashable {
    public var ladder: String
    public var rung: Int
    public var since: Instant
}

/// One decision about a ladder, with its reason: the ladder's history.
public struct LadderMove: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case start, climb, hold
        case stepBack = "step_back"
    }

    public var id: Int64?
    public var ladder: String
    public var kind: Kind
    public var fromRung: Int?
    public var toRung: Int
    public var reason: String
    public var movedAt: Instant
}

extension LadderPosition: Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ladder_position"
}

extension LadderPosition: Exportable {
    public static let exportName = "ladder_positions"
    public static let exportColumns = ["ladder", "rung", "since"]
    public var exportValues: [ExportValue] { [.text(ladder), ExportValue(rung), .instant(since)] }
}

/// The columns are the properties' names in snake case, the kind in `move`; a kind the
/// schema's CHECK constraint does not list cannot be stored, so decoding one fails rather
/// than guessing.
extension LadderMove: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "ladder_move"

    enum CodingKeys: String, CodingKey {
        case id, ladder
        case kind = "move"
        case fromRung = "from_rung"
        case toRung = "to_rung"
        case reason
        case movedAt = "moved_at"
    }

    /// Read by hand: `Decodable` costs more than the read, and a ladder's record reads every
    /// move. A move the schema's CHECK does not list cannot be stored, so reading one fails.
    public init(row: Row) throws {
        guard let kind = Kind(rawValue: row["move"]) else {
            throw StoreError.invalid("ladder move \(row["id"] as Int64? ?? 0) is of a kind Rung does not know: \(row["move"] as String? ?? "none")")
        }
        id = row["id"]
        ladder = row["ladder"]
        self.kind = kind
        fromRung = row["from_rung"]
        toRung = row["to_rung"]
        reason = row["reason"]
        movedAt = row["moved_at"]
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension LadderMove: Exportable {
    public static let exportName = "ladder_moves"
    public static let exportColumns = ["id", "ladder", "move", "from_rung", "to_rung", "reason", "moved_at"]
    public var exportValues: [ExportValue] {
        [ExportValue(id), .text(ladder), .text(kind.rawValue), ExportValue(fromRung), ExportValue(toRung), .text(reason), .instant(movedAt)]
    }
}

extension Store {
    /// The ladder's current position, if it was started.
    public func ladderPosition(_ ladder: String) throws -> LadderPosition? {
        try read("reading ladder \(ladder)") { db in try LadderPosition.fetchOne(db, key: ladder) }
    }

    /// The ladder's decisions, oldest first.
    public func ladderHistory(_ ladder: String) throws -> [LadderMove] {
        try read("reading ladder \(ladder)") { db in
            try LadderMove.filter(Column("ladder") == ladder).order(Column("moved_at"), Column("id")).fetchAll(db)
        }
    }
}

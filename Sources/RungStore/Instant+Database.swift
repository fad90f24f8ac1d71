import GRDB
import RungTime

/// Instants are stored as INTEGER microseconds since the epoch, UTC, exactly as
/// `Instant` holds them, so SQLite compares and sorts them as numbers.
extension Instant: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { microseconds.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Instant? {
        Int64.fromDatabaseValue(dbValue).map(Instant.init(microseconds:))
    }
}

/// Coded as its microseconds, the integer the store keeps, so that records holding instants
/// can be `Codable`. GRDB prefers `DatabaseValueConvertible` above when it reads and writes
/// a record's columns; this coding only has to agree with it.
extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(microseconds: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(microseconds)
    }
}

import GRDB
import RungCore
import RungTime

/// Instants are stored as INTEGER microseconds since the epoch, UTC, exactly as
/// `Instant` holds them, so SQLite compares and sorts them as numbers.
extension Instant: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { microseconds.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Instant? {
        Int64.fromDatabaseValue(dbValue).map(Instant.init(microseconds:))
    }
}

import RungCore
import RungTime

/// A value of an exported field. JSON writes instants as RFC 3339 UTC strings with
/// microseconds (`2024-05-01T07:30:00.000000Z`), booleans as `true`/`false`, absent values
/// as `null`; CSV writes the same text, and an empty field for `null`.
public enum ExportValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
    case instant(Instant)
    case boolean(Bool)
}

/// A record with a stable exported shape: the JSON object keys (and CSV header) are
/// `exportColumns`, in that order, and never change meaning once shipped.
public protocol Exportable: Sendable {
    /// The key of this record's array in the JSON export, and its CSV file name.
    static var exportName: String { get }
    static var exportColumns: [String] { get }
    /// One value per column of `exportColumns`, in the same order.
    var exportValues: [ExportValue] { get }
}

extension ExportValue {
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    init(_ value: Instant?) { self = value.map { .instant($0) } ?? .null }
    init(_ value: Bool?) { self = value.map { .boolean($0) } ?? .null }
}

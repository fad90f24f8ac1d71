// CONTRACT — to be replaced by the real implementation.

/// A systemd time span (systemd.time(7)): `15min`, `1h 30min`, `2d`, `500ms`, bare
/// numbers as seconds. Exact to the microsecond, like systemd's `usec_t`.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: UInt64
    public init(microseconds: UInt64) { self.microseconds = microseconds }
    /// Parses as `systemd-analyze timespan` does.
    public init(parsing text: String) throws(TimeSpanError) { fatalError("contract") }
    /// The normalized form as `systemd-analyze timespan` prints it ("Human:").
    public var normalized: String { fatalError("contract") }
    public var description: String { normalized }
    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.microseconds < b.microseconds }
}

/// A signed offset for Rung's own use: `-15min`, `+10min`, `1d` (= `+1d`).
public struct SignedTimeSpan: Hashable, Sendable, CustomStringConvertible {
    public var microseconds: Int64
    public init(microseconds: Int64) { self.microseconds = microseconds }
    public init(parsing text: String) throws(TimeSpanError) { fatalError("contract") }
    /// "-15min", "+10min", "0".
    public var normalized: String { fatalError("contract") }
    public var description: String { normalized }
}

/// Why a time span was rejected.
public struct TimeSpanError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "Failed to parse time span '\(text)': \(reason)" }
}

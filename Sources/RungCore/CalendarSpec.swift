// CONTRACT — to be replaced by the real calendar engine.

/// A parsed systemd calendar expression (`OnCalendar=` syntax, systemd.time(7)).
public struct CalendarSpec: Hashable, Sendable, CustomStringConvertible {
    /// Parses `text` as `systemd-analyze calendar` does; throws for every input it rejects,
    /// naming the offending part.
    public init(parsing text: String) throws(CalendarSpecError) { fatalError("contract") }

    /// The normalized form, character for character as systemd prints it.
    public var normalized: String { fatalError("contract") }

    /// The expression's own zone when it names one (`UTC`, `Europe/Berlin`), else nil.
    public var timeZoneName: String? { fatalError("contract") }

    /// The first elapse strictly after `instant`, in the expression's own zone when it has
    /// one and in `zone` otherwise; nil when it never elapses again.
    public func nextElapse(after instant: Instant, in zone: TimeZoneRules) -> Instant? { fatalError("contract") }

    public var description: String { normalized }
}

/// Why a calendar expression was rejected.
public struct CalendarSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole expression as given.
    public let expression: String
    /// What is wrong, naming the offending part (e.g. "unknown weekday 'Frx'").
    public let reason: String
    /// `Failed to parse calendar specification 'EXPR': REASON`.
    public var description: String { "Failed to parse calendar specification '\(expression)': \(reason)" }
}

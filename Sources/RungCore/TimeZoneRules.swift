// CONTRACT — to be replaced by the real implementation (TZif + POSIX TZ reader).
// The signatures below are the agreed interface; bodies are placeholders.

/// The rules of one time zone, read from where systemd (through glibc) reads them: the
/// system tzdata (`/usr/share/zoneinfo`), `/etc/localtime`, or a POSIX TZ string.
public struct TimeZoneRules: Sendable {
    /// The name as given: an IANA name ("Europe/Berlin"), "UTC", or a POSIX TZ string.
    public let name: String

    /// UTC, with no transitions; abbreviation "UTC".
    public static var utc: TimeZoneRules { fatalError("contract") }

    /// Loads a zone by IANA name from the system tzdata, or parses a POSIX TZ string
    /// (e.g. `IST-1GMT-0,M10.5.0/1,M3.5.0/1`), as glibc's `tzset` would for `TZ=name`.
    public static func named(_ name: String) throws(TimeZoneError) -> TimeZoneRules { fatalError("contract") }

    /// The zone glibc would use for this environment: `$TZ` when set (a leading ':' is
    /// allowed), else `/etc/localtime`, else UTC.
    public static func system(environment: [String: String]) -> TimeZoneRules { fatalError("contract") }

    /// `localtime_r`: the civil time at `seconds` since the epoch, with weekday, isDST,
    /// utcOffset and abbreviation filled in.
    public func localTime(at seconds: Int64) -> BrokenDownTime { fatalError("contract") }

    /// `mktime`: normalizes `time` in place (out-of-range fields carry over, weekday,
    /// offset and abbreviation are set) and returns seconds since the epoch, resolving
    /// gaps and folds using `time.isDST` exactly as glibc does. Nil when not representable.
    public func makeTime(_ time: inout BrokenDownTime) -> Int64? { fatalError("contract") }

    /// glibc's `tzname[0]` and `tzname[1]` after `tzset` for this zone: the standard and
    /// daylight abbreviations (e.g. "CET", "CEST"). `daylight` is nil for zones without DST.
    public var standardAbbreviation: String { fatalError("contract") }
    public var daylightAbbreviation: String? { fatalError("contract") }
}

/// Why a time zone could not be loaded.
public struct TimeZoneError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

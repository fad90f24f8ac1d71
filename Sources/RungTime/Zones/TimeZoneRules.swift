import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The rules of one time zone, read from where systemd (through glibc) reads them: the
/// system tzdata (`/usr/share/zoneinfo`), `/etc/localtime`, or a POSIX TZ string.
/// Answers match glibc 2.36's `localtime_r` and `mktime` under `TZ=name`, without touching
/// the process's `TZ`.
public struct TimeZoneRules: Sendable {
    /// The name as given: an IANA name ("Europe/Berlin"), "UTC", or a POSIX TZ string.
    public let name: String

    let source: Source

    /// Where the rules come from. The TZ string is boxed so that the enum stays one
    /// pointer wide: every `mktime` probe switches over it, and copying an inline
    /// `PosixTimeZone` there cost more than the probe's arithmetic.
    enum Source: Sendable {
        case tzif(TZifZone)
        indirect case posix(PosixTimeZone)
    }

    /// glibc's zone directory, used when `$TZDIR` is unset or empty.
    public static let defaultZoneDirectory = "/usr/share/zoneinfo"

    /// The file glibc reads when `$TZ` is unset.
    static let localtimePath = "/etc/localtime"

    /// UTC, with no transitions; abbreviation "UTC".
    public static var utc: TimeZoneRules { TimeZoneRules(name: "UTC", source: .posix(.utc)) }

    /// Loads a zone by IANA name from the system tzdata, or parses a POSIX TZ string
    /// (e.g. `IST-1GMT-0,M10.5.0/1,M3.5.0/1`), as glibc's `tzset` would for `TZ=name`.
    /// The zone directory is `$TZDIR` when set, else `/usr/share/zoneinfo`.
    public static func named(_ name: String) throws(TimeZoneError) -> TimeZoneRules {
        let directory = getenv("TZDIR").map { String(cString: $0) } ?? ""
        return try named(name, zoneDirectory: directory.isEmpty ? defaultZoneDirectory : directory)
    }

    /// Like `named(_:)`, reading IANA names from `zoneDirectory`. Names with a `..`
    /// component and absolute paths outside `zoneDirectory` (other than `/etc/localtime`)
    /// are refused rather than read.
    public static func named(_ name: String, zoneDirectory: String) throws(TimeZoneError) -> TimeZoneRules {
        guard !name.isEmpty else { throw TimeZoneError(description: "empty time zone name") }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            throw TimeZoneError(description: "time zone name '\(name)' must not contain '..'")
        }
        let path: String
        if name.hasPrefix("/") {
            guard name == localtimePath || name.hasPrefix(zoneDirectory + "/") else {
                throw TimeZoneError(
                    description: "time zone path '\(name)' is outside the zone directory '\(zoneDirectory)'"
                )
            }
            path = name
        } else {
            path = zoneDirectory + "/" + name
        }
        if let zone = try TimeZoneFileCache.shared.zone(atPath: path) {
            return TimeZoneRules(name: name, source: .tzif(zone))
        }
        let parsed = PosixTimeZone.parse(name)
        guard parsed.isValid else { throw TimeZoneError(description: "unknown time zone '\(name)'") }
        return TimeZoneRules(name: name, source: source(for: parsed.zone, zoneDirectory: zoneDirectory))
    }

    /// The rules of a parsed TZ string: its own, or those of `posixrules` when it names a
    /// daylight time without saying when it starts and ends.
    private static func source(for zone: PosixTimeZone, zoneDirectory: String) -> Source {
        if zone.wantsDefaultRules,
           let file = try? TimeZoneFileCache.shared.zone(atPath: zoneDirectory + "/posixrules"),
           let rules = TZifZone(defaultRules: file, for: zone) {
            return .tzif(rules)
        }
        return .posix(zone)
    }

    /// The zone glibc would use for this environment: `$TZ` when set (a leading ':' is
    /// allowed; empty means UTC), else `/etc/localtime`, else UTC. `$TZDIR` is honoured.
    /// Never fails: like glibc, an unreadable name falls back to what parses of it as a
    /// TZ string, which is often UTC under another abbreviation.
    public static func system(environment: [String: String]) -> TimeZoneRules {
        let directory = zoneDirectory(in: environment)
        guard var tz = environment["TZ"] else {
            if let zone = try? TimeZoneFileCache.shared.zone(atPath: localtimePath) {
                return TimeZoneRules(name: localtimeName(zoneDirectory: directory), source: .tzif(zone))
            }
            return .utc
        }
        if tz.isEmpty {
            // glibc reads an empty TZ as "Universal".
            tz = "Universal"
        } else if tz.hasPrefix(":") {
            tz.removeFirst()
        }
        if tz.isEmpty {
            // ":" alone: glibc reads no file and uses UTC.
            return .utc
        }
        // Unlike `named(_:)`, any path is read, as glibc reads it for the user's own `TZ`.
        let path = tz.hasPrefix("/") ? tz : directory + "/" + tz
        if let zone = try? TimeZoneFileCache.shared.zone(atPath: path) {
            return TimeZoneRules(name: tz, source: .tzif(zone))
        }
        if tz == localtimePath {
            return .utc
        }
        // Like glibc, use whatever prefix of the string parses (often plain UTC).
        return TimeZoneRules(name: tz, source: source(for: PosixTimeZone.parse(tz).zone, zoneDirectory: directory))
    }

    /// `localtime_r`: the civil time at `seconds` since the epoch, with weekday, isDST,
    /// utcOffset and abbreviation filled in.
    public func localTime(at seconds: Int64) -> BrokenDownTime {
        let state = state(at: seconds)
        return civilTime(at: seconds, offset: state.offset, isDST: state.isDST).brokenDown(abbreviation: state.abbreviation)
    }

    /// `localtime_r` without the abbreviation, for the calendar search and `mktime`.
    func civilTime(at seconds: Int64) -> CivilTime {
        let state = offset(at: seconds)
        return civilTime(at: seconds, offset: state.offset, isDST: state.isDST)
    }

    private func civilTime(at seconds: Int64, offset: Int, isDST: Bool) -> CivilTime {
        let leap = leapCorrection(at: seconds)
        var time = CivilCalendar.civilTime(localSeconds: seconds &+ Int64(offset - leap.correction))
        time.second += leap.hits
        time.isDST = isDST ? 1 : 0
        time.utcOffset = offset
        return time
    }

    /// glibc's `tzname[0]` and `tzname[1]` after `tzset` for this zone: the standard and
    /// daylight abbreviations (e.g. "CET", "CEST"). `daylight` is nil for zones without DST.
    public var standardAbbreviation: String {
        switch source {
        case .tzif(let zone): zone.standardAbbreviation
        case .posix(let zone): zone.standardName
        }
    }

    public var daylightAbbreviation: String? {
        switch source {
        case .tzif(let zone): zone.daylightAbbreviation
        case .posix(let zone): zone.hasDaylight ? zone.daylightName : nil
        }
    }

    /// The offset, DST flag and abbreviation in force at `seconds`.
    func state(at seconds: Int64) -> (offset: Int, isDST: Bool, abbreviation: String) {
        switch source {
        case .tzif(let zone): zone.state(at: seconds)
        case .posix(let zone): zone.state(at: seconds)
        }
    }

    /// The offset and DST flag in force at `seconds`: `state(at:)` without the
    /// abbreviation, which the search and `mktime` never need.
    func offset(at seconds: Int64) -> (offset: Int, isDST: Bool) {
        switch source {
        case .tzif(let zone): zone.offset(at: seconds)
        case .posix(let zone): zone.offset(at: seconds)
        }
    }

    /// Leap seconds to subtract at `seconds`, and how many end there (zero outside the
    /// `right/` zones).
    func leapCorrection(at seconds: Int64) -> (correction: Int, hits: Int) {
        if case .tzif(let zone) = source, !zone.leapSeconds.isEmpty {
            return zone.leapCorrection(at: seconds)
        }
        return (0, 0)
    }

    private static func zoneDirectory(in environment: [String: String]) -> String {
        if let directory = environment["TZDIR"], !directory.isEmpty {
            return directory
        }
        return defaultZoneDirectory
    }

    /// The IANA name `/etc/localtime` links to, or its path when it is not such a link.
    private static func localtimeName(zoneDirectory: String) -> String {
        let resolved = URL(fileURLWithPath: localtimePath).resolvingSymlinksInPath().path
        let prefix = URL(fileURLWithPath: zoneDirectory).resolvingSymlinksInPath().path + "/"
        return resolved.hasPrefix(prefix) ? String(resolved.dropFirst(prefix.count)) : localtimePath
    }
}

/// Why a time zone could not be loaded.
public struct TimeZoneError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func invalidFile(_ path: String, _ problem: String) -> TimeZoneError {
        TimeZoneError(description: "\(path): invalid time zone file: \(problem)")
    }
}

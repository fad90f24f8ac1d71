import Foundation
import RungTime

/// Times for the person at the terminal: in their own zone (`TZ`, else the system's), not
/// the config's, to the minute, with how far off they are: `Wed 9 Dec 09:15 (in 1 day 18 h)`.
/// `--json` keeps the exact ISO 8601 times rungd and the store give.
enum PersonTime {
    static let zone = TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)

    /// `Wed 9 Dec 09:15 (in 1 day 18 h)`.
    static func text(_ instant: Instant, now: Instant = .now()) -> String {
        HumanTimestamp.text(instant, now: now, in: zone)
    }

    /// An ISO 8601 time from rungd, for people; as it came if it cannot be read.
    static func text(iso: String, now: Instant = .now()) -> String {
        TimestampFormat.parseISO8601(iso).map { text($0, now: now) } ?? iso
    }

    /// `Wed 9 Dec 09:15`, without the distance.
    static func when(_ instant: Instant, now: Instant = .now()) -> String {
        HumanTimestamp.when(instant, now: now, in: zone)
    }
}

/// Times written for people rather than for systemd or machines: `Mon 7 Dec 09:15 (in 12 h)`.
/// To the minute, with the year only when it is not the current one, and the distance in
/// the largest units that matter.
public enum HumanTimestamp {
    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Mon 7 Dec 09:15 (in 12 h)`, in `zone`.
    public static func text(_ instant: Instant, now: Instant, in zone: TimeZoneRules) -> String {
        "\(when(instant, now: now, in: zone)) (\(relative(instant, now: now)))"
    }

    /// `Mon 7 Dec 09:15`, or `Thu 18 Mar 2027 19:00` in another year than `now`'s, in `zone`.
    public static func when(_ instant: Instant, now: Instant, in zone: TimeZoneRules) -> String {
        let time = zone.localTime(at: instant.seconds)
        let year = time.year == zone.localTime(at: now.seconds).year ? "" : " \(time.year)"
        return "\(weekdayNames[time.weekday]) \(time.day) \(monthNames[time.month - 1])\(year) \(twoDigits(time.hour)):\(twoDigits(time.minute))"
    }

    /// `2026-11-03`: the day of `instant` in `zone`, as lists and logs sort it.
    public static func date(_ instant: Instant, in zone: TimeZoneRules) -> String {
        let time = zone.localTime(at: instant.seconds)
        return "\(time.year)-\(twoDigits(time.month))-\(twoDigits(time.day))"
    }

    /// `2026-11-03 09:30`: the minute of `instant` in `zone`.
    public static func minute(_ instant: Instant, in zone: TimeZoneRules) -> String {
        let time = zone.localTime(at: instant.seconds)
        return "\(time.year)-\(twoDigits(time.month))-\(twoDigits(time.day)) \(twoDigits(time.hour)):\(twoDigits(time.minute))"
    }

    private static func twoDigits(_ value: Int) -> String { (value < 10 ? "0" : "") + "\(value)" }

    /// How far `instant` is from `now`: `in 40 s`, `in 25 min`, `in 2 h 10 min`, `in 12 h`,
    /// `in 1 day 18 h`, `in 3 days`, `in 2 weeks 3 days`, `in 5 months`, `in 2 years`; past
    /// instants `… ago`; `now` within a second.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let distance = now.microseconds(since: instant).magnitude / 1_000_000
        guard distance > 0 else { return "now" }
        let minute: UInt64 = 60, hour = 60 * minute, day = 24 * hour, week = 7 * day
        let month = TimeSpanUnit.month / 1_000_000, year = TimeSpanUnit.year / 1_000_000
        func count(_ n: UInt64, _ unit: String) -> String { "\(n) \(unit)\(n == 1 || unit == "s" || unit == "min" || unit == "h" ? "" : "s")" }
        func pair(_ big: UInt64, _ bigUnit: String, _ small: UInt64, _ smallUnit: String) -> String {
            small == 0 ? count(big, bigUnit) : count(big, bigUnit) + " " + count(small, smallUnit)
        }
        let amount = switch distance {
        case ..<minute: count(distance, "s")
        case ..<hour: count(distance / minute, "min")
        case ..<(6 * hour): pair(distance / hour, "h", distance % hour / minute, "min")
        case ..<day: count(distance / hour, "h")
        case ..<(2 * day): pair(1, "day", (distance - day) / hour, "h")
        case ..<week: count(distance / day, "day")
        case ..<(8 * week): pair(distance / week, "week", distance % week / day, "day")
        case ..<year: count(distance / month, "month")
        default: count(distance / year, "year")
        }
        return instant > now ? "in " + amount : amount + " ago"
    }
}

/// Timestamps written the way systemd writes them, and ISO 8601 for machines.
public enum TimestampFormat {
    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// systemd's `format_timestamp`: `Sun 2026-04-05 02:30:00 CEST`, in `zone`.
    public static func systemd(_ instant: Instant, in zone: TimeZoneRules) -> String {
        let time = zone.localTime(at: instant.seconds)
        return "\(weekdayNames[time.weekday]) \(date(time)) \(clock(time)) \(time.abbreviation)"
    }

    /// ISO 8601 with the offset in force in `zone` at that instant, and a six-digit
    /// fraction only when the instant is not on a whole second:
    /// `2026-11-25T09:30:00+01:00`, `2026-11-25T09:30:00.250000+01:00`.
    public static func iso8601(_ instant: Instant, in zone: TimeZoneRules) -> String {
        let time = zone.localTime(at: instant.seconds)
        let fraction = instant.microsecondOfSecond == 0 ? "" : "." + padded(Int(instant.microsecondOfSecond), 6)
        return "\(date(time))T\(clock(time))\(fraction)\(offset(time.utcOffset))"
    }

    /// systemd's `format_timestamp_relative`: `5 days left`, `21min ago`, `now`.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let suffix = now > instant ? "ago" : "left"
        let d = now.microseconds(since: instant).magnitude
        let second: UInt64 = 1_000_000, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let week = 7 * day, month = TimeSpanUnit.month, year = TimeSpanUnit.year
        func plural(_ n: UInt64, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        switch d {
        case year...:
            return "\(plural(d / year, "year", "years")) \(plural(d % year / month, "month", "months")) \(suffix)"
        case month...:
            return "\(plural(d / month, "month", "months")) \(plural(d % month / day, "day", "days")) \(suffix)"
        case week...:
            return "\(plural(d / week, "week", "weeks")) \(plural(d % week / day, "day", "days")) \(suffix)"
        case (2 * day)...: return "\(d / day) days \(suffix)"
        case (25 * hour)...: return "1 day \((d - day) / hour)h \(suffix)"
        case (6 * hour)...: return "\(d / hour)h \(suffix)"
        case hour...: return "\(d / hour)h \(d % hour / minute)min \(suffix)"
        case (5 * minute)...: return "\(d / minute)min \(suffix)"
        case minute...: return "\(d / minute)min \(d % minute / second)s \(suffix)"
        case second...: return "\(d / second)s \(suffix)"
        case 1000...: return "\(d / 1000)ms \(suffix)"
        case 1...: return "\(d)us \(suffix)"
        default: return "now"
        }
    }

    /// Parses ISO 8601 with an offset (`Z`, `+01:00`, `+0100`) and an optional fraction
    /// of up to six digits: `2026-11-25T09:30:00+01:00`, `2026-11-25 09:30:00.5Z`.
    public static func parseISO8601(_ text: String) -> Instant? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("T "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2),
              (1...12).contains(month), (1...CivilCalendar.daysInMonth(month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var micros = 0
        if expect(".") {
            let start = index
            var scale = 100_000
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                guard index - start < 6 else { return nil }
                micros += Int(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if expect("Zz") {
            offsetSeconds = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(":")
            guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilCalendar.dayNumber(year: Int64(year), month: month, day: day)
        let seconds = days * CivilCalendar.secondsPerDay + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return Instant(seconds: seconds, microseconds: Int64(micros))
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func date(_ time: BrokenDownTime) -> String {
        "\(padded(time.year, 4))-\(padded(time.month, 2))-\(padded(time.day, 2))"
    }

    private static func clock(_ time: BrokenDownTime) -> String {
        "\(padded(time.hour, 2)):\(padded(time.minute, 2)):\(padded(time.second, 2))"
    }

    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let base = "\(sign)\(padded(magnitude / 3600, 2)):\(padded(magnitude % 3600 / 60, 2))"
        return magnitude % 60 == 0 ? base : base + ":" + padded(magnitude % 60, 2)
    }
}

import ArgumentParser
import RungCore
import RungTime
#if canImport(Glibc)
import Glibc
#endif

/// A `--since` value: an ISO 8601 date (`2024-05-01`, local midnight) or a date-time with
/// an offset (`2024-05-01T09:30:00+02:00`, `2024-05-01T07:30Z`, optional fraction).
enum DateArgument {
    /// The instant `text` names; a `ValidationError` saying what is accepted otherwise.
    static func instant(_ text: String) throws -> Instant {
        guard let instant = parse(text) else {
            throw ValidationError("'\(text)' is not a date; use an ISO 8601 date (2024-05-01, local midnight) or a date-time with offset (2024-05-01T09:30:00+02:00)")
        }
        return instant
    }

    private static func parse(_ text: String) -> Instant? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4), scanner.skip("-"),
              let month = scanner.digits(2), scanner.skip("-"),
              let day = scanner.digits(2),
              (1...12).contains(month), (1...Int64(CivilCalendar.daysInMonth(Int(month), year: Int(year)))).contains(day)
        else { return nil }
        if scanner.isAtEnd {
            return localMidnight(year: year, month: month, day: day)
        }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.digits(2), scanner.skip(":"),
              let minute = scanner.digits(2), hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        var microsecond: Int64 = 0
        if scanner.skip(":") {
            guard let value = scanner.digits(2), value < 60 else { return nil }
            second = value
            if scanner.skip(".") || scanner.skip(",") {
                guard let fraction = scanner.fraction() else { return nil }
                microsecond = fraction
            }
        }
        let offset: Int64
        if scanner.skip("Z") || scanner.skip("z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.digits(2), hours < 24 else { return nil }
            _ = scanner.skip(":")
            guard let minutes = scanner.digits(2), minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard scanner.isAtEnd else { return nil }
        let seconds = CivilCalendar.dayNumber(year: year, month: Int(month), day: Int(day)) * CivilCalendar.secondsPerDay
            + hour * 3600 + minute * 60 + second - offset
        return Instant(seconds: seconds, microseconds: microsecond)
    }

    /// Midnight of the date in the local time zone (`TZ`, else /etc/localtime); on a day
    /// whose midnight a DST change skips, the first instant of that day.
    private static func localMidnight(year: Int64, month: Int64, day: Int64) -> Instant? {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        return seconds == -1 ? nil : Instant(seconds: Int64(seconds))
    }

    /// Reads ASCII digits and signs off the front of a byte string.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += count
            return value
        }

        /// One to nine fractional digits, as microseconds (digits past the sixth dropped).
        mutating func fraction() -> Int64? {
            var value: Int64 = 0
            var count = 0
            while index < bytes.count, (48...57).contains(bytes[index]), count < 9 {
                if count < 6 { value = value * 10 + Int64(bytes[index] - 48) }
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<max(count, 6) { value *= 10 }
            return value
        }

        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}

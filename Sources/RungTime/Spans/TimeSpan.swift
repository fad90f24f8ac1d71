/// A systemd time span (systemd.time(7)): `15min`, `1h 30min`, `2d`, `500ms`, `1.5h`,
/// bare numbers as seconds, `infinity`. Exact to the microsecond, like systemd's `usec_t`,
/// and parsed and printed exactly as `systemd-analyze timespan` does.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: UInt64

    /// systemd's `USEC_INFINITY`: the span written `infinity`.
    public static let infinity = TimeSpan(microseconds: .max)

    public init(microseconds: UInt64) {
        self.microseconds = microseconds
    }

    /// Parses `text` as systemd's `parse_sec` does (the default unit is seconds).
    public init(parsing text: String) throws(TimeSpanError) {
        var parser = TimeSpanParser(text: text)
        self.microseconds = try parser.parse()
    }

    public var isInfinite: Bool { microseconds == .max }

    /// The sum, saturating at `infinity` as systemd's `usec_add` does.
    public func adding(_ other: TimeSpan) -> TimeSpan {
        let (sum, overflow) = microseconds.addingReportingOverflow(other.microseconds)
        return overflow ? .infinity : TimeSpan(microseconds: sum)
    }

    /// The normalized form, as the "Human:" line of `systemd-analyze timespan`
    /// (systemd's `format_timespan` with microsecond accuracy).
    public var normalized: String {
        if isInfinite { return "infinity" }
        if microseconds == 0 { return "0" }
        var rest = microseconds
        var parts: [String] = []
        for unit in TimeSpanUnit.formatting where rest > 0 {
            guard rest >= unit.microseconds else { continue }
            let whole = rest / unit.microseconds
            let remainder = rest % unit.microseconds
            if rest < TimeSpanUnit.minute, remainder > 0 {
                // Below a minute a remainder is written as a decimal fraction of this unit.
                let digits = String(unit.microseconds).count - 1
                let fraction = String(remainder)
                parts.append("\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)\(unit.suffix)")
                break
            }
            parts.append("\(whole)\(unit.suffix)")
            rest = remainder
        }
        return parts.joined(separator: " ")
    }

    public var description: String { normalized }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool {
        lhs.microseconds < rhs.microseconds
    }
}

/// A signed offset for Rung's own use: `-15min` (before), `+10min` or `10min` (after).
public struct SignedTimeSpan: Hashable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// An optional sign, then a finite systemd time span.
    public init(parsing text: String) throws(TimeSpanError) {
        let trimmed = text.drop { TimeSpanParser.isWhitespace($0.asciiValue) }
        var negative = false
        var body = Substring(trimmed)
        if let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
            if let next = body.first, next == "-" || next == "+" {
                throw TimeSpanError(text: text, reason: "more than one sign")
            }
        }
        let magnitude: TimeSpan
        do {
            magnitude = try TimeSpan(parsing: String(body))
        } catch {
            throw TimeSpanError(text: text, reason: error.reason)
        }
        guard !magnitude.isInfinite, magnitude.microseconds <= UInt64(Int64.max) else {
            throw TimeSpanError(text: text, reason: "an offset must be finite")
        }
        self.microseconds = negative ? -Int64(magnitude.microseconds) : Int64(magnitude.microseconds)
    }

    /// How far before: the magnitude of a negative offset, else 0.
    public var before: TimeSpan { TimeSpan(microseconds: microseconds < 0 ? microseconds.magnitude : 0) }

    /// How far after: a positive offset, else 0.
    public var after: TimeSpan { TimeSpan(microseconds: microseconds > 0 ? microseconds.magnitude : 0) }

    /// "-15min", "+10min", or "0".
    public var normalized: String {
        if microseconds == 0 { return "0" }
        let magnitude = TimeSpan(microseconds: microseconds.magnitude).normalized
        return (microseconds < 0 ? "-" : "+") + magnitude
    }

    public var description: String { normalized }
}

/// Why a time span was rejected.
public struct TimeSpanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole text as given.
    public let text: String
    /// What is wrong, naming the offending part.
    public let reason: String

    public var description: String { "Failed to parse time span '\(text)': \(reason)" }
}

/// A unit of systemd.time(7) spans. Its constants, in microseconds, name the quantities
/// that would otherwise be written as long literals.
public struct TimeSpanUnit: Sendable {
    let suffix: String
    let microseconds: UInt64

    public static let second: UInt64 = 1_000_000
    public static let minute: UInt64 = 60 * second
    public static let hour: UInt64 = 60 * minute
    public static let day: UInt64 = 24 * hour
    public static let week: UInt64 = 7 * day
    /// systemd's month and year are averages: 30.44 and 365.25 days.
    public static let month: UInt64 = 2_629_800 * second
    public static let year: UInt64 = 31_557_600 * second

    /// Suffixes in the order systemd tries them: the first prefix match wins, so longer
    /// spellings come before their prefixes ("msec" before "m").
    static let parsing: [TimeSpanUnit] = [
        .init(suffix: "seconds", microseconds: second), .init(suffix: "second", microseconds: second),
        .init(suffix: "sec", microseconds: second), .init(suffix: "s", microseconds: second),
        .init(suffix: "minutes", microseconds: minute), .init(suffix: "minute", microseconds: minute),
        .init(suffix: "min", microseconds: minute),
        .init(suffix: "months", microseconds: month), .init(suffix: "month", microseconds: month),
        .init(suffix: "M", microseconds: month),
        .init(suffix: "msec", microseconds: 1000), .init(suffix: "ms", microseconds: 1000),
        .init(suffix: "m", microseconds: minute),
        .init(suffix: "hours", microseconds: hour), .init(suffix: "hour", microseconds: hour),
        .init(suffix: "hr", microseconds: hour), .init(suffix: "h", microseconds: hour),
        .init(suffix: "days", microseconds: day), .init(suffix: "day", microseconds: day),
        .init(suffix: "d", microseconds: day),
        .init(suffix: "weeks", microseconds: week), .init(suffix: "week", microseconds: week),
        .init(suffix: "w", microseconds: week),
        .init(suffix: "years", microseconds: year), .init(suffix: "year", microseconds: year),
        .init(suffix: "y", microseconds: year),
        .init(suffix: "usec", microseconds: 1), .init(suffix: "us", microseconds: 1),
        .init(suffix: "μs", microseconds: 1),  // U+03BC GREEK SMALL LETTER MU
        .init(suffix: "µs", microseconds: 1),  // U+00B5 MICRO SIGN
    ]

    /// The units `format_timespan` writes, largest first.
    static let formatting: [TimeSpanUnit] = [
        .init(suffix: "y", microseconds: year), .init(suffix: "month", microseconds: month),
        .init(suffix: "w", microseconds: week), .init(suffix: "d", microseconds: day),
        .init(suffix: "h", microseconds: hour), .init(suffix: "min", microseconds: minute),
        .init(suffix: "s", microseconds: second), .init(suffix: "ms", microseconds: 1000),
        .init(suffix: "us", microseconds: 1),
    ]
}

/// systemd's `parse_time` over the UTF-8 bytes of a span, with reasons that name the
/// offending part instead of systemd's bare "Invalid argument".
struct TimeSpanParser {
    let text: String
    let bytes: [UInt8]
    var index = 0

    init(text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// systemd's `WHITESPACE`: what may stand between numbers and units, and around the span.
    static func isWhitespace(_ byte: UInt8?) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// C's `isspace`, which `strtoll` skips before a number: `WHITESPACE` and also vertical
    /// tab and form feed. So systemd takes `\v5min` but not `5\vmin` or `5min\v`.
    private static func isNumberLeadingSpace(_ byte: UInt8?) -> Bool {
        isWhitespace(byte) || byte == 0x0B || byte == 0x0C
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while Self.isWhitespace(current) { index += 1 }
    }

    private func fail(_ reason: String) -> TimeSpanError {
        TimeSpanError(text: text, reason: reason)
    }

    private func rest(from start: Int) -> String {
        String(decoding: bytes[start...], as: UTF8.self)
    }

    mutating func parse() throws(TimeSpanError) -> UInt64 {
        skipWhitespace()
        if bytes[index...].starts(with: Array("infinity".utf8)) {
            index += 8
            skipWhitespace()
            guard current == nil else { throw fail("unexpected '\(rest(from: index))' after 'infinity'") }
            return .max
        }
        var total: UInt64 = 0
        var something = false
        while true {
            skipWhitespace()
            guard let byte = current else {
                guard something else { throw fail("empty time span") }
                return total
            }
            if byte == UInt8(ascii: "-") { throw fail("negative values are not allowed") }
            // The number is read as strtoll reads it: white space, an optional sign, digits.
            let numberStart = index
            while Self.isNumberLeadingSpace(current) { index += 1 }
            let negative = current == UInt8(ascii: "-")
            if negative || current == UInt8(ascii: "+") { index += 1 }
            let digitsStart = index
            var whole: UInt64 = 0
            while let digit = current, ASCII.isDigit(digit) {
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - 0x30))
                guard !overflow1, !overflow2, sum <= UInt64(Int64.max) else {
                    throw fail("number '\(rest(from: numberStart))' is too large")
                }
                whole = sum
                index += 1
            }
            // Only "-0" gets past systemd's check that the number is not negative.
            if negative, whole != 0 { throw fail("negative values are not allowed") }
            var fractionDigits: ArraySlice<UInt8>? = nil
            // When strtoll reads no digits, systemd looks for '.' where the number began:
            // ".5" is a fraction, "+.5" and "\v.5" are rejected.
            if current == UInt8(ascii: "."), index > digitsStart || index == numberStart {
                index += 1
                let fractionStart = index
                while let digit = current, ASCII.isDigit(digit) { index += 1 }
                fractionDigits = bytes[fractionStart..<index]
            } else if index == digitsStart {
                throw fail("expected a number at '\(rest(from: numberStart))'")
            }
            let numberEnd = index
            skipWhitespace()
            var multiplier = TimeSpanUnit.second
            if let unit = TimeSpanUnit.parsing.first(where: { bytes[index...].starts(with: Array($0.suffix.utf8)) }) {
                multiplier = unit.microseconds
                index += unit.suffix.utf8.count
            } else if index == numberEnd, let byte = current {
                let token = rest(from: index).prefix { !Self.isWhitespace($0.asciiValue) }
                throw fail(byte == UInt8(ascii: ".") ? "unexpected second '.' in '\(String(decoding: bytes[numberStart...].prefix { !Self.isWhitespace($0) }, as: UTF8.self))'" : "unknown unit '\(token)'")
            }
            guard whole < UInt64.max / multiplier, total < UInt64.max - whole * multiplier else {
                throw fail("'\(String(decoding: bytes[numberStart..<numberEnd], as: UTF8.self))' is too large")
            }
            total += whole * multiplier
            something = true
            if let fractionDigits {
                guard !fractionDigits.isEmpty else {
                    throw fail("expected digits after '.' in '\(String(decoding: bytes[numberStart..<numberEnd], as: UTF8.self))'")
                }
                var scale = multiplier / 10
                for digit in fractionDigits {
                    let part = UInt64(digit - 0x30) * scale
                    guard total < UInt64.max - part else { throw fail("the span is too large") }
                    total += part
                    scale /= 10
                }
            }
        }
    }
}

import RungTime
import Testing

/// Vectors recorded from `systemd-analyze timespan` (systemd 252): input, microseconds,
/// and the "Human:" form.
private let accepted: [(String, UInt64, String)] = [
    ("0", 0, "0"),
    ("1", 1000000, "1s"),
    ("+5", 5000000, "5s"),
    (".5", 500000, "500ms"),
    ("1.5", 1500000, "1.500000s"),
    ("2.5", 2500000, "2.500000s"),
    ("90", 90000000, "1min 30s"),
    ("59.999999", 59999999, "59.999999s"),
    ("60", 60000000, "1min"),
    ("61", 61000000, "1min 1s"),
    ("3600", 3600000000, "1h"),
    ("86400", 86400000000, "1d"),
    ("90061.000001", 90061000001, "1d 1h 1min 1.000001s"),
    ("15min", 900000000, "15min"),
    ("1h 30min", 5400000000, "1h 30min"),
    ("2d", 172800000000, "2d"),
    ("500ms", 500000, "500ms"),
    ("1y 2month", 36817200000000, "1y 2month"),
    ("1y 2month 3ms", 36817200003000, "1y 2month 3ms"),
    ("1.5min", 90000000, "1min 30s"),
    ("1.5ms", 1500, "1.500ms"),
    ("1.5h", 5400000000, "1h 30min"),
    ("0.25d", 21600000000, "6h"),
    (" 5 5 ", 10000000, "10s"),
    ("1 2", 3000000, "3s"),
    ("12.34 .56", 12900000, "12.900000s"),
    ("12.34s.56", 12900000, "12.900000s"),
    ("1M", 2629800000000, "1month"),
    ("1m", 60000000, "1min"),
    ("1month", 2629800000000, "1month"),
    ("2months", 5259600000000, "2month"),
    ("1w", 604800000000, "1w"),
    ("3weeks", 1814400000000, "3w"),
    ("1week", 604800000000, "1w"),
    ("4years", 126230400000000, "4y"),
    ("1year", 31557600000000, "1y"),
    ("5seconds", 5000000, "5s"),
    ("1second", 1000000, "1s"),
    ("3sec", 3000000, "3s"),
    ("7s", 7000000, "7s"),
    ("2minutes", 120000000, "2min"),
    ("1minute", 60000000, "1min"),
    ("1min", 60000000, "1min"),
    ("10msec", 10000, "10ms"),
    ("10ms", 10000, "10ms"),
    ("10usec", 10, "10us"),
    ("10us", 10, "10us"),
    ("1μs", 1, "1us"),
    ("1µs", 1, "1us"),
    ("1hr", 3600000000, "1h"),
    ("2hours", 7200000000, "2h"),
    ("1hour", 3600000000, "1h"),
    ("1d 1h 1min 1s 1ms 1us", 90061001001, "1d 1h 1min 1.001001s"),
    ("1month 1w 1d 1h 1min 1s 1ms 1us", 3324661001001, "1month 1w 1d 1h 1min 1.001001s"),
    ("3y", 94672800000000, "3y"),
    ("0.0000001s", 0, "0"),
    ("1.0000001s", 1000000, "1s"),
    ("999999us", 999999, "999.999ms"),
    ("1000000us", 1000000, "1s"),
    ("123456789us", 123456789, "2min 3.456789s"),
    ("0.001", 1000, "1ms"),
    ("infinity", 18446744073709551615, "infinity"),
    (" infinity ", 18446744073709551615, "infinity"),
    ("5 min", 300000000, "5min"),
    ("5\tmin", 300000000, "5min"),
    ("1h30min", 5400000000, "1h 30min"),
    ("1h 30 min", 5400000000, "1h 30min"),
    ("30min 1h", 5400000000, "1h 30min"),
    ("1.5 h", 5400000000, "1h 30min"),
    ("\t42\n", 42000000, "42s"),
    // strtoll skips vertical tab and form feed before a number, and reads its sign.
    ("\u{0B}5min", 300000000, "5min"),
    ("\u{0C}5min", 300000000, "5min"),
    ("5 \u{0B}6min", 365000000, "6min 5s"),
    ("5s\u{0B}6min", 365000000, "6min 5s"),
    ("\u{0B}+5", 5000000, "5s"),
    ("\u{0B}5.5s", 5500000, "5.500000s"),
    ("\u{0B}-0", 0, "0"),
    ("\u{0B} -0.5s", 500000, "500ms"),
    ("9223372036854775807us", 9223372036854775807, "292271y 1w 1d 10h 54.775807s"),
]

/// Inputs `systemd-analyze timespan` rejects.
private let rejected: [String] = [
    "100000000000d",
    "1.",
    "12.34.56",
    "5x",
    "1e3",
    "",
    "  ",
    "abc",
    "5 x",
    "+.5",
    "++5",
    "+ 5",
    "1h infinity",
    "infinity 5",
    ".",
    "5.s",
    "1 .",
    "9223372036854775808",
    "600000y",
    "1..5",
    "5min-3s",
    "5,5",
    "5mins",
    "5hrs",
    "5Ms",
    "5S",
    "5\u{0B}min",
    "5min\u{0B}",
    "5\u{0C}",
    "1\u{0B}\u{0C} 2",
    "\u{0B}-5",
    "+\u{0B}5",
    "\u{0B}.5s",
    "\u{0B}infinity",
    "5 µsec",
]
@Suite("Time spans")
struct TimeSpanTests {
    @Test("parses and normalizes as systemd-analyze timespan", arguments: accepted)
    func acceptedAsSystemd(text: String, microseconds: UInt64, human: String) throws {
        let span = try TimeSpan(parsing: text)
        #expect(span.microseconds == microseconds)
        #expect(span.normalized == human)
    }

    @Test("the normalized form parses back to the same span", arguments: accepted)
    func normalizedRoundTrips(text: String, microseconds: UInt64, human: String) throws {
        #expect(try TimeSpan(parsing: human).microseconds == microseconds)
    }

    @Test("rejects what systemd-analyze timespan rejects", arguments: rejected)
    func rejectedAsSystemd(text: String) {
        #expect(throws: TimeSpanError.self) { try TimeSpan(parsing: text) }
    }

    @Test("rejections name the offending part", arguments: [
        ("5x", "Failed to parse time span '5x': unknown unit 'x'"),
        ("5 x", "Failed to parse time span '5 x': expected a number at 'x'"),
        ("1.", "Failed to parse time span '1.': expected digits after '.' in '1.'"),
        ("12.34.56", "Failed to parse time span '12.34.56': unexpected second '.' in '12.34.56'"),
        ("", "Failed to parse time span '': empty time span"),
        ("5min-3s", "Failed to parse time span '5min-3s': negative values are not allowed"),
        ("600000y", "Failed to parse time span '600000y': '600000' is too large"),
        ("infinity 5", "Failed to parse time span 'infinity 5': unexpected '5' after 'infinity'"),
    ])
    func rejectionMessages(text: String, message: String) {
        #expect(throws: TimeSpanError.self) { try TimeSpan(parsing: text) }
        do {
            _ = try TimeSpan(parsing: text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("signed offsets keep their sign", arguments: [
        ("-15min", -900_000_000 as Int64, "-15min"),
        ("+10min", 600_000_000, "+10min"),
        ("1d", 86_400_000_000, "+1d"),
        (" -1h 30min", -5_400_000_000, "-1h 30min"),
        ("0", 0, "0"),
        ("-0", 0, "0"),
    ])
    func signedOffsets(text: String, microseconds: Int64, normalized: String) throws {
        let offset = try SignedTimeSpan(parsing: text)
        #expect(offset.microseconds == microseconds)
        #expect(offset.normalized == normalized)
        #expect(try SignedTimeSpan(parsing: normalized) == offset)
    }

    @Test("signed offsets reject what makes no offset", arguments: ["--5min", "+-5min", "-infinity", "-", "+", "-5x"])
    func signedRejections(text: String) {
        #expect(throws: TimeSpanError.self) { try SignedTimeSpan(parsing: text) }
    }
}

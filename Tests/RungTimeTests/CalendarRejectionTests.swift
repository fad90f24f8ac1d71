import RungTime
import Testing

/// Expressions `TZ=UTC systemd-analyze calendar` (systemd 252) rejects with exit status 1,
/// and the reason Rung gives for each: it must name the offending part.
@Suite("Calendar rejection")
struct CalendarRejectionTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var expression: String
        var reason: String
        var testDescription: String { "'\(expression)' is rejected: \(reason)" }
    }

    static let vectors: [Vector] = table.map { Vector(expression: $0.0, reason: $0.1) }

    static let table: [(String, String)] = [
        ("", "the expression is empty"),
        (" ", "the expression starts with a space"),
        (" 9:30", "the expression starts with a space"),
        ("9:30 ", "trailing space after '9:30'"),
        ("UTC", "unknown weekday 'UTC'"),
        (" UTC", "no date or time before the time zone"),
        ("Frx 9:30", "unknown weekday 'Frx'"),
        ("Mon..Frx 9:30", "unknown weekday 'Frx'"),
        ("Mond", "unknown weekday 'Mond'"),
        ("Satur", "unknown weekday 'Satur'"),
        ("Fridays", "unknown weekday 'Fridays'"),
        ("Fri..Mon", "weekday range 'Fri..Mon' runs backwards"),
        ("Sun..Sat", "weekday range 'Sun..Sat' runs backwards"),
        ("Mon.Tue", "expected '..' after 'Mon' in 'Mon.Tue'"),
        ("Mon..Wed..Fri", "weekday range in 'Mon..Wed..Fri' has more than two ends"),
        ("Mon..Wed-Fri", "weekday range in 'Mon..Wed-Fri' has more than two ends"),
        ("Mon..", "weekday range 'Mon..' has no end"),
        ("Mon.. 9:00", "weekday range 'Mon..' has no end"),
        ("Mon,,Tue", "unexpected ',' in 'Mon,,Tue'"),
        ("Mon-12-01", "unknown weekday '12'"),
        ("Mon Frx", "unexpected 'Frx' where the date or time belongs"),
        ("9:61", "minute 61 out of range 0..59 in '9:61'"),
        ("24:00", "hour 24 out of range 0..23 in '24:00'"),
        ("23:60", "minute 60 out of range 0..59 in '23:60'"),
        ("*:*:60", "second 60 out of range 0..59.999999 in '*:*:60'"),
        ("*:*:61.5", "second 61.500000 out of range 0..59.999999 in '*:*:61.5'"),
        ("9", "expected ':' after the hour in '9'"),
        ("9:", "expected a number at the end of '9:'"),
        ("9:3x", "unexpected 'x' in '9:3x'"),
        ("*:*:*/2", "unexpected '/' in '*:*:*/2'"),
        ("*5:00", "unexpected '5' in '*5:00'"),
        ("1,*:00", "expected a number at '*' in '1,*:00'"),
        ("1,:00", "expected a number at ':' in '1,:00'"),
        ("5..3:00", "hour range '05..03' ends before it starts in '5..3:00'"),
        ("*-13-1", "month 13 out of range 1..12 in '*-13-1'"),
        ("*-0-1", "month 0 out of range 1..12 in '*-0-1'"),
        ("*-1-0", "day 0 out of range 1..31 in '*-1-0'"),
        ("*-1-32", "day 32 out of range 1..31 in '*-1-32'"),
        ("2200-1-1", "year 2200 out of range 1970..2199 in '2200-1-1'"),
        ("1969-1-1", "year 1969 out of range 1970..2199 in '1969-1-1'"),
        ("100-1-1", "year 100 out of range 1970..2199 in '100-1-1'"),
        ("*-*-*-*", "unexpected '-' in '*-*-*-*'"),
        ("1-2-3-4", "unexpected '-' in '1-2-3-4'"),
        ("*-1~2-3", "unexpected '-' in '*-1~2-3'"),
        ("*-*~", "expected a number at the end of '*-*~'"),
        ("*-*-*~1", "unexpected '~' in '*-*-*~1'"),
        ("*-*~29", "day ~29 out of range ~1..~28 in '*-*~29'"),
        ("*-*~03/3", "day '~03/3' repeats past the end of the month in '*-*~03/3'"),
        ("*-*~05..01", "day range '~05..01' ends before it starts in '*-*~05..01'"),
        ("Fri *-*~7/7", "day '~07/7' repeats past the end of the month in '*-*~7/7'"),
        ("*:50/10", "minute '50/10' repeats past 59 in '*:50/10'"),
        ("*:0/60", "repetition '/60' too large for the minute in '*:0/60'"),
        ("*:0/0", "repetition '/0' must be positive"),
        ("*:*:0/0.0", "repetition '/0.0' must be positive"),
        ("9:00/0", "repetition '/0' must be positive"),
        ("1:2:3.", "expected digits after '.' in '1:2:3.'"),
        ("1:2:3.x", "expected digits after '.' in '1:2:3.x'"),
        ("1:2:3./2", "expected digits after '.' in '1:2:3./2'"),
        ("1:2:3..3.5", "seconds range '3..3.5' is shorter than one second in '1:2:3..3.5'"),
        ("4294967296:00", "number '4294967296' too large in '4294967296:00'"),
        ("2147483648:00", "number '2147483648' too large in '2147483648:00'"),
        ("*:*:2148", "number '2148' too large in '*:*:2148'"),
        ("*:*:2147.483647", "second 2147.483647 out of range 0..59.999999 in '*:*:2147.483647'"),
        ("@", "expected seconds since the epoch after '@' in '@'"),
        ("@-1", "timestamp '@-1' is outside the years 1970..2199"),
        ("@99999999999", "timestamp '@99999999999' is outside the years 1970..2199"),
        ("@18446744073709551616", "timestamp '@18446744073709551616' too large"),
        ("@123 x", "unknown time zone 'x'"),
        ("@123x", "unexpected 'x' in '@123x'"),
        ("9:00 Mars/Base", "unknown time zone 'Mars/Base'"),
        ("9:00 europe/berlin", "unknown time zone 'europe/berlin'"),
        ("9:00 Europe/Nope", "unknown time zone 'Europe/Nope'"),
        ("9:00 Europe", "unknown time zone 'Europe'"),
        ("9:00 Europe/Berlin/", "unknown time zone 'Europe/Berlin/'"),
        ("9:00 Etc//UTC", "unknown time zone 'Etc//UTC'"),
        ("9:00 zone.tab", "unknown time zone 'zone.tab'"),
        ("9:00 ../zoneinfo/UTC", "unexpected '../zoneinfo/UTC' after the time '9:00'"),
        ("9:00 /etc/passwd", "unexpected '/etc/passwd' after the time '9:00'"),
        ("Mon UTC UTC", "unexpected 'UTC' where the date or time belongs"),
        ("9:00 Europe/Berlin UTC", "unknown time zone 'Europe/Berlin'"),
        ("9:00 10:00", "unexpected '10:00' after the time '9:00'"),
        ("*", "expected ':' after the hour in '*'"),
        ("**", "unexpected '*' in '**'"),
        ("9:00:00:00", "unexpected ':' in '9:00:00:00'"),
        ("1.5:00", "unexpected '.' in '1.5:00'"),
        ("hourly daily", "unknown weekday 'hourly'"),
        ("2026-11-25T09:30", "unexpected 'T' in '2026-11-25T09:30'"),
        ("Mon\t9:00", "a tab where only spaces may separate the parts"),
        ("@5\t", "a tab where only spaces may separate the parts"),
    ]

    @Test("rejected with a reason naming the offending part", arguments: vectors)
    func rejects(_ vector: Vector) throws {
        let error = #expect(throws: CalendarSpecError.self) {
            try CalendarSpec(parsing: vector.expression, localZone: .utc)
        }
        #expect(error?.reason == vector.reason)
        #expect(error?.expression == vector.expression)
    }

    @Test("the message follows systemd's wording and adds the reason")
    func message() throws {
        let error = #expect(throws: CalendarSpecError.self) {
            try CalendarSpec(parsing: "Mon..Frx 9:30", localZone: .utc)
        }
        #expect(error?.description == "Failed to parse calendar specification 'Mon..Frx 9:30': unknown weekday 'Frx'")
    }

    @Test("an abbreviation of the local zone takes exactly one space before it")
    func abbreviationSpacing() throws {
        let berlin = try TimeZoneRules.named("Europe/Berlin")
        let error = #expect(throws: CalendarSpecError.self) {
            try CalendarSpec(parsing: "9:00  CET", localZone: berlin)
        }
        #expect(error?.reason == "trailing space after '9:00'")
    }

    @Test("a field takes at most 241 comma-separated values")
    func componentLimit() throws {
        let values = (0..<241).map { String($0 % 60) }.joined(separator: ",")
        #expect(try CalendarSpec(parsing: "*:" + values, localZone: .utc).normalized.hasPrefix("*-*-* *:00,01,"))
        let error = #expect(throws: CalendarSpecError.self) {
            try CalendarSpec(parsing: "*:" + values + ",1", localZone: .utc)
        }
        #expect(error?.reason.hasPrefix("more than 241 comma-separated values") == true)
    }
}

import RungTime
import Testing

/// Normalized forms as `TZ=ZONE systemd-analyze calendar EXPR` (systemd 252) prints them
/// after "Normalized form:". The zone matters only for local abbreviations (CET, CEST).
@Suite("Calendar normalization")
struct CalendarNormalizationTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var zone: String
        var expression: String
        var normalized: String
        var testDescription: String { "'\(expression)' in \(zone) → '\(normalized)'" }
    }

    static let vectors: [Vector] = table.map { Vector(zone: $0.0, expression: $0.1, normalized: $0.2) }

    static let table: [(String, String, String)] = [
        ("UTC", "Mon", "Mon *-*-* 00:00:00"),
        ("UTC", "Mon ", "Mon *-*-* 00:00:00"),
        ("UTC", "mon  9:30", "Mon *-*-* 09:30:00"),
        ("UTC", "MONDAY", "Mon *-*-* 00:00:00"),
        ("UTC", "mOn..WeDnEsDaY", "Mon..Wed *-*-* 00:00:00"),
        ("UTC", "Mon..Fri 09:30", "Mon..Fri *-*-* 09:30:00"),
        ("UTC", "Mon-Wed", "Mon..Wed *-*-* 00:00:00"),
        ("UTC", "Mon,Wed,Thu", "Mon,Wed,Thu *-*-* 00:00:00"),
        ("UTC", "Mon,Tue,Thu", "Mon,Tue,Thu *-*-* 00:00:00"),
        ("UTC", "Sun,Mon 1:00", "Mon,Sun *-*-* 01:00:00"),
        ("UTC", "Tue,Mon", "Mon,Tue *-*-* 00:00:00"),
        ("UTC", "Mon..Mon", "Mon *-*-* 00:00:00"),
        ("UTC", "Mon,", "Mon *-*-* 00:00:00"),
        ("UTC", "Mon, 9:00", "Mon *-*-* 09:00:00"),
        ("UTC", "Mon..Wed,Fri..Sun", "Mon..Wed,Fri..Sun *-*-* 00:00:00"),
        ("UTC", "Sat,Sun 10:00", "Sat,Sun *-*-* 10:00:00"),
        ("UTC", "Mon,Tue,Wed,Thu,Fri,Sat,Sun 9:00", "*-*-* 09:00:00"),
        ("UTC", "Friday 17:45", "Fri *-*-* 17:45:00"),
        ("UTC", "Thu,Thursday 8:00", "Thu *-*-* 08:00:00"),
        ("UTC", "Mon,Wed..Fri 12:00", "Mon,Wed..Fri *-*-* 12:00:00"),
        ("UTC", "9:30", "*-*-* 09:30:00"),
        ("UTC", "0009:0030", "*-*-* 09:30:00"),
        ("UTC", "9:30:15", "*-*-* 09:30:15"),
        ("UTC", "00:00:00.5", "*-*-* 00:00:00.500000"),
        ("UTC", "00:00:00.1234565", "*-*-* 00:00:00.123457"),
        ("UTC", "00:00:00.9999995", "*-*-* 00:00:01"),
        ("UTC", "9:00:00.0", "*-*-* 09:00:00"),
        ("UTC", "9:00:00.000001", "*-*-* 09:00:00.000001"),
        ("UTC", "*-*-* 1:2:3.1234567", "*-*-* 01:02:03.123457"),
        ("UTC", "*:*:59.999999", "*-*-* *:*:59.999999"),
        ("UTC", "*-*-* *:*:*", "*-*-* *:*:*"),
        ("UTC", "*:*", "*-*-* *:*:00"),
        ("UTC", "*:*:*", "*-*-* *:*:*"),
        ("UTC", "*:0/15", "*-*-* *:00/15:00"),
        ("UTC", "*:0..59", "*-*-* *:00..59:00"),
        ("UTC", "*:0..59/1", "*-*-* *:00..59:00"),
        ("UTC", "0..23:0", "*-*-* 00..23:00:00"),
        ("UTC", "1..5/2:00", "*-*-* 01..05/2:00:00"),
        ("UTC", "1..6/2:00", "*-*-* 01..05/2:00:00"),
        ("UTC", "1..2/2:00", "*-*-* 01:00:00"),
        ("UTC", "1,1,1:00", "*-*-* 01:00:00"),
        ("UTC", "3,1,2:00", "*-*-* 01,02,03:00:00"),
        ("UTC", "1..5,2:00", "*-*-* 01..05,02:00:00"),
        ("UTC", "1/2,1..3:00", "*-*-* 01/2,01..03:00:00"),
        ("UTC", "*:49/10", "*-*-* *:49/10:00"),
        ("UTC", "*:0/59", "*-*-* *:00/59:00"),
        ("UTC", "*-*-* 0,0/1:00", "*-*-* 00,00/1:00:00"),
        ("UTC", "*:*:0/1,5", "*-*-* *:*:*"),
        ("UTC", "*:*:0/0.5", "*-*-* *:*:00/0.500000"),
        ("UTC", "*:*:0/0.000001", "*-*-* *:*:00/0.000001"),
        ("UTC", "*:*:0..59", "*-*-* *:*:00..59"),
        ("UTC", "*:*:0..59/1", "*-*-* *:*:00..59"),
        ("UTC", "1:2:3/0.5", "*-*-* 01:02:03/0.500000"),
        ("UTC", "1:2:3..5", "*-*-* 01:02:03..05"),
        ("UTC", "1:2:3.5..5", "*-*-* 01:02:03.500000..04.500000"),
        ("UTC", "1:2:1..3.5", "*-*-* 01:02:01..03"),
        ("UTC", "1:2:1..4.5", "*-*-* 01:02:01..04"),
        ("UTC", "*:*:10..20/2.5", "*-*-* *:*:10..20/2.500000"),
        ("UTC", "Sat,Sun *-*-* 10:00/2:00", "Sat,Sun *-*-* 10:00/2:00"),
        ("UTC", "*-*", "*-*-* 00:00:00"),
        ("UTC", "1-2", "*-01-02 00:00:00"),
        ("UTC", "*-12-25", "*-12-25 00:00:00"),
        ("UTC", "2024-1-2", "2024-01-02 00:00:00"),
        ("UTC", "2026-11-25 09:30", "2026-11-25 09:30:00"),
        ("UTC", "70-1-1", "1970-01-01 00:00:00"),
        ("UTC", "69-1-1", "2069-01-01 00:00:00"),
        ("UTC", "99..2001-1-1", "1999..2001-01-01 00:00:00"),
        ("UTC", "1999..2001/2-1-1", "1999..2001/2-01-01 00:00:00"),
        ("UTC", "2199-12-31", "2199-12-31 00:00:00"),
        ("UTC", "*-*-1/20", "*-*-01/20 00:00:00"),
        ("UTC", "*-*-01,15 08:00", "*-*-01,15 08:00:00"),
        ("UTC", "*-*-1..7 8:00", "*-*-01..07 08:00:00"),
        ("UTC", "*-02-30", "*-02-30 00:00:00"),
        ("UTC", "*-1,4,7,10-1", "*-01,04,07,10-01 00:00:00"),
        ("UTC", "*-*~1", "*-*~01 00:00:00"),
        ("UTC", "*~1", "*-*~01 00:00:00"),
        ("UTC", "*-*~03/2", "*-*~03/2 00:00:00"),
        ("UTC", "*-2~1..3", "*-02~01..03 00:00:00"),
        ("UTC", "*-02~04", "*-02~04 00:00:00"),
        ("UTC", "*-*~28", "*-*~28 00:00:00"),
        ("UTC", "*-*~01..05", "*-*~01..05 00:00:00"),
        ("UTC", "*-*~1..5/2", "*-*~01..05/2 00:00:00"),
        ("UTC", "*-*~*", "*-*-* 00:00:00"),
        ("UTC", "*-*~1 17:00", "*-*~01 17:00:00"),
        ("UTC", "minutely", "*-*-* *:*:00"),
        ("UTC", "hourly", "*-*-* *:00:00"),
        ("UTC", "HOURLY", "*-*-* *:00:00"),
        ("UTC", "daily", "*-*-* 00:00:00"),
        ("UTC", "weekly", "Mon *-*-* 00:00:00"),
        ("UTC", "monthly", "*-*-01 00:00:00"),
        ("UTC", "quarterly", "*-01,04,07,10-01 00:00:00"),
        ("UTC", "semiannually", "*-01,07-01 00:00:00"),
        ("UTC", "semi-annually", "*-01,07-01 00:00:00"),
        ("UTC", "biannually", "*-01,07-01 00:00:00"),
        ("UTC", "bi-annually", "*-01,07-01 00:00:00"),
        ("UTC", "yearly", "*-01-01 00:00:00"),
        ("UTC", "annually", "*-01-01 00:00:00"),
        ("UTC", "anually", "*-01-01 00:00:00"),
        ("UTC", "weekly UTC", "Mon *-*-* 00:00:00 UTC"),
        ("UTC", "Mon UTC", "Mon *-*-* 00:00:00 UTC"),
        ("UTC", "Mon utc", "Mon *-*-* 00:00:00 UTC"),
        ("UTC", "Mon  UTC", "Mon *-*-* 00:00:00 UTC"),
        ("UTC", "9:00 UTC", "*-*-* 09:00:00 UTC"),
        ("UTC", "9:00 Etc/UTC", "*-*-* 09:00:00 Etc/UTC"),
        ("UTC", "daily Europe/Berlin", "*-*-* 00:00:00 Europe/Berlin"),
        ("UTC", "*-*-1 08:00 Europe/Berlin", "*-*-01 08:00:00 Europe/Berlin"),
        ("UTC", "9:00 America/New_York", "*-*-* 09:00:00 America/New_York"),
        ("UTC", "9:00 Australia/Lord_Howe", "*-*-* 09:00:00 Australia/Lord_Howe"),
        ("UTC", "9:00 Asia/Kolkata", "*-*-* 09:00:00 Asia/Kolkata"),
        ("UTC", "9:00 CET", "*-*-* 09:00:00 CET"),
        ("UTC", "9:00 EST5EDT", "*-*-* 09:00:00 EST5EDT"),
        ("UTC", "9:00 right/UTC", "*-*-* 09:00:00 right/UTC"),
        ("UTC", "@123", "1970-01-01 00:02:03 UTC"),
        ("UTC", "@+5", "1970-01-01 00:00:05 UTC"),
        ("UTC", "@ 5", "1970-01-01 00:00:05 UTC"),
        ("UTC", "@-0", "1970-01-01 00:00:00 UTC"),
        ("UTC", "Mon @123", "Mon 1970-01-01 00:02:03 UTC"),
        ("UTC", "@123 UTC", "1970-01-01 00:02:03 UTC"),
        ("UTC", "@123 Europe/Berlin", "1970-01-01 00:02:03 UTC"),
        ("UTC", "@1764063000", "2025-11-25 09:30:00 UTC"),
        ("Europe/Berlin", "9:00 CET", "*-*-* 09:00:00 CET"),
        ("Europe/Berlin", "9:00 cest", "*-*-* 09:00:00 CEST"),
        ("Europe/Berlin", "Mon 9:00 CEST", "Mon *-*-* 09:00:00 CEST"),
        ("Europe/Berlin", "9:00 Europe/Berlin", "*-*-* 09:00:00 Europe/Berlin"),
        ("Europe/Berlin", "9:00 UTC", "*-*-* 09:00:00 UTC"),
        ("America/New_York", "9:00 EDT", "*-*-* 09:00:00 EDT"),
        ("America/New_York", "9:00 est", "*-*-* 09:00:00 EST"),
        ("Australia/Lord_Howe", "9:00 +11", "*-*-* 09:00:00 +11"),
        ("Australia/Lord_Howe", "9:00 +1030", "*-*-* 09:00:00 +1030"),
        ("Asia/Kolkata", "9:00 IST", "*-*-* 09:00:00 IST"),
        ("Asia/Kolkata", "9:00 +0630", "*-*-* 09:00:00 +0630"),
    ]

    @Test("normalized form matches systemd-analyze", arguments: vectors)
    func normalizes(_ vector: Vector) throws {
        let spec = try CalendarSpec(parsing: vector.expression, localZone: TimeZoneRules.named(vector.zone))
        #expect(spec.normalized == vector.normalized)
        #expect(spec.description == vector.normalized)
    }

    @Test("a normalized form parses back to itself", arguments: vectors)
    func normalizedIsFixedPoint(_ vector: Vector) throws {
        let zone = try TimeZoneRules.named(vector.zone)
        let spec = try CalendarSpec(parsing: vector.expression, localZone: zone)
        let again = try CalendarSpec(parsing: spec.normalized, localZone: zone)
        #expect(again.normalized == spec.normalized)
    }

    @Test("the expression's own zone", arguments: [
        ("Mon 9:00", nil), ("9:00 UTC", "UTC"), ("9:00 utc", "UTC"), ("@5", "UTC"),
        ("daily Europe/Berlin", "Europe/Berlin"), ("9:00 Etc/UTC", "Etc/UTC"),
    ] as [(String, String?)])
    func ownZone(_ expression: String, _ zone: String?) throws {
        #expect(try CalendarSpec(parsing: expression, localZone: .utc).timeZoneName == zone)
    }

    @Test("a local abbreviation selects standard or daylight time but names no zone")
    func abbreviationIsNotAZone() throws {
        let berlin = try TimeZoneRules.named("Europe/Berlin")
        let winter = try CalendarSpec(parsing: "9:00 CET", localZone: berlin)
        let summer = try CalendarSpec(parsing: "9:00 CEST", localZone: berlin)
        #expect(winter.timeZoneName == nil)
        #expect(winter != summer)
    }
}

import RungTime
import Testing

/// Next elapses as `TZ=ZONE systemd-analyze calendar --iterations 4
/// --base-time='BASE UTC' EXPR` (systemd 252) prints them, across DST changes: spring-forward
/// gaps, fall-back folds, Lord Howe's 30-minute shift, abbreviations that pin standard or
/// daylight time, and expressions with their own zone.
@Suite("Calendar elapses")
struct CalendarElapseTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var zone: String
        var base: String
        var expression: String
        var elapses: [String]
        var testDescription: String { "'\(expression)' in \(zone) after \(base) UTC → \(elapses.isEmpty ? "never" : elapses.joined(separator: ", "))" }
    }

    static let vectors: [Vector] = table.map { Vector(zone: $0.0, base: $0.1, expression: $0.2, elapses: $0.3) }

    static let table: [(String, String, String, [String])] = [
        ("Europe/Berlin", "2026-03-28 12:00:00", "*-*-* 02:30", ["Mon 2026-03-30 02:30:00 CEST", "Tue 2026-03-31 02:30:00 CEST", "Wed 2026-04-01 02:30:00 CEST", "Thu 2026-04-02 02:30:00 CEST"]),
        ("Europe/Berlin", "2026-03-28 23:00:00", "hourly", ["Sun 2026-03-29 01:00:00 CET", "Sun 2026-03-29 03:00:00 CEST", "Sun 2026-03-29 04:00:00 CEST", "Sun 2026-03-29 05:00:00 CEST"]),
        ("Europe/Berlin", "2026-03-29 00:10:00", "*:0/20", ["Sun 2026-03-29 01:20:00 CET", "Sun 2026-03-29 01:40:00 CET", "Sun 2026-03-29 03:00:00 CEST", "Sun 2026-03-29 03:20:00 CEST"]),
        ("Europe/Berlin", "2026-03-28 12:00:00", "*-*-* 02,03:00,30", ["Sun 2026-03-29 03:00:00 CEST", "Sun 2026-03-29 03:30:00 CEST", "Mon 2026-03-30 02:00:00 CEST", "Mon 2026-03-30 02:30:00 CEST"]),
        ("Europe/Berlin", "2026-10-24 12:00:00", "*-*-* 02:30", ["Sun 2026-10-25 02:30:00 CEST", "Mon 2026-10-26 02:30:00 CET", "Tue 2026-10-27 02:30:00 CET", "Wed 2026-10-28 02:30:00 CET"]),
        ("Europe/Berlin", "2026-10-24 23:30:00", "hourly", ["Sun 2026-10-25 02:00:00 CEST", "Sun 2026-10-25 03:00:00 CET", "Sun 2026-10-25 04:00:00 CET", "Sun 2026-10-25 05:00:00 CET"]),
        ("Europe/Berlin", "2026-10-24 23:50:00", "*:0/20", ["Sun 2026-10-25 02:00:00 CEST", "Sun 2026-10-25 02:20:00 CEST", "Sun 2026-10-25 02:40:00 CEST", "Sun 2026-10-25 03:00:00 CET"]),
        ("Europe/Berlin", "2026-10-24 12:00:00", "*-*-* 02:30 CET", []),
        ("Europe/Berlin", "2026-10-24 12:00:00", "*-*-* 02:30 CEST", ["Sun 2026-10-25 02:30:00 CEST", "Mon 2026-10-26 02:30:00 CET"]),
        ("Europe/Berlin", "2026-07-01 00:00:00", "12:00 CET", []),
        ("Europe/Berlin", "2026-01-01 00:00:00", "12:00 CEST", []),
        ("Europe/Berlin", "2026-03-27 12:00:00", "Sun *-*-* 02:00..03:00", ["Sun 2026-04-05 02:00:00 CEST", "Sun 2026-04-05 02:01:00 CEST", "Sun 2026-04-05 02:02:00 CEST", "Sun 2026-04-05 02:03:00 CEST"]),
        ("Europe/Berlin", "2026-11-25 09:00:00", "Mon..Fri 09:30", ["Thu 2026-11-26 09:30:00 CET", "Fri 2026-11-27 09:30:00 CET", "Mon 2026-11-30 09:30:00 CET", "Tue 2026-12-01 09:30:00 CET"]),
        ("Europe/Berlin", "2026-03-01 00:00:00", "*-*~1 17:00", ["Tue 2026-03-31 17:00:00 CEST", "Thu 2026-04-30 17:00:00 CEST", "Sun 2026-05-31 17:00:00 CEST", "Tue 2026-06-30 17:00:00 CEST"]),
        ("Europe/Berlin", "2026-03-28 12:00:00", "*-*-* 02:30 UTC", ["Sun 2026-03-29 04:30:00 CEST", "Mon 2026-03-30 04:30:00 CEST", "Tue 2026-03-31 04:30:00 CEST", "Wed 2026-04-01 04:30:00 CEST"]),
        ("Europe/Berlin", "2026-03-28 12:00:00", "*-*-* 02:30 America/New_York", ["Sun 2026-03-29 08:30:00 CEST", "Mon 2026-03-30 08:30:00 CEST", "Tue 2026-03-31 08:30:00 CEST", "Wed 2026-04-01 08:30:00 CEST"]),
        ("America/New_York", "2026-03-07 12:00:00", "*-*-* 02:30", ["Mon 2026-03-09 02:30:00 EDT", "Tue 2026-03-10 02:30:00 EDT", "Wed 2026-03-11 02:30:00 EDT", "Thu 2026-03-12 02:30:00 EDT"]),
        ("America/New_York", "2026-03-08 04:00:00", "hourly", ["Sun 2026-03-08 00:00:00 EST", "Sun 2026-03-08 01:00:00 EST", "Sun 2026-03-08 03:00:00 EDT", "Sun 2026-03-08 04:00:00 EDT"]),
        ("America/New_York", "2026-03-08 06:50:00", "*:0/15", ["Sun 2026-03-08 03:00:00 EDT", "Sun 2026-03-08 03:15:00 EDT", "Sun 2026-03-08 03:30:00 EDT", "Sun 2026-03-08 03:45:00 EDT"]),
        ("America/New_York", "2026-10-31 12:00:00", "*-*-* 01:30", ["Sun 2026-11-01 01:30:00 EDT", "Mon 2026-11-02 01:30:00 EST", "Tue 2026-11-03 01:30:00 EST", "Wed 2026-11-04 01:30:00 EST"]),
        ("America/New_York", "2026-11-01 04:00:00", "hourly", ["Sun 2026-11-01 01:00:00 EDT", "Sun 2026-11-01 02:00:00 EST", "Sun 2026-11-01 03:00:00 EST", "Sun 2026-11-01 04:00:00 EST"]),
        ("America/New_York", "2026-11-01 05:10:00", "*:0/20", ["Sun 2026-11-01 01:20:00 EDT", "Sun 2026-11-01 01:40:00 EDT", "Sun 2026-11-01 02:00:00 EST", "Sun 2026-11-01 02:20:00 EST"]),
        ("America/New_York", "2026-10-31 12:00:00", "*-*-* 01:30 EST", []),
        ("America/New_York", "2026-10-31 12:00:00", "*-*-* 01:30 EDT", ["Sun 2026-11-01 01:30:00 EDT", "Mon 2026-11-02 01:30:00 EST"]),
        ("America/New_York", "2026-11-25 09:00:00", "Sat,Sun *-*-* 10:00/2:00", ["Sat 2026-11-28 10:00:00 EST", "Sat 2026-11-28 10:02:00 EST", "Sat 2026-11-28 10:04:00 EST", "Sat 2026-11-28 10:06:00 EST"]),
        ("America/New_York", "2026-01-30 00:00:00", "*-*-1 08:00 Europe/Berlin", ["Sun 2026-02-01 02:00:00 EST", "Sun 2026-03-01 02:00:00 EST", "Wed 2026-04-01 02:00:00 EDT", "Fri 2026-05-01 02:00:00 EDT"]),
        ("Australia/Lord_Howe", "2026-10-02 12:00:00", "*-*-* 02:15", ["Sat 2026-10-03 02:15:00 +1030", "Mon 2026-10-05 02:15:00 +11", "Tue 2026-10-06 02:15:00 +11", "Wed 2026-10-07 02:15:00 +11"]),
        ("Australia/Lord_Howe", "2026-10-03 14:00:00", "*:0/15", ["Sun 2026-10-04 00:45:00 +1030", "Sun 2026-10-04 01:00:00 +1030", "Sun 2026-10-04 01:15:00 +1030", "Sun 2026-10-04 01:30:00 +1030"]),
        ("Australia/Lord_Howe", "2026-10-03 14:00:00", "hourly", ["Sun 2026-10-04 01:00:00 +1030", "Sun 2026-10-04 03:00:00 +11", "Sun 2026-10-04 04:00:00 +11", "Sun 2026-10-04 05:00:00 +11"]),
        ("Australia/Lord_Howe", "2026-04-03 12:00:00", "*-*-* 01:45", ["Sat 2026-04-04 01:45:00 +11", "Sun 2026-04-05 01:45:00 +11", "Mon 2026-04-06 01:45:00 +1030", "Tue 2026-04-07 01:45:00 +1030"]),
        ("Australia/Lord_Howe", "2026-04-04 13:30:00", "*:0/15", ["Sun 2026-04-05 00:45:00 +11", "Sun 2026-04-05 01:00:00 +11", "Sun 2026-04-05 01:15:00 +11", "Sun 2026-04-05 01:30:00 +11"]),
        ("Australia/Lord_Howe", "2026-04-04 13:00:00", "hourly", ["Sun 2026-04-05 01:00:00 +11", "Sun 2026-04-05 02:00:00 +1030", "Sun 2026-04-05 03:00:00 +1030", "Sun 2026-04-05 04:00:00 +1030"]),
        ("Australia/Lord_Howe", "2026-04-03 12:00:00", "*-*-* 01:45 +11", ["Sat 2026-04-04 01:45:00 +11", "Sun 2026-04-05 01:45:00 +11", "Mon 2026-04-06 01:45:00 +1030"]),
        ("Australia/Lord_Howe", "2026-04-03 12:00:00", "*-*-* 01:45 +1030", []),
        ("Asia/Kolkata", "2026-11-25 00:00:00", "Mon..Fri 09:30", ["Wed 2026-11-25 09:30:00 IST", "Thu 2026-11-26 09:30:00 IST", "Fri 2026-11-27 09:30:00 IST", "Mon 2026-11-30 09:30:00 IST"]),
        ("Asia/Kolkata", "2026-11-25 00:00:00", "9:00 IST", ["Wed 2026-11-25 09:00:00 IST", "Thu 2026-11-26 09:00:00 IST", "Fri 2026-11-27 09:00:00 IST", "Sat 2026-11-28 09:00:00 IST"]),
        ("Asia/Kolkata", "2026-11-25 00:00:00", "9:00 +0630", []),
        ("Asia/Kolkata", "2026-12-30 00:00:00", "*-*~1..2 23:59:59", ["Wed 2026-12-30 23:59:59 IST", "Thu 2026-12-31 23:59:59 IST", "Sat 2027-01-30 23:59:59 IST", "Sun 2027-01-31 23:59:59 IST"]),
        ("UTC", "2026-11-25 09:00:00", "Mon..Fri 09:30", ["Wed 2026-11-25 09:30:00 UTC", "Thu 2026-11-26 09:30:00 UTC", "Fri 2026-11-27 09:30:00 UTC", "Mon 2026-11-30 09:30:00 UTC"]),
        ("UTC", "2026-11-25 09:30:00", "Mon..Fri 09:30", ["Thu 2026-11-26 09:30:00 UTC", "Fri 2026-11-27 09:30:00 UTC", "Mon 2026-11-30 09:30:00 UTC", "Tue 2026-12-01 09:30:00 UTC"]),
        ("UTC", "2026-01-01 00:00:00", "*-02-29", ["Tue 2028-02-29 00:00:00 UTC", "Sun 2032-02-29 00:00:00 UTC", "Fri 2036-02-29 00:00:00 UTC", "Wed 2040-02-29 00:00:00 UTC"]),
        ("UTC", "2026-01-01 00:00:00", "*-02-30", []),
        ("UTC", "2026-01-01 00:00:00", "*-*~1", ["Sat 2026-01-31 00:00:00 UTC", "Sat 2026-02-28 00:00:00 UTC", "Tue 2026-03-31 00:00:00 UTC", "Thu 2026-04-30 00:00:00 UTC"]),
        ("UTC", "2026-01-01 00:00:00", "*-*~03/2", ["Thu 2026-01-29 00:00:00 UTC", "Sat 2026-01-31 00:00:00 UTC", "Thu 2026-02-26 00:00:00 UTC", "Sat 2026-02-28 00:00:00 UTC"]),
        ("UTC", "2026-01-01 00:00:00", "*-2~1..3", ["Thu 2026-02-26 00:00:00 UTC", "Fri 2026-02-27 00:00:00 UTC", "Sat 2026-02-28 00:00:00 UTC", "Fri 2027-02-26 00:00:00 UTC"]),
        ("UTC", "2026-01-01 00:00:00", "Fri *-*~7", ["Fri 2026-04-24 00:00:00 UTC", "Fri 2026-12-25 00:00:00 UTC", "Fri 2027-09-24 00:00:00 UTC", "Fri 2028-08-25 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "quarterly", ["Fri 2027-01-01 00:00:00 UTC", "Thu 2027-04-01 00:00:00 UTC", "Thu 2027-07-01 00:00:00 UTC", "Fri 2027-10-01 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "semiannually", ["Fri 2027-01-01 00:00:00 UTC", "Thu 2027-07-01 00:00:00 UTC", "Sat 2028-01-01 00:00:00 UTC", "Sat 2028-07-01 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "weekly", ["Mon 2026-11-30 00:00:00 UTC", "Mon 2026-12-07 00:00:00 UTC", "Mon 2026-12-14 00:00:00 UTC", "Mon 2026-12-21 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "minutely", ["Wed 2026-11-25 00:01:00 UTC", "Wed 2026-11-25 00:02:00 UTC", "Wed 2026-11-25 00:03:00 UTC", "Wed 2026-11-25 00:04:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "*:*:0/15.5", ["Wed 2026-11-25 00:00:15 UTC", "Wed 2026-11-25 00:00:31 UTC", "Wed 2026-11-25 00:00:46 UTC", "Wed 2026-11-25 00:01:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "2026-11-25..27 12:00", ["Wed 2026-11-25 12:00:00 UTC", "Thu 2026-11-26 12:00:00 UTC", "Fri 2026-11-27 12:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "Mon 2026-*-* 12:00", ["Mon 2026-11-30 12:00:00 UTC", "Mon 2026-12-07 12:00:00 UTC", "Mon 2026-12-14 12:00:00 UTC", "Mon 2026-12-21 12:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "2199-12-31 23:59:59", ["Tue 2199-12-31 23:59:59 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "@1764063000", []),
        ("UTC", "2026-11-25 00:00:00", "@1700000000", []),
        ("UTC", "2026-11-25 00:00:00", "Mon *-*-13 00:00", ["Mon 2027-09-13 00:00:00 UTC", "Mon 2027-12-13 00:00:00 UTC", "Mon 2028-03-13 00:00:00 UTC", "Mon 2028-11-13 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "Fri *-*-13 00:00", ["Fri 2027-08-13 00:00:00 UTC", "Fri 2028-10-13 00:00:00 UTC", "Fri 2029-04-13 00:00:00 UTC", "Fri 2029-07-13 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "*-1..6-31", ["Sun 2027-01-31 00:00:00 UTC", "Wed 2027-03-31 00:00:00 UTC", "Mon 2027-05-31 00:00:00 UTC", "Mon 2028-01-31 00:00:00 UTC"]),
        ("UTC", "2026-11-25 00:00:00", "2027..2040/4-02-29", []),
        ("UTC", "2026-12-10 00:00:00", "*-*-5/10 12:00", ["Tue 2026-12-15 12:00:00 UTC", "Fri 2026-12-25 12:00:00 UTC", "Tue 2027-01-05 12:00:00 UTC", "Fri 2027-01-15 12:00:00 UTC"]),
    ]

    /// Up to `count` successive elapses, each strictly after the one before.
    static func elapses(of spec: CalendarSpec, after base: Instant, in zone: TimeZoneRules, count: Int) -> [Instant] {
        var result: [Instant] = []
        var cursor = base
        while result.count < count, let next = spec.nextElapse(after: cursor, in: zone) {
            #expect(next > cursor)
            result.append(next)
            cursor = next
        }
        return result
    }

    static func instant(_ text: String) throws -> Instant {
        let iso = text.replacingOccurrences(of: " ", with: "T") + "+00:00"
        return try #require(TimestampFormat.parseISO8601(iso))
    }

    @Test("elapses match systemd-analyze", arguments: vectors)
    func elapses(_ vector: Vector) throws {
        let zone = try TimeZoneRules.named(vector.zone)
        let spec = try CalendarSpec(parsing: vector.expression, localZone: zone)
        let found = Self.elapses(of: spec, after: try Self.instant(vector.base), in: zone, count: 4)
        #expect(found.map { TimestampFormat.systemd($0, in: zone) } == vector.elapses)
    }

    @Test("more elapses as systemd-analyze prints them, from bases given to the microsecond", arguments: [
        // Europe/Dublin has negative DST (GMT is its daylight time): the gap must not repeat midnight.
        ("Europe/Dublin", 1_743_285_600_000_000, "hourly", ["Sat 2025-03-29 23:00:00 GMT", "Sun 2025-03-30 00:00:00 GMT", "Sun 2025-03-30 02:00:00 IST", "Sun 2025-03-30 03:00:00 IST"]),
        // EDT pinned, then winter: no later elapse exists.
        ("America/New_York", 1_506_962_369_282_991, "*-29  EDT", ["Sun 2017-10-29 00:00:00 EDT"]),
        // IST (Dublin's standard time) pinned in December: never.
        ("Europe/Dublin", 1_910_013_535_000_000, "12..12/5-08 IST", []),
        // systemd gives up after its 1000 steps ("Failed to determine next elapse"), and so does Rung.
        ("America/Sao_Paulo", 1_098_886_719_090_964, "*-13/15", ["Thu 2004-10-28 00:00:00 -03"]),
    ] as [(String, Int64, String, [String])])
    func moreElapses(_ zoneName: String, _ base: Int64, _ expression: String, _ expected: [String]) throws {
        let zone = try TimeZoneRules.named(zoneName)
        let spec = try CalendarSpec(parsing: expression, localZone: zone)
        let found = Self.elapses(of: spec, after: Instant(microseconds: base), in: zone, count: 4)
        #expect(found.map { TimestampFormat.systemd($0, in: zone) } == expected)
    }

    @Test("a day repetition that overflows December restarts on 1 January (systemd issue 40260, fixed upstream)")
    func dayRepetitionAcrossNewYear() throws {
        // systemd 252 answers 2027-01-21 and 2027-02-01 for the last two: it keeps day 10 of
        // the overflowed "December 41" as the day to search from.
        let spec = try CalendarSpec(parsing: "*-*-1/20", localZone: .utc)
        let found = Self.elapses(of: spec, after: try Self.instant("2026-11-25 00:00:00"), in: .utc, count: 4)
        #expect(found.map { TimestampFormat.systemd($0, in: .utc) } == [
            "Tue 2026-12-01 00:00:00 UTC", "Mon 2026-12-21 00:00:00 UTC",
            "Fri 2027-01-01 00:00:00 UTC", "Thu 2027-01-21 00:00:00 UTC",
        ])
    }

    @Test("elapses are exact to the microsecond", arguments: [
        ("*:*:0/0.5", "2026-11-25T00:00:00+00:00", ["2026-11-25T00:00:00.500000+00:00", "2026-11-25T00:00:01+00:00", "2026-11-25T00:00:01.500000+00:00"]),
        ("*:*:10.25", "2026-11-25T00:00:00+00:00", ["2026-11-25T00:00:10.250000+00:00", "2026-11-25T00:01:10.250000+00:00"]),
        ("*:*:*", "2026-11-25T00:00:00.500000+00:00", ["2026-11-25T00:00:01+00:00", "2026-11-25T00:00:02+00:00"]),
        ("Mon..Fri 09:30", "2026-11-25T09:29:59.999999+00:00", ["2026-11-25T09:30:00+00:00", "2026-11-26T09:30:00+00:00"]),
        ("*:*:59.999999", "2026-11-25T00:00:59.999998+00:00", ["2026-11-25T00:00:59.999999+00:00", "2026-11-25T00:01:59.999999+00:00"]),
        ("*:*:0/15.5", "2026-11-25T00:00:00+00:00", ["2026-11-25T00:00:15.500000+00:00", "2026-11-25T00:00:31+00:00", "2026-11-25T00:00:46.500000+00:00", "2026-11-25T00:01:00+00:00"]),
    ])
    func microseconds(_ expression: String, _ base: String, _ expected: [String]) throws {
        let spec = try CalendarSpec(parsing: expression, localZone: .utc)
        let start = try #require(TimestampFormat.parseISO8601(base))
        let found = Self.elapses(of: spec, after: start, in: .utc, count: expected.count)
        #expect(found.map { TimestampFormat.iso8601($0, in: .utc) } == expected)
    }

    @Test("an expression in UTC or in its own zone ignores the zone it is evaluated in")
    func ownZoneWins() throws {
        let berlin = try TimeZoneRules.named("Europe/Berlin")
        let base = try Self.instant("2026-11-25 00:00:00")
        for text in ["9:00 UTC", "9:00 Asia/Kolkata"] {
            let spec = try CalendarSpec(parsing: text, localZone: .utc)
            #expect(spec.nextElapse(after: base, in: berlin) == spec.nextElapse(after: base, in: .utc))
        }
    }
}

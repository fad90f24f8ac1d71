import Foundation
import Testing
@testable import RungTime

/// One `mktime` call in a fresh process and what glibc 2.36 answered (checked with a
/// C program under `TZ=zone`).
struct MakeTimeVector: CustomTestStringConvertible, Sendable {
    let zone: String
    let input: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, isDST: Int)
    let seconds: Int64
    let output: String

    var testDescription: String {
        let i = input
        return "\(zone) \(i.year)-\(i.month)-\(i.day) \(i.hour):\(i.minute):\(i.second) isDST \(i.isDST) → \(output)"
    }
}

enum TimeZoneTestFormat {
    /// Renders a normalized time the way the vectors write glibc's answers.
    static func fields(_ t: BrokenDownTime) -> String {
        func two(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }
        return "\(t.year)-\(two(t.month))-\(two(t.day)) \(two(t.hour)):\(two(t.minute)):\(two(t.second))"
            + " wd\(t.weekday) dst\(t.isDST) \(t.utcOffset) \(t.abbreviation)"
    }
}

private let makeTimeVectors: [MakeTimeVector] = [
    // Spring forward in Berlin: 02:30 does not exist.
    .init(zone: "Europe/Berlin", input: (2026, 3, 29, 2, 30, 0, -1), seconds: 1_774_747_800,
          output: "2026-03-29 03:30:00 wd0 dst1 7200 CEST"),
    .init(zone: "Europe/Berlin", input: (2026, 3, 29, 2, 30, 0, 0), seconds: 1_774_747_800,
          output: "2026-03-29 03:30:00 wd0 dst1 7200 CEST"),
    .init(zone: "Europe/Berlin", input: (2026, 3, 29, 2, 30, 0, 1), seconds: 1_774_744_200,
          output: "2026-03-29 01:30:00 wd0 dst0 3600 CET"),
    // Fall back in Berlin: 02:30 happens twice; a fresh process picks the later one for -1.
    .init(zone: "Europe/Berlin", input: (2026, 10, 25, 2, 30, 0, -1), seconds: 1_792_891_800,
          output: "2026-10-25 02:30:00 wd0 dst0 3600 CET"),
    .init(zone: "Europe/Berlin", input: (2026, 10, 25, 2, 30, 0, 0), seconds: 1_792_891_800,
          output: "2026-10-25 02:30:00 wd0 dst0 3600 CET"),
    .init(zone: "Europe/Berlin", input: (2026, 10, 25, 2, 30, 0, 1), seconds: 1_792_888_200,
          output: "2026-10-25 02:30:00 wd0 dst1 7200 CEST"),
    // Out-of-range fields carry over.
    .init(zone: "Europe/Berlin", input: (2026, 13, 1, 0, 0, 0, -1), seconds: 1_798_758_000,
          output: "2027-01-01 00:00:00 wd5 dst0 3600 CET"),
    .init(zone: "Europe/Berlin", input: (2026, 1, 32, 25, -1, 0, -1), seconds: 1_769_990_340,
          output: "2026-02-02 00:59:00 wd1 dst0 3600 CET"),
    .init(zone: "Europe/Berlin", input: (2026, 3, 0, 0, 0, 0, -1), seconds: 1_772_233_200,
          output: "2026-02-28 00:00:00 wd6 dst0 3600 CET"),
    .init(zone: "Europe/Berlin", input: (2026, 7, 1, 12, 0, 75, -1), seconds: 1_782_900_075,
          output: "2026-07-01 12:01:15 wd3 dst1 7200 CEST"),
    // isDST 1 in winter: read as summer time, i.e. an hour earlier in standard time.
    .init(zone: "Europe/Berlin", input: (2026, 1, 15, 12, 0, 0, 1), seconds: 1_768_471_200,
          output: "2026-01-15 11:00:00 wd4 dst0 3600 CET"),
    .init(zone: "America/New_York", input: (2026, 3, 8, 2, 30, 0, -1), seconds: 1_772_955_000,
          output: "2026-03-08 03:30:00 wd0 dst1 -14400 EDT"),
    // West of UTC a fresh process picks the earlier instant of a fold.
    .init(zone: "America/New_York", input: (2026, 11, 1, 1, 30, 0, -1), seconds: 1_793_511_000,
          output: "2026-11-01 01:30:00 wd0 dst1 -14400 EDT"),
    .init(zone: "America/New_York", input: (2026, 11, 1, 1, 30, 0, 0), seconds: 1_793_514_600,
          output: "2026-11-01 01:30:00 wd0 dst0 -18000 EST"),
    // Lord Howe moves by half an hour.
    .init(zone: "Australia/Lord_Howe", input: (2026, 10, 4, 2, 15, 0, -1), seconds: 1_791_042_300,
          output: "2026-10-04 02:45:00 wd0 dst1 39600 +11"),
    .init(zone: "Australia/Lord_Howe", input: (2026, 4, 5, 1, 45, 0, -1), seconds: 1_775_315_700,
          output: "2026-04-05 01:45:00 wd0 dst0 37800 +1030"),
    // Dublin's negative DST: winter GMT is the DST half.
    .init(zone: "Europe/Dublin", input: (2026, 3, 29, 1, 30, 0, -1), seconds: 1_774_744_200,
          output: "2026-03-29 00:30:00 wd0 dst1 0 GMT"),
    .init(zone: "Europe/Dublin", input: (2026, 10, 25, 1, 30, 0, -1), seconds: 1_792_891_800,
          output: "2026-10-25 01:30:00 wd0 dst1 0 GMT"),
    .init(zone: "Europe/Dublin", input: (2026, 1, 1, 12, 0, 0, 1), seconds: 1_767_268_800,
          output: "2026-01-01 12:00:00 wd4 dst1 0 GMT"),
    // No DST in reach: glibc takes DST as one hour ahead.
    .init(zone: "Asia/Kolkata", input: (2026, 6, 1, 12, 0, 0, 1), seconds: 1_780_291_800,
          output: "2026-06-01 11:00:00 wd1 dst0 19800 IST"),
    .init(zone: "UTC", input: (2026, 6, 1, 12, 0, 0, 1), seconds: 1_780_311_600,
          output: "2026-06-01 11:00:00 wd1 dst0 0 UTC"),
    // Samoa skipped 30 December 2011 entirely.
    .init(zone: "Pacific/Apia", input: (2011, 12, 30, 12, 0, 0, -1), seconds: 1_325_196_000,
          output: "2011-12-29 12:00:00 wd4 dst1 -36000 -10"),
    .init(zone: "EST5EDT,M3.2.0,M11.1.0", input: (2026, 3, 8, 2, 30, 0, -1), seconds: 1_772_955_000,
          output: "2026-03-08 03:30:00 wd0 dst1 -14400 EDT"),
    .init(zone: "IST-1GMT0,M10.5.0,M3.5.0/1", input: (2026, 10, 25, 1, 30, 0, -1), seconds: 1_792_891_800,
          output: "2026-10-25 01:30:00 wd0 dst1 0 GMT"),
]

@Suite("TimeZoneRules")
struct TimeZoneRulesTests {
    @Test("mktime vectors match glibc", arguments: makeTimeVectors)
    func makeTimeMatchesGlibc(vector: MakeTimeVector) throws {
        let rules = try TimeZoneRules.named(vector.zone)
        let i = vector.input
        var time = BrokenDownTime(
            year: i.year, month: i.month, day: i.day, hour: i.hour, minute: i.minute, second: i.second, isDST: i.isDST
        )
        let seconds = rules.makeTime(&time)
        #expect(seconds == vector.seconds)
        #expect(TimeZoneTestFormat.fields(time) == vector.output)
    }

    @Test("localtime of a vector's answer gives its fields back", arguments: makeTimeVectors)
    func localTimeMatchesGlibc(vector: MakeTimeVector) throws {
        let rules = try TimeZoneRules.named(vector.zone)
        #expect(TimeZoneTestFormat.fields(rules.localTime(at: vector.seconds)) == vector.output)
    }

    @Test("tzname after tzset matches glibc", arguments: [
        ("Europe/Berlin", "CET", "CEST"),
        ("America/New_York", "EST", "EDT"),
        ("Australia/Lord_Howe", "+1030", "+11"),
        ("Asia/Kolkata", "IST", "+0630"),
        ("UTC", "UTC", nil),
        ("Europe/Dublin", "IST", "GMT"),
        ("Africa/Casablanca", "+01", "+00"),
        ("Antarctica/Troll", "+00", "+02"),
        ("EST5EDT,M3.2.0,M11.1.0", "EST", "EDT"),
        ("<+0530>-5:30", "+0530", nil),
    ] as [(String, String, String?)])
    func abbreviations(zone: String, standard: String, daylight: String?) throws {
        let rules = try TimeZoneRules.named(zone)
        #expect(rules.standardAbbreviation == standard)
        #expect(rules.daylightAbbreviation == daylight)
    }

    @Test("UTC is UTC at any instant", arguments: [Int64(-2_208_988_800), 0, 1_774_747_800, 4_102_444_800])
    func utc(seconds: Int64) {
        let time = TimeZoneRules.utc.localTime(at: seconds)
        #expect(time.utcOffset == 0)
        #expect(time.isDST == 0)
        #expect(time.abbreviation == "UTC")
        var copy = time
        #expect(TimeZoneRules.utc.makeTime(&copy) == seconds)
    }

    @Test("unknown names are refused with the name in the message")
    func unknownName() {
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.named("Mars/Base") }
        do {
            _ = try TimeZoneRules.named("Mars/Base")
        } catch {
            #expect(error.description == "unknown time zone 'Mars/Base'")
        }
    }

    @Test("paths escaping the zone directory are refused", arguments: [
        ("../../etc/passwd", "time zone name '../../etc/passwd' must not contain '..'"),
        ("/etc/passwd", "time zone path '/etc/passwd' is outside the zone directory '/usr/share/zoneinfo'"),
    ])
    func escapingPaths(name: String, message: String) {
        do {
            _ = try TimeZoneRules.named(name, zoneDirectory: TimeZoneRules.defaultZoneDirectory)
            Issue.record("'\(name)' was accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("the system zone follows TZ as glibc reads it", arguments: [
        (["TZ": "Europe/Berlin"], "Europe/Berlin", "CET"),
        (["TZ": ":Europe/Berlin"], "Europe/Berlin", "CET"),
        (["TZ": ""], "Universal", "UTC"),
        (["TZ": "EST5EDT,M3.2.0,M11.1.0"], "EST5EDT,M3.2.0,M11.1.0", "EST"),
        (["TZ": "Mars/Base"], "Mars/Base", "Mars"),
    ])
    func systemZone(environment: [String: String], name: String, standard: String) {
        let rules = TimeZoneRules.system(environment: environment)
        #expect(rules.name == name)
        #expect(rules.standardAbbreviation == standard)
    }
}

@Suite("TimeZoneRules POSIX strings")
struct TimeZonePosixStringTests {
    @Test("strict parsing accepts what glibc reads completely", arguments: [
        "EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30", "IST-1GMT0,M10.5.0,M3.5.0/1", "AAA3BBB,J60/-2,J300/26",
        "CCC-2DDD-3,59/0:30,300/167:59:59", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "XXX5YYY", "UTC0",
    ])
    func accepted(string: String) throws {
        _ = try TimeZoneRules.named(string)
    }

    @Test("strict parsing refuses what glibc only half reads", arguments: [
        "ABC", "ABC5DEF,M13.1.0,M11.1.0", "ABC5DEF,M3.2.0/x", "ABC5DEF,J0,J100", "ABC5DEF,M3.2.0,M11.1.0x", "<AB>5",
    ])
    func refused(string: String) {
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.named(string) }
    }

    @Test("offsets and change times are read as glibc reads them", arguments: [
        // Minutes and seconds cap at 59 and hours at 24 in offsets, but not in change times.
        ("AAA-5:30:15", Int64(0), 19815, "AAA"),
        ("AAA+25", 0, -86400, "AAA"),
        ("AAA3BBB,J60/-2,J300/26", 5_101_200, -7200, "BBB"),
        ("AAA3BBB,J60/-2,J300/26", 5_101_199, -10800, "AAA"),
    ] as [(String, Int64, Int, String)])
    func offsets(string: String, seconds: Int64, offset: Int, abbreviation: String) throws {
        let time = try TimeZoneRules.named(string).localTime(at: seconds)
        #expect(time.utcOffset == offset)
        #expect(time.abbreviation == abbreviation)
    }

    @Test("TZDIR chooses where IANA names are read")
    func zoneDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rung-tzdir-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            atPath: "/usr/share/zoneinfo/Asia/Kolkata", toPath: directory.appendingPathComponent("Home").path
        )
        let rules = TimeZoneRules.system(environment: ["TZ": "Home", "TZDIR": directory.path])
        #expect(rules.localTime(at: 0).abbreviation == "IST")
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.named("Home") }
    }
}

@Suite("TimeZoneRules at the edges")
struct TimeZoneEdgeTests {
    @Test("extreme instants and fields give answers, not traps", arguments: [
        "Europe/Berlin", "EST5EDT,M3.2.0,M11.1.0", "right/UTC", "UTC",
    ])
    func extremes(zone: String) throws {
        let rules = try TimeZoneRules.named(zone)
        for seconds in [Int64.min, Int64.min + 1, -67_768_040_609_740_800, 67_767_976_233_316_800, Int64.max] {
            _ = rules.localTime(at: seconds)
        }
        for year in [Int(Int32.min) + 1900, -1_000_000, 0, 1_000_000, Int(Int32.max) + 1900] {
            var time = BrokenDownTime(year: year, month: 1, day: 1, isDST: 1)
            _ = rules.makeTime(&time)
        }
        var tooLarge = BrokenDownTime(year: 2026, month: 1, day: 1, hour: Int(Int32.max) + 1)
        #expect(rules.makeTime(&tooLarge) == nil)
    }

    @Test("makeTime round-trips localTime for every hour of 2026", arguments: ["Europe/Berlin", "Australia/Lord_Howe"])
    func roundTrip(zone: String) throws {
        let rules = try TimeZoneRules.named(zone)
        var guess = 0
        for seconds in stride(from: Int64(1_767_225_600), to: 1_798_761_600, by: 3600) {
            var time = rules.localTime(at: seconds)
            #expect(rules.makeTime(&time, offsetGuess: &guess) == seconds)
        }
    }
}

import RungTime
import Testing
@testable import RungCore

/// Time quantities out of range, each refused where it enters with the usual
/// `file:line:col: error:`; instants that saturate instead of trapping.
private let outOfRange: [MalformedConfig] = [
    // Channels: a program runs at most an hour; a notification stays up at most a day.
    .init("command timeout of 300 years", "[channel.hook]\nkind = \"command\"\nargv = [\"notify\"]\ntimeout = \"300y\"",
          "rung.toml:4:11: error: 'timeout' in [channel.hook] must be at most 1h, not '300y'"),
    .init("command timeout a second over an hour", "[channel.hook]\nkind = \"command\"\nargv = [\"notify\"]\ntimeout = \"3601s\"",
          "rung.toml:4:11: error: 'timeout' in [channel.hook] must be at most 1h, not '3601s'"),
    .init("mail timeout of a day", "[channel.mail]\nkind = \"email\"\nto = \"me@example.org\"\ntimeout = \"1d\"",
          "rung.toml:4:11: error: 'timeout' in [channel.mail] must be at most 1h, not '1d'"),
    .init("notification up for two days", "[channel.desk]\nkind = \"desktop\"\nexpire_timeout = \"2d\"",
          "rung.toml:3:18: error: 'expire_timeout' in [channel.desk] must be at most 1d, not '2d'"),
    // A performance lasts at most a week.
    .init("performance of 300000 years", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nduration = \"300000y\"",
          "rung.toml:4:12: error: 'duration' in [performance.demo] must be at most 1w, not '300000y'"),
    .init("performance a second over a week", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nduration = \"1w 1s\"",
          "rung.toml:4:12: error: 'duration' in [performance.demo] must be at most 1w, not '1w 1s'"),
    // Prompt windows: at most four weeks.
    .init("debrief escalated after 300000 years", "[prompts.debrief]\nescalate_after = \"300000y\"",
          "rung.toml:2:18: error: 'escalate_after' in [prompts.debrief] must be at most 4w, not '300000y'; use \"0\" for no escalation"),
    .init("check-in escalated after five weeks", "[prompts.check_in]\nescalate_after = \"5w\"",
          "rung.toml:2:18: error: 'escalate_after' in [prompts.check_in] must be at most 4w, not '5w'; use \"0\" for no escalation"),
    .init("re-nudge after 292278 years", "[prompts.debrief]\nrenudge_after = \"292278y\"",
          "rung.toml:2:17: error: 'renudge_after' in [prompts.debrief] must be at most 4w, not '292278y'; use \"0\" for no re-nudge"),
    .init("expiry after 300000 years", "[prompts.affirmation]\nexpires_after = \"300000y\"",
          "rung.toml:2:17: error: 'expires_after' in [prompts.affirmation] must be at most 4w, not '300000y'"),
    .init("expiry a microsecond over four weeks", "[prompts.check_in]\nexpires_after = \"4w 1us\"",
          "rung.toml:2:17: error: 'expires_after' in [prompts.check_in] must be at most 4w, not '4w 1us'"),
    .init("vicarious prompt 200000 years before", "[prompts.vicarious]\noffset = \"-200000y\"",
          "rung.toml:2:10: error: 'offset' in [prompts.vicarious] must be at most 4w before the start, not '-200000y'"),
    .init("affirmation five weeks after", "[prompts.affirmation]\noffset = \"+5w\"",
          "rung.toml:2:10: error: 'offset' in [prompts.affirmation] must be at most 4w after the end, not '+5w'"),
    // Date-times: the years of systemd's timestamps.
    .init("a performance in the year 300000", "[performance.demo]\ntitle = \"Demo\"\nat = \"300000-01-01 00:00\"",
          "rung.toml:3:6: error: 'at' in [performance.demo] must be in the years 1970 to 9999, not 300000"),
    .init("a performance in the year 999999999999", "[performance.demo]\ntitle = \"Demo\"\nat = \"999999999999-01-01 10:00\"",
          "rung.toml:3:6: error: 'at' in [performance.demo] must be in the years 1970 to 9999, not 999999999999"),
    .init("a performance in the year 10000", "[performance.demo]\ntitle = \"Demo\"\nat = \"10000-01-01 10:00 Europe/Berlin\"",
          "rung.toml:3:6: error: 'at' in [performance.demo] must be in the years 1970 to 9999, not 10000"),
    .init("a performance in 1969", "[performance.demo]\ntitle = \"Demo\"\nat = \"1969-12-31 23:59\"",
          "rung.toml:3:6: error: 'at' in [performance.demo] must be in the years 1970 to 9999, not 1969"),
    .init("a TOML date-time in 1969", "[performance.demo]\ntitle = \"Demo\"\nat = 1969-12-31T23:00:00Z",
          "rung.toml:3:6: error: 'at' in [performance.demo] must be in the years 1970 to 9999, not 1969"),
    // Calendar expressions: a performance at most every 5 minutes, a check-in every hour.
    .init("a performance every microsecond", "[performance.drill]\ntitle = \"Drill\"\non = \"*-*-* 00:00:00/0.000001\"",
          "rung.toml:3:6: error: 'on' in [performance.drill] elapses more than 288 times a day: a recurring performance may come at most every 5min"),
    .init("a performance every minute", "[performance.drill]\ntitle = \"Drill\"\non = \"minutely\"",
          "rung.toml:3:6: error: 'on' in [performance.drill] elapses more than 288 times a day: a recurring performance may come at most every 5min"),
    .init("two performances three minutes apart", "[performance.drill]\ntitle = \"Drill\"\non = \"Mon..Fri 09:00,03\"",
          "rung.toml:3:6: error: 'on' in [performance.drill] elapses only 3min apart: a recurring performance may come at most every 5min"),
    .init("performances across midnight", "[performance.drill]\ntitle = \"Drill\"\non = \"*-*-* 00,23:01,58\"",
          "rung.toml:3:6: error: 'on' in [performance.drill] elapses only 3min apart: a recurring performance may come at most every 5min"),
    .init("check-ins every half hour", "[ladder.talks]\nskill = \"speaking\"\ncheck_in = \"*:0/30\"\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:3:12: error: 'check_in' in [ladder.talks] elapses more than 24 times a day: a ladder's check-in may come at most every 1h"),
    .init("check-ins 59 minutes apart", "[ladder.talks]\nskill = \"speaking\"\ncheck_in = \"Sun 18:00,59\"\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:3:12: error: 'check_in' in [ladder.talks] elapses only 59min apart: a ladder's check-in may come at most every 1h"),
]

/// Values at their limits, each accepted.
private let atTheLimit: [(name: String, source: String)] = [
    ("command timeout of an hour", "[channel.hook]\nkind = \"command\"\nargv = [\"notify\"]\ntimeout = \"1h\""),
    ("notification up for a day", "[channel.desk]\nkind = \"desktop\"\nexpire_timeout = \"1d\""),
    ("notification up until answered", "[channel.desk]\nkind = \"desktop\"\nexpire_timeout = \"0\""),
    ("performance of a week", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nduration = \"7d\""),
    ("prompt windows of four weeks", "[prompts.debrief]\nexpires_after = \"4w\"\nrenudge_after = \"27d\"\nescalate_after = \"4w\"\noffset = \"+28d\""),
    ("vicarious prompt four weeks before", "[prompts.vicarious]\noffset = \"-4w\"\nexpires_after = \"4w\""),
    ("a performance in 1970", "[performance.demo]\ntitle = \"Demo\"\nat = \"1970-01-01 00:00\""),
    ("a performance in 9999", "[performance.demo]\ntitle = \"Demo\"\nat = 9999-12-31T23:59:59"),
    ("a performance every five minutes", "[performance.drill]\ntitle = \"Drill\"\non = \"*:0/5\""),
    ("a performance across midnight, five minutes apart", "[performance.drill]\ntitle = \"Drill\"\non = \"*-*-* 00,23:02,57\""),
    ("hourly check-ins", "[ladder.talks]\nskill = \"speaking\"\ncheck_in = \"hourly\"\nrungs = [{ title = \"a\", stakes = \"low\" }]"),
]

@Suite("Time limits")
struct TimeLimitsTests {
    @Test("refuses every time quantity beyond its range, where it is", arguments: outOfRange)
    func refused(_ fixture: MalformedConfig) {
        let check = ConfigLoader.check(fixture.source, path: "rung.toml")
        #expect(check.config == nil)
        #expect(check.errors.map(\.description) == fixture.errors)
    }

    @Test("accepts every time quantity at its limit", arguments: atTheLimit.map(\.source))
    func accepted(_ source: String) {
        let check = ConfigLoader.check("[channel.spare]\nkind = \"desktop\"\n" + source, path: "rung.toml")
        #expect(check.errors.map(\.description) == [])
        #expect(check.config != nil)
    }

    @Test("a performance in 9999 is planned at its instant, in its zone")
    func plannedInTheLastYear() throws {
        let config = try ConfigLoader.load("""
            [rung]
            timezone = "Europe/Berlin"
            [performance.demo]
            title = "Demo"
            at = "9999-12-31 10:00"
            [prompts.reframe]
            offset = "-15min"
            """, path: "rung.toml")
        let start = try #require(TimestampFormat.parseISO8601("9999-12-31T10:00:00+01:00"))
        let plan = Planner(config: config, systemZone: .utc).plan(from: start.adding(microseconds: -3_600_000_000), through: start)
        #expect(plan.map(\.kind) == [.reframe])
        #expect(plan.first?.due == start.adding(microseconds: -15 * 60_000_000))
    }

    @Test("a calendar expression crowds only when two of its times of day come closer than asked")
    func crowding() throws {
        let fiveMinutes = TimeLimits.performanceInterval
        #expect(try CalendarSpec(parsing: "*:0/5").crowding(closerThan: fiveMinutes) == nil)
        #expect(try CalendarSpec(parsing: "*:0/4").crowding(closerThan: fiveMinutes) == .moreThan(timesADay: 288))
        #expect(try CalendarSpec(parsing: "*-*-* 09:00:00,01").crowding(closerThan: fiveMinutes) == .gap(TimeSpan(microseconds: 1_000_000)))
        #expect(try CalendarSpec(parsing: "*-*-* 09:00:00.5,00.500001").crowding(closerThan: fiveMinutes) == .gap(TimeSpan(microseconds: 1)))
        #expect(try CalendarSpec(parsing: "*-*-* 00,23:00,59:00,59").crowding(closerThan: fiveMinutes) == .gap(TimeSpan(microseconds: 1_000_000)))
        #expect(try CalendarSpec(parsing: "*-*-* *:*:*").crowding(closerThan: fiveMinutes) == .moreThan(timesADay: 288))
        #expect(try CalendarSpec(parsing: "Sun 18:00").crowding(closerThan: TimeLimits.checkInInterval) == nil)
        #expect(try CalendarSpec(parsing: "@1800000000").crowding(closerThan: fiveMinutes) == nil)
    }

    @Test("calendar years 1970 to 2199 are accepted and 1969, 2200, 9999 and 10000 refused, as systemd does", arguments: [
        ("1970-01-01", true), ("2199-12-31 23:59:59", true), ("1970..2199-*-*", true),
        ("1969-12-31", false), ("2200-01-01", false), ("9999-01-01", false), ("10000-01-01", false), ("1969..2199-*-*", false),
    ])
    func calendarYears(_ expression: String, _ accepted: Bool) {
        #expect(((try? CalendarSpec(parsing: expression)) != nil) == accepted)
    }

    @Test("a varlink span is a second to the limit, in whole seconds")
    func varlinkSeconds() {
        let limit = TimeLimits.snooze
        #expect(TimeLimits.span(seconds: 1, atMost: limit) == TimeSpan(microseconds: 1_000_000))
        #expect(TimeLimits.span(seconds: 2_419_200, atMost: limit) == limit)
        #expect(TimeLimits.span(seconds: 2_419_201, atMost: limit) == nil)
        #expect(TimeLimits.span(seconds: 0, atMost: limit) == nil)
        #expect(TimeLimits.span(seconds: -1, atMost: limit) == nil)
        #expect(TimeLimits.span(seconds: 9_300_000_000_000, atMost: limit) == nil)
        #expect(TimeLimits.span(seconds: .max, atMost: TimeLimits.pause) == nil)
        #expect(TimeLimits.span(seconds: 31_557_600, atMost: TimeLimits.pause) == TimeLimits.pause)
    }
}

/// Every time field of a config, as a template whose `VALUE` is replaced.
private let timeFields: [String] = [
    "[channel.hook]\nkind = \"command\"\nargv = [\"notify\"]\ntimeout = \"VALUE\"",
    "[channel.mail]\nkind = \"email\"\nto = \"me@example.org\"\ntimeout = \"VALUE\"",
    "[channel.desk]\nkind = \"desktop\"\nexpire_timeout = \"VALUE\"",
    "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00Z\nduration = \"VALUE\"",
    "[prompts.vicarious]\noffset = \"-VALUE\"",
    "[prompts.reframe]\nexpires_after = \"VALUE\"",
    "[prompts.debrief]\noffset = \"+VALUE\"",
    "[prompts.debrief]\nrenudge_after = \"VALUE\"",
    "[prompts.debrief]\nescalate_after = \"VALUE\"",
    "[prompts.affirmation]\noffset = \"VALUE\"",
    "[prompts.check_in]\nescalate_after = \"VALUE\"",
]

extension TimeLimitsTests {
    @Test("no span in any time field traps: beyond its range it is one error at the value", arguments: [
        "300000y", "292277y", "292271y", "584541y", "infinity", "9223372036854775807us", "18446744073709551614us", "5w", "8d", "2h",
    ])
    func hostileSpans(value: String) throws {
        let start = try #require(TimestampFormat.parseISO8601("2030-01-01T10:00:00Z"))
        for template in timeFields {
            let source = "[channel.spare]\nkind = \"desktop\"\n[performance.talk]\ntitle = \"Talk\"\nat = 2030-01-01T10:00:00Z\nobserver = \"Mira\"\npeer = \"Sam\"\n"
                + template.replacingOccurrences(of: "VALUE", with: value)
            let check = ConfigLoader.check(source, path: "rung.toml")
            if let config = check.config {
                // Accepted values plan around the performance, far ahead and at the end of time.
                let planner = Planner(config: config, systemZone: .utc)
                #expect(!planner.plan(from: start.adding(microseconds: -86_400_000_000), through: start.adding(TimeLimits.promptWindow)).isEmpty)
                _ = planner.occurrences(from: .distantPast, through: .distantPast)
                _ = planner.occurrences(from: .distantFuture, through: .distantFuture)
            } else {
                #expect(check.errors.count == 1, "\(template) with \(value): \(check.errors)")
                #expect(check.errors.first?.description.contains("rung.toml:") == true)
            }
        }
    }
}

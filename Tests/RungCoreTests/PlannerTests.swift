import Foundation
import RungTime
import Testing
@testable import RungCore

/// An instant written as ISO 8601 with its offset (the oracle: offsets come from
/// Python's zoneinfo, not from Rung's own zone code).
private func at(_ text: String) -> Instant {
    guard let instant = TimestampFormat.parseISO8601(text) else { fatalError("bad test instant \(text)") }
    return instant
}

private func config(_ body: String, timezone: String = "Europe/Berlin") throws -> Config {
    try ConfigLoader.load("""
        [rung]
        timezone = "\(timezone)"
        \(body)
        [channel.desk]
        kind = "desktop"
        [channel.phone]
        kind = "command"
        argv = ["push"]
        """, path: "test.toml")
}

/// The system zone the planner falls back to; every config here names its own zone.
private let unusedSystemZone = TimeZoneRules.utc

private func summary(_ plan: [Occurrence]) -> [String] {
    plan.map { "\($0.kind.rawValue)\($0.isRenudge ? "+" : "") \(TimestampFormat.iso8601($0.due, in: try! TimeZoneRules.named("Europe/Berlin")))" }
}

@Suite("Planner")
struct PlannerTests {
    static let talk = """
        [performance.talk]
        title = "Meetup talk"
        at = 2026-06-12T18:30:00
        peer = "Jonas"
        observer = "Mira"
        """

    @Test("plans every prompt of a one-off performance at the COACHING.md defaults")
    func oneOff() throws {
        let planner = Planner(config: try config(Self.talk), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-06-01T00:00:00Z"), through: at("2026-06-30T00:00:00Z"))
        #expect(plan.map(\.kind) == [.vicarious, .reframe, .debrief, .affirmation, .debrief])
        #expect(plan.map(\.due) == [
            at("2026-06-11T18:30:00+02:00"), at("2026-06-12T18:15:00+02:00"), at("2026-06-12T19:40:00+02:00"),
            at("2026-06-12T20:30:00+02:00"), at("2026-06-12T22:40:00+02:00"),
        ])
        #expect(plan.map(\.expires) == [
            at("2026-06-12T18:30:00+02:00"), at("2026-06-12T18:25:00+02:00"), at("2026-06-13T19:40:00+02:00"),
            at("2026-06-14T20:30:00+02:00"), at("2026-06-13T19:40:00+02:00"),
        ])
        #expect(plan.allSatisfy { $0.subject == .performance("talk") && $0.channels == ["desk", "phone"] })
        #expect(plan.allSatisfy { $0.performanceStart == at("2026-06-12T18:30:00+02:00") })
        #expect(plan[4].follows == plan[2].id)
        #expect(plan.map(\.schedule) == [
            "performance:talk/vicarious", "performance:talk/reframe", "performance:talk/debrief",
            "performance:talk/affirmation", "performance:talk/debrief/renudge",
        ])
    }

    @Test("leaves out the vicarious prompt without a peer and the affirmation without an observer")
    func optionalPrompts() throws {
        let planner = Planner(config: try config("[performance.talk]\ntitle = \"T\"\nat = 2026-06-12T18:30:00"), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-06-01T00:00:00Z"), through: at("2026-06-30T00:00:00Z"))
        #expect(plan.map(\.kind) == [.reframe, .debrief, .debrief])
    }

    @Test("gives the same ids whenever and however often the same prompt is planned")
    func stableIDs() throws {
        let planner = Planner(config: try config(Self.talk), systemZone: unusedSystemZone)
        let whole = planner.plan(from: at("2026-06-01T00:00:00Z"), through: at("2026-06-30T00:00:00Z"))
        let again = planner.plan(from: at("2026-06-12T00:00:00Z"), through: at("2026-06-13T00:00:00Z"))
        #expect(Set(again.map(\.id)).isSubset(of: Set(whole.map(\.id))))
        #expect(again.count == 4)
        let reframe = try #require(whole.first { $0.kind == .reframe })
        #expect(reframe.id == OccurrenceID(schedule: "performance:talk/reframe", instant: at("2026-06-12T18:15:00+02:00")))
        #expect(Set(whole.map(\.id)).count == whole.count)
    }

    @Test("includes prompts scheduled exactly at either end of the window and nothing outside it")
    func windowBounds() throws {
        let planner = Planner(config: try config(Self.talk), systemZone: unusedSystemZone)
        let reframe = at("2026-06-12T18:15:00+02:00"), debrief = at("2026-06-12T19:40:00+02:00")
        #expect(planner.plan(from: reframe, through: debrief).map(\.kind) == [.reframe, .debrief])
        #expect(planner.plan(from: reframe.adding(microseconds: 1), through: debrief.adding(microseconds: -1)).isEmpty)
        #expect(planner.plan(from: debrief, through: reframe).isEmpty)
    }

    @Test("keeps local wall-clock times across the spring DST change", arguments: [
        ("Sun 09:00", ["2026-03-22T08:45:00+01:00", "2026-03-29T08:45:00+02:00", "2026-04-05T08:45:00+02:00"]),
    ])
    func recurringAcrossDST(_ expression: String, _ expected: [String]) throws {
        let planner = Planner(config: try config("""
            [prompts.debrief]
            enabled = false
            [performance.standup]
            title = "Sunday practice"
            on = "\(expression)"
            """), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-03-21T00:00:00Z"), through: at("2026-04-06T00:00:00Z"))
        #expect(plan.map(\.due) == expected.map(at))
        #expect(plan.map(\.performanceStart) == expected.map { at($0).adding(microseconds: 15 * 60_000_000) })
    }

    @Test("plans weekly check-ins at 18:00 local on both sides of both DST changes")
    func checkInsAcrossDST() throws {
        let planner = Planner(config: try config("""
            [ladder.talks]
            skill = "talks"
            check_in = "Sun 18:00"
            channels = ["phone"]
            rungs = [{ title = "Friend", stakes = "low" }]
            """), systemZone: unusedSystemZone)
        let spring = planner.plan(from: at("2026-03-22T00:00:00Z"), through: at("2026-03-30T00:00:00Z"))
        #expect(spring.map(\.due) == [at("2026-03-22T18:00:00+01:00"), at("2026-03-29T18:00:00+02:00")])
        let autumn = planner.plan(from: at("2026-10-18T00:00:00Z"), through: at("2026-10-26T00:00:00Z"))
        #expect(autumn.map(\.due) == [at("2026-10-18T18:00:00+02:00"), at("2026-10-25T18:00:00+01:00")])
        #expect(autumn.allSatisfy { $0.kind == .checkIn && $0.subject == .ladder("talks") && $0.channels == ["phone"] })
        #expect(autumn[0].expires == at("2026-10-19T18:00:00+02:00"))
    }

    @Test("reads a civil 'at' in the configured zone, or in its own zone when it names one", arguments: [
        ("America/New_York", "at = 2026-06-12T18:30:00", "2026-06-12T18:15:00-04:00"),
        ("Asia/Kolkata", "at = 2026-06-12T18:30:00", "2026-06-12T18:15:00+05:30"),
        ("Asia/Kolkata", "at = \"2026-06-12 18:30 America/New_York\"", "2026-06-12T18:15:00-04:00"),
        ("Asia/Kolkata", "at = 2026-06-12T18:30:00Z", "2026-06-12T18:15:00Z"),
    ])
    func zones(_ zone: String, _ line: String, _ reframe: String) throws {
        let planner = Planner(config: try config("[performance.talk]\ntitle = \"T\"\n\(line)", timezone: zone), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-06-10T00:00:00Z"), through: at("2026-06-14T00:00:00Z"))
        #expect(plan.first { $0.kind == .reframe }?.due == at(reframe))
    }

    @Test("quiet hours hold a prompt until they end, unless it would expire first")
    func quietHours() throws {
        let planner = Planner(config: try config("""
            quiet_hours = "22:00-07:30"
            [performance.late]
            title = "Late show"
            at = 2026-06-12T23:00:00
            duration = "30min"
            observer = "Mira"
            """), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-06-12T00:00:00Z"), through: at("2026-06-14T00:00:00Z"))
        #expect(summary(plan) == [
            "reframe 2026-06-12T22:45:00+02:00",
            "debrief 2026-06-13T07:30:00+02:00",
            "affirmation 2026-06-13T07:30:00+02:00",
            "debrief+ 2026-06-13T07:30:00+02:00",
        ])
        #expect(plan[1].scheduledAt == at("2026-06-12T23:40:00+02:00"))
    }

    @Test("quiet hours end at their local end time on the day DST begins")
    func quietHoursAcrossDST() throws {
        let planner = Planner(config: try config("""
            quiet_hours = "01:00-04:00"
            [ladder.talks]
            skill = "talks"
            check_in = "Sun 01:30"
            rungs = [{ title = "Friend", stakes = "low" }]
            """), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-03-29T00:00:00Z"), through: at("2026-03-29T12:00:00Z"))
        #expect(plan.map(\.due) == [at("2026-03-29T04:00:00+02:00")])
        #expect(plan.map(\.scheduledAt) == [at("2026-03-29T01:30:00+01:00")])
    }

    @Test("a pause suppresses what falls due in it, of its subject or of everything; it never moves a prompt")
    func pauses() throws {
        let planner = Planner(config: try config(Self.talk), systemZone: unusedSystemZone)
        let plan = planner.occurrences(from: at("2026-06-01T00:00:00Z"), through: at("2026-06-30T00:00:00Z"))
        let vicarious = try #require(plan.first { $0.kind == .vicarious })
        let talk = Pause(start: at("2026-06-11T00:00:00+02:00"), end: at("2026-06-12T09:00:00+02:00"), subject: .performance("talk"))
        #expect(planner.timing(of: vicarious, pauses: [talk]) == .suppressed(at: vicarious.due))
        let other = Pause(start: at("2026-06-11T00:00:00+02:00"), end: nil, subject: .ladder("talk"))
        #expect(planner.timing(of: vicarious, pauses: [other]) == .due(vicarious.due))
        let everything = Pause(start: at("2026-06-12T19:00:00+02:00"), end: nil)
        let timings = plan.map { planner.timing(of: $0, pauses: [everything]) }
        #expect(timings.filter { if case .due = $0 { true } else { false } }.count == 2)
        #expect(plan.prefix(2).map(\.kind) == [.vicarious, .reframe])
        let ended = Pause(start: vicarious.due.adding(microseconds: -60_000_000), end: vicarious.due)
        #expect(planner.timing(of: vicarious, pauses: [ended]) == .due(vicarious.due))
        // Coming late (after downtime), a prompt is suppressed by a pause in force then.
        let hour: Int64 = 3_600_000_000
        let later = Pause(start: vicarious.due.adding(microseconds: hour), end: vicarious.due.adding(microseconds: 3 * hour))
        #expect(planner.timing(of: vicarious, pauses: [later], at: vicarious.due.adding(microseconds: 2 * hour))
            == .suppressed(at: vicarious.due.adding(microseconds: 2 * hour)))
        #expect(planner.timing(of: vicarious, pauses: [later], at: vicarious.due.adding(microseconds: 4 * hour)) == .due(vicarious.due))
    }

    @Test("quiet hours defer to their end, on time when the prompt would expire first, and a pause at their end suppresses")
    func quietHoursTiming() throws {
        let planner = Planner(config: try config("""
            quiet_hours = "22:00-07:00"
            [ladder.talks]
            skill = "talks"
            check_in = "*-*-* 23:00"
            rungs = [{ title = "Friend", stakes = "low" }]
            [prompts.check_in]
            expires_after = "12h"
            """), systemZone: unusedSystemZone)
        var checkIn = try #require(planner.occurrences(from: at("2026-06-12T00:00:00Z"), through: at("2026-06-13T00:00:00Z")).first)
        let end = at("2026-06-13T07:00:00+02:00")
        #expect(planner.timing(of: checkIn, pauses: []) == .due(end))
        #expect(planner.timing(of: checkIn, pauses: [Pause(start: end, end: nil)]) == .suppressed(at: end))
        checkIn.expires = end
        #expect(planner.timing(of: checkIn, pauses: []) == .due(checkIn.due))
    }

    @Test("routes a prompt through its performance's channels, else its kind's, else the default chain")
    func routing() throws {
        let planner = Planner(config: try config("""
            channels = ["phone", "desk"]
            [prompts.reframe]
            channels = ["desk"]
            [performance.a]
            title = "A"
            at = 2026-06-12T18:30:00
            [performance.b]
            title = "B"
            at = 2026-06-13T18:30:00
            channels = ["phone"]
            """), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-06-12T00:00:00Z"), through: at("2026-06-13T23:00:00Z"))
        let routes = plan.filter { !$0.isRenudge }.map { "\($0.subject) \($0.kind.rawValue) \($0.channels.joined(separator: ","))" }
        #expect(routes == [
            "performance:a reframe desk", "performance:a debrief phone,desk",
            "performance:b reframe phone", "performance:b debrief phone",
        ])
    }

    @Test("honours offsets, expiry, a disabled kind and no re-nudge from [prompts]")
    func promptSettings() throws {
        let planner = Planner(config: try config("""
            [prompts.reframe]
            offset = "-1h"
            expires_after = "2h"
            [prompts.debrief]
            offset = "0"
            renudge_after = "0"
            [prompts.affirmation]
            enabled = false
            [performance.talk]
            title = "T"
            at = 2026-06-12T18:30:00
            observer = "Mira"
            duration = "2h"
            """), systemZone: unusedSystemZone)
        let plan = planner.plan(from: at("2026-06-01T00:00:00Z"), through: at("2026-06-30T00:00:00Z"))
        #expect(summary(plan) == ["reframe 2026-06-12T17:30:00+02:00", "debrief 2026-06-12T20:30:00+02:00"])
        #expect(plan[0].expires == at("2026-06-12T18:30:00+02:00"))
    }

    @Test("considers performances outside the window whose prompts fall inside it")
    func reachOutsideWindow() throws {
        let planner = Planner(config: try config(Self.talk), systemZone: unusedSystemZone)
        let vicariousOnly = planner.plan(from: at("2026-06-11T00:00:00Z"), through: at("2026-06-12T00:00:00Z"))
        #expect(vicariousOnly.map(\.kind) == [.vicarious])
        let renudgeOnly = planner.plan(from: at("2026-06-12T22:00:00+02:00"), through: at("2026-06-13T00:00:00+02:00"))
        #expect(renudgeOnly.map(\.isRenudge) == [true])
    }
}

@Suite("Example config")
struct ConfigExampleTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/rung.toml").path

    @Test("Config/rung.toml is valid, without warnings, and uses every top-level section")
    func exampleIsValid() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let check = ConfigLoader.check(text, path: "Config/rung.toml", now: at("2026-11-25T09:00:00Z"), systemZone: .utc)
        #expect(check.diagnostics.map(\.description) == [])
        let config = try #require(check.config)
        #expect(config.channelDefinitions.map(\.kindName) == ["desktop", "email", "command"])
        #expect(config.ladders.first?.rungs.count == 6)
        #expect(config.performances.count == 3)
        #expect(config.quietHours != nil)
    }

    @Test("Config/rung.toml mentions every key the loader accepts")
    func exampleHasEveryKey() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let keys = [
            "timezone", "quiet_hours", "channels", "kind", "urgency", "expire_timeout", "app_name", "to", "from",
            "sendmail", "argv", "timeout", "skill", "check_in", "climb_after", "rungs", "title", "stakes",
            "ladder", "rung", "at", "on", "duration", "peer", "observer", "enabled", "offset", "expires_after",
            "renudge_after", "escalate_after",
        ]
        for key in keys {
            #expect(text.contains("\n\(key) = ") || text.contains("{ \(key) = ") || text.contains(", \(key) = "), "missing \(key)")
        }
    }

    @Test("warns about a one-off performance in the past when given the time")
    func pastPerformance() {
        let check = ConfigLoader.check("""
            [rung]
            timezone = "Europe/Berlin"
            [channel.desk]
            kind = "desktop"
            [performance.old]
            title = "Old"
            at = 2026-01-01T10:00:00
            """, path: "rung.toml", now: at("2026-01-01T09:30:00Z"), systemZone: .utc)
        #expect(check.warnings.map(\.description) == ["rung.toml:7:6: warning: [performance.old] started in the past: of its prompts, only those still ahead (a debrief or affirmation within its window) will come"])
        #expect(check.config != nil)
    }

    @Test("reports bad zones and calendar expressions with their engines' own messages")
    func engineErrors() {
        let check = ConfigLoader.check("""
            [rung]
            timezone = "Europe/Berln"
            [ladder.talks]
            skill = "talks"
            check_in = "Sun 18:6O"
            rungs = [{ title = "Friend", stakes = "low" }]
            [performance.p]
            title = "P"
            on = "Mon..Frx 9:30"
            """, path: "rung.toml")
        let errors = check.errors.map(\.description)
        #expect(errors.count == 3)
        #expect(errors[0].hasPrefix("rung.toml:2:12: error: 'timezone' in [rung]: "))
        #expect(errors[1].hasPrefix("rung.toml:5:12: error: 'check_in' in [ladder.talks]: Failed to parse calendar specification 'Sun 18:6O': "))
        #expect(errors[2].hasPrefix("rung.toml:9:6: error: 'on' in [performance.p]: Failed to parse calendar specification 'Mon..Frx 9:30': "))
    }
}

import Foundation
import RungTestSupport
import RungTime
import Testing
@testable import RungCore

/// An instant written as ISO 8601 with its offset (offsets from Python's zoneinfo).
private func at(_ text: String) -> Instant {
    guard let instant = TimestampFormat.parseISO8601(text) else { fatalError("bad test instant \(text)") }
    return instant
}

/// A config in Berlin with a ladder whose top rung is high-stakes, and `body` after it.
private func config(_ body: String, prompts: String = "") throws -> Config {
    try ConfigLoader.load("""
        [rung]
        timezone = "Europe/Berlin"
        [channel.desk]
        kind = "desktop"
        [ladder.talks]
        skill = "giving a talk"
        rungs = [
          { title = "Friend", stakes = "low" },
          { title = "Team demo", stakes = "medium" },
          { title = "Board meeting", stakes = "high" },
          { title = "Keynote", stakes = "high" },
        ]
        \(body)
        \(prompts)
        """, path: "rung.toml")
}

private let keynote = """
    [performance.keynote]
    title = "Conference keynote"
    ladder = "talks"
    rung = "Keynote"
    at = 2026-06-12T18:30:00
    """

private func rehearsals(_ config: Config, from: String = "2026-01-01T00:00:00Z", through: String = "2027-01-01T00:00:00Z") -> [Occurrence] {
    Planner(config: config, systemZone: .utc).occurrences(from: at(from), through: at(through)).filter { $0.kind == .rehearsal }
}

@Suite("Rehearsals before a high-stakes performance")
struct RehearsalPlanTests {
    @Test("a one-off high-stakes performance gets rehearsals 10, 4 and 1 days before, at its time of day, each missed once its day ends")
    func defaultDays() throws {
        let plan = rehearsals(try config(keynote))
        #expect(plan.map(\.scheduledAt) == ["2026-06-02T18:30:00+02:00", "2026-06-08T18:30:00+02:00", "2026-06-11T18:30:00+02:00"].map(at))
        #expect(plan.map(\.expires) == ["2026-06-03T00:00:00+02:00", "2026-06-09T00:00:00+02:00", "2026-06-12T00:00:00+02:00"].map(at))
        #expect(plan.map(\.schedule) == ["performance:keynote/rehearsal/10d", "performance:keynote/rehearsal/4d", "performance:keynote/rehearsal/1d"])
        #expect(plan.allSatisfy { $0.subject == .performance("keynote") && $0.performanceStart == at("2026-06-12T18:30:00+02:00") })
        #expect(plan.map(Rehearsal.daysBefore) == [10, 4, 1])
        #expect(plan.first?.id == OccurrenceID(schedule: "performance:keynote/rehearsal/10d", instant: at("2026-06-02T18:30:00+02:00")))
    }

    @Test("the rehearsed rung is the highest one below the performance's that is not high-stakes")
    func rehearsedRung() throws {
        let config = try config(keynote)
        #expect(Rehearsal.rung(for: config.performances[0], in: config) == 1)
        let label = rehearsals(config).first.flatMap { Rehearsal.label(of: $0, config: config) }
        #expect(label == "10 days before Conference keynote: rung 2, Team demo (medium stakes)")
    }

    @Test("a rehearsal is skipped on a day another performance on the ladder already starts, one-off or recurring")
    func coveredDays() throws {
        let plan = rehearsals(try config(keynote + """

            [performance.standup]
            title = "Monday stand-up"
            ladder = "talks"
            rung = "Friend"
            on = "Mon 09:30"

            [performance.dryrun]
            title = "Dry run"
            ladder = "talks"
            rung = "Team demo"
            at = 2026-06-11T08:00:00
            """))
        // 2026-06-08 is a Monday; 2026-06-11 has the dry run.
        #expect(plan.map(\.schedule) == ["performance:keynote/rehearsal/10d"])
    }

    @Test("a performance on another ladder does not cover a day")
    func otherLadder() throws {
        let plan = rehearsals(try config(keynote + """

            [ladder.chat]
            skill = "small talk"
            rungs = [{ title = "Barista", stakes = "low" }]
            [performance.coffee]
            title = "Coffee"
            ladder = "chat"
            rung = 1
            on = "*-*-* 09:00"
            """))
        #expect(plan.count == 3)
    }

    @Test("rehearsals keep the time on the clock across both DST changes, and a 25-hour day ends at its midnight", arguments: [
        ("2026-04-02T09:00:00", ["2026-03-23T09:00:00+01:00", "2026-03-29T09:00:00+02:00", "2026-04-01T09:00:00+02:00"]),
        ("2026-10-28T09:00:00", ["2026-10-18T09:00:00+02:00", "2026-10-24T09:00:00+02:00", "2026-10-27T09:00:00+01:00"]),
    ])
    func acrossDST(_ start: String, _ expected: [String]) throws {
        let plan = rehearsals(try config(keynote.replacingOccurrences(of: "2026-06-12T18:30:00", with: start), prompts: """
            [prompts.rehearsal]
            days_before = [10, 4, 1]
            """))
        #expect(plan.map(\.scheduledAt) == expected.map(at))
        let autumn = rehearsals(try config(keynote.replacingOccurrences(of: "2026-06-12T18:30:00", with: "2026-10-26T00:30:00"), prompts: """
            [prompts.rehearsal]
            days_before = [1]
            """))
        #expect(autumn.map(\.scheduledAt) == [at("2026-10-25T00:30:00+02:00")])
        #expect(autumn.map(\.expires) == [at("2026-10-26T00:00:00+01:00")], "25 hours after its midnight")
    }

    @Test("no rehearsal for a performance that is recurring, not high-stakes, follows its ladder, has no ladder or nothing below high", arguments: [
        "[performance.p]\ntitle = \"P\"\nladder = \"talks\"\nrung = \"Keynote\"\non = \"Fri 10:00\"",
        "[performance.p]\ntitle = \"P\"\nladder = \"talks\"\nrung = \"Team demo\"\nat = 2026-06-12T18:30:00",
        "[performance.p]\ntitle = \"P\"\nladder = \"talks\"\nrung = \"Friend\"\nat = 2026-06-12T18:30:00",
        "[performance.p]\ntitle = \"P\"\nladder = \"talks\"\nrung = \"Keynote\"\nstakes = \"medium\"\nat = 2026-06-12T18:30:00",
        "[performance.p]\ntitle = \"P\"\nladder = \"talks\"\nrung = \"current\"\nstakes = \"high\"\nat = 2026-06-12T18:30:00",
        "[performance.p]\ntitle = \"P\"\nstakes = \"high\"\nat = 2026-06-12T18:30:00",
        "[ladder.top]\nskill = \"s\"\nrungs = [{ title = \"A\", stakes = \"high\" }, { title = \"B\", stakes = \"high\" }]\n[performance.p]\ntitle = \"P\"\nladder = \"top\"\nrung = \"B\"\nat = 2026-06-12T18:30:00",
    ])
    func noRehearsal(_ body: String) throws {
        #expect(rehearsals(try config(body)).isEmpty)
    }

    @Test("disabled, or with its own days, channels and a shorter window")
    func settings() throws {
        #expect(rehearsals(try config(keynote, prompts: "[prompts.rehearsal]\nenabled = false")).isEmpty)
        let plan = rehearsals(try config(keynote, prompts: """
            [channel.phone]
            kind = "command"
            argv = ["push"]
            [prompts.rehearsal]
            days_before = [2, 7]
            channels = ["phone"]
            expires_after = "2h"
            """))
        #expect(plan.map(\.scheduledAt) == [at("2026-06-05T18:30:00+02:00"), at("2026-06-10T18:30:00+02:00")])
        #expect(plan.map(\.expires) == [at("2026-06-05T20:30:00+02:00"), at("2026-06-10T20:30:00+02:00")])
        #expect(plan.allSatisfy { $0.channels == ["phone"] })
    }

    @Test("days_before must be distinct whole days from 1 to 365, each problem reported where it is", arguments: [
        ("days_before = [10, \"4\"]", "rung.toml:17:20: error: 'days_before' in [prompts.rehearsal] must be an array of whole days, but holds a string"),
        ("days_before = [0]", "rung.toml:17:16: error: 'days_before' in [prompts.rehearsal] must hold days from 1 to 365, not 0"),
        ("days_before = [-3]", "rung.toml:17:16: error: 'days_before' in [prompts.rehearsal] must hold days from 1 to 365, not -3"),
        ("days_before = [366]", "rung.toml:17:16: error: 'days_before' in [prompts.rehearsal] must hold days from 1 to 365, not 366"),
        ("days_before = [4, 10, 4]", "rung.toml:17:23: error: 'days_before' in [prompts.rehearsal] names 4 twice"),
        ("days_before = 4", "rung.toml:17:15: error: 'days_before' in [prompts.rehearsal] must be an array of integers, not an integer"),
        ("offset = \"-1d\"", "rung.toml:17:1: error: unknown key 'offset' in [prompts.rehearsal]"),
    ])
    func daysBeforeErrors(_ line: String, _ expected: String) throws {
        let text = """
            [rung]
            timezone = "Europe/Berlin"
            [channel.desk]
            kind = "desktop"
            [ladder.talks]
            skill = "giving a talk"
            rungs = [
              { title = "Friend", stakes = "low" },
              { title = "Keynote", stakes = "high" },
            ]
            [performance.keynote]
            title = "Conference keynote"
            ladder = "talks"
            rung = "Keynote"
            at = 2026-06-12T18:30:00
            [prompts.rehearsal]
            \(line)
            """
        let check = ConfigLoader.check(text, path: "rung.toml")
        #expect(check.errors.map(\.description).contains { $0.hasPrefix(expected) }, "\(check.errors.map(\.description))")
        #expect(check.config == nil)
    }

    @Test("an empty days_before plans no rehearsal and says that enabled = false is plainer")
    func emptyDays() throws {
        let text = """
            [channel.desk]
            kind = "desktop"
            [prompts.rehearsal]
            days_before = []
            """
        let check = ConfigLoader.check(text, path: "rung.toml")
        #expect(check.warnings.map(\.description) == [
            "rung.toml:4:15: warning: 'days_before' in [prompts.rehearsal] is empty, so no rehearsal is planned; 'enabled = false' says so plainly",
        ])
        #expect(check.config?.prompts.rehearsalDaysBefore == [])
    }

    /// Random high-stakes dates, zones and `days_before` lists: every rehearsal lies before its
    /// performance, on a day of its own, and the further it is from the performance, the
    /// larger its gap to the next one.
    @Test("every rehearsal is before its performance, and the distances to it strictly grow as rehearsals get earlier")
    func property() throws {
        var random = SplitMix64(seed: 20_261_207)
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
        for _ in 0..<200 {
            let zone = zones[Int.random(in: 0..<zones.count, using: &random)]
            let month = Int.random(in: 1...12, using: &random), day = Int.random(in: 1...28, using: &random)
            let hour = Int.random(in: 0...23, using: &random), minute = Int.random(in: 0...59, using: &random)
            let days = Array(Set((0..<Int.random(in: 1...6, using: &random)).map { _ in Int.random(in: 1...365, using: &random) }))
            let start = String(format: "2027-%02d-%02dT%02d:%02d:00", month, day, hour, minute)
            let config = try ConfigLoader.load("""
                [rung]
                timezone = "\(zone)"
                [channel.desk]
                kind = "desktop"
                [ladder.talks]
                skill = "talks"
                rungs = [{ title = "Friend", stakes = "low" }, { title = "Keynote", stakes = "high" }]
                [performance.keynote]
                title = "Keynote"
                ladder = "talks"
                rung = 2
                at = \(start)
                [prompts.rehearsal]
                days_before = \(days)
                """, path: "rung.toml")
            let plan = rehearsals(config, from: "2025-01-01T00:00:00Z", through: "2029-01-01T00:00:00Z")
            #expect(plan.count == days.count, "\(zone) \(start) \(days)")
            let performanceStart = try #require(plan.first?.performanceStart)
            #expect(plan.allSatisfy { $0.scheduledAt < performanceStart && $0.expires <= performanceStart && $0.scheduledAt < $0.expires })
            let distances = plan.map { performanceStart.microseconds(since: $0.scheduledAt) }
            #expect(distances == distances.sorted(by: >), "in time order, the distances shrink: \(zone) \(start) \(days)")
            #expect(Set(distances).count == distances.count)
            #expect(plan.map { Rehearsal.daysBefore($0) ?? 0 } == days.sorted(by: >), "\(zone) \(start) \(days)")
        }
    }
}

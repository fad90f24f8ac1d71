import Foundation
import RungTestSupport
import RungTime
import Testing
@testable import RungCore

/// The plan read lazily — the next scheduled instant, the prompts one at a time, a plan
/// stopped at a limit — agrees with the plan of a whole stretch; and a snooze of everything
/// is one rule of `Planner.timing`.
@Suite("Lazy plan and snoozes of everything")
struct LazyPlanTests {
    static let hour: Int64 = 3_600_000_000
    static let start = TimestampFormat.parseISO8601("2027-03-20T00:00:00Z")!

    /// Every kind of prompt: a weekly and a one-off performance with peer and observer, a
    /// high-stakes one with rehearsals, a check-in ladder, quiet hours; across Berlin's
    /// change to summer time.
    static func planner(quiet: Bool = true) throws -> Planner {
        let config = try ConfigLoader.load("""
            [rung]
            timezone = "Europe/Berlin"
            channels = ["desk"]
            \(quiet ? "quiet_hours = \"22:00-07:00\"" : "")

            [channel.desk]
            kind = "desktop"

            [performance.club]
            title = "Club night"
            on = "Tue,Fri 19:00"
            duration = "90min"
            peer = "Jo"
            observer = "Mi"

            [performance.talk]
            title = "Talk"
            at = 2027-03-27T10:00:00
            peer = "Jo"

            [performance.keynote]
            title = "Keynote"
            ladder = "talks"
            rung = "Keynote"
            at = 2027-04-10T10:00:00

            [ladder.talks]
            skill = "talks"
            check_in = "*-*-* 08,20:30"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Keynote", stakes = "high" }]
            """, path: "rung.toml")
        return Planner(config: config, systemZone: .utc)
    }

    @Test("the next scheduled instant after any instant is the first of the plan after it")
    func nextScheduled() throws {
        let planner = try Self.planner()
        var random = SplitMix64(seed: 20_270_320)
        for _ in 0..<200 {
            let after = Self.start.adding(microseconds: Int64.random(in: 0...(21 * 24 * Self.hour), using: &random))
            let plan = planner.occurrences(from: after.adding(microseconds: 1), through: after.adding(microseconds: 14 * 24 * Self.hour))
            #expect(planner.nextScheduled(after: after) == plan.map(\.scheduledAt).min(), "after \(after)")
        }
    }

    @Test("the prompts read one at a time are the plan's, in order of scheduled instant")
    func promptsOneAtATime() throws {
        let planner = try Self.planner()
        let through = Self.start.adding(microseconds: 30 * 24 * Self.hour)
        let whole = planner.occurrences(from: Self.start, through: through)
        let lazy = Array(planner.prompts(after: Self.start.adding(microseconds: -1)).prefix { $0.scheduledAt <= through })
        #expect(lazy.count == whole.count)
        #expect(Set(lazy) == Set(whole))
        #expect(lazy.map(\.scheduledAt) == lazy.map(\.scheduledAt).sorted())
        #expect(Set(lazy.map(\.kind)) == Set(PromptKind.allCases))
    }

    @Test("the plan of any stretch, each subject's calendar searched once, is the prompts read one at a time in it")
    func anyStretch() throws {
        let planner = try Self.planner()
        var random = SplitMix64(seed: 20_271_207)
        let prompts = Array(planner.prompts(after: Self.start).prefix { $0.scheduledAt <= Self.start.adding(microseconds: 40 * 24 * Self.hour) })
        for round in 0..<300 {
            // Half the stretches begin or end exactly on a prompt's instant.
            var from = Self.start.adding(microseconds: Int64.random(in: 0...(20 * 24 * Self.hour), using: &random))
            if round % 2 == 0, let prompt = prompts.randomElement(using: &random) { from = prompt.scheduledAt }
            var through = from.adding(microseconds: Int64.random(in: 0...(10 * 24 * Self.hour), using: &random))
            if round % 4 == 1, let prompt = prompts.filter({ $0.scheduledAt >= from }).randomElement(using: &random) { through = prompt.scheduledAt }
            let whole = planner.occurrences(from: from, through: through)
            let lazy = Array(planner.prompts(after: from.adding(microseconds: -1)).prefix { $0.scheduledAt <= through })
            #expect(whole.count == lazy.count && Set(whole) == Set(lazy), "round \(round): \(from)...\(through)")
        }
    }

    @Test("a plan stopped at a limit holds every prompt due before where it stopped, and none after")
    func limitedPlan() throws {
        let planner = try Self.planner()
        let through = Self.start.adding(microseconds: 30 * 24 * Self.hour)
        let whole = planner.plan(from: Self.start, through: through)
        let complete = planner.plan(from: Self.start, through: through, limit: 10_000)
        #expect(complete.truncatedAt == nil)
        #expect(complete.occurrences == whole)
        let cut = planner.plan(from: Self.start, through: through, limit: 25)
        let stop = try #require(cut.truncatedAt)
        #expect(cut.occurrences == whole.filter { $0.due < stop })
        #expect(!cut.occurrences.isEmpty && cut.occurrences.count <= 25)
    }

    @Test("a snooze of everything moves what is due before its end to its end, and nothing else")
    func snoozeAllTiming() throws {
        let planner = try Self.planner(quiet: false)
        let plan = planner.occurrences(from: Self.start, through: Self.start.adding(microseconds: 14 * 24 * Self.hour))
        let debrief = try #require(plan.first { $0.kind == .debrief && !$0.isRenudge })
        let reframe = try #require(plan.first { $0.kind == .reframe })
        let made = debrief.due.adding(microseconds: -2 * Self.hour)
        let snooze = SnoozeAll(start: made, end: debrief.due.adding(microseconds: Self.hour))
        #expect(planner.timing(of: debrief, pauses: [], snoozes: [snooze]) == .due(snooze.end))
        // A prompt due at or after the end is left alone.
        let late = SnoozeAll(start: made, end: debrief.due)
        #expect(planner.timing(of: debrief, pauses: [], snoozes: [late]) == .due(debrief.due))
        // One that would expire by the end comes as it would have.
        let long = SnoozeAll(start: made, end: reframe.expires)
        #expect(planner.timing(of: reframe, pauses: [], snoozes: [long]) == .due(reframe.due))
        // A century: everything expires first, nothing moves.
        let century = SnoozeAll(start: made, end: made.adding(microseconds: 100 * 8_766 * Self.hour))
        #expect(plan.allSatisfy { planner.timing(of: $0, pauses: [], snoozes: [century]) == .due($0.due) })
        // A snooze of this prompt alone made since wins; one made before does not.
        var snoozedAlone = debrief
        snoozedAlone.snoozedAt = made.adding(microseconds: 1)
        #expect(planner.timing(of: snoozedAlone, pauses: [], snoozes: [snooze]) == .due(debrief.due))
        snoozedAlone.snoozedAt = made.adding(microseconds: -1)
        #expect(planner.timing(of: snoozedAlone, pauses: [], snoozes: [snooze]) == .due(snooze.end))
        // Two snoozes: the later end wins.
        let longer = SnoozeAll(start: made, end: snooze.end.adding(microseconds: Self.hour))
        #expect(planner.timing(of: debrief, pauses: [], snoozes: [longer, snooze]) == .due(longer.end))
        // A pause at the snooze's end suppresses the prompt, as does one at its own instant: it
        // falls due in the pause.
        let atEnd = Pause(start: snooze.end, end: snooze.end.adding(microseconds: Self.hour))
        #expect(planner.timing(of: debrief, pauses: [atEnd], snoozes: [snooze]) == .suppressed(at: snooze.end))
        let atDue = Pause(start: debrief.due, end: debrief.due.adding(microseconds: 1_000_000))
        #expect(planner.timing(of: debrief, pauses: [atDue], snoozes: [snooze]) == .suppressed(at: debrief.due))
    }

    @Test("quiet hours at a snooze's end defer the prompt again to their end")
    func snoozeIntoQuietHours() throws {
        let planner = try Self.planner()
        let checkIn = try #require(planner.occurrences(from: Self.start, through: Self.start.adding(microseconds: 24 * Self.hour))
            .first { $0.kind == .checkIn && $0.scheduledAt == TimestampFormat.parseISO8601("2027-03-20T08:30:00+01:00") })
        let snooze = SnoozeAll(start: Self.start, end: TimestampFormat.parseISO8601("2027-03-20T23:00:00+01:00")!)
        #expect(planner.timing(of: checkIn, pauses: [], snoozes: [snooze]) == .due(TimestampFormat.parseISO8601("2027-03-21T07:00:00+01:00")!))
    }
}

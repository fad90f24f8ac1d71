import Foundation
import RungControl
import RungCore
import RungStore
import RungTime
import Testing
@testable import RungDaemon

/// What the adaptive ladder adds to rungd's prompts and status, read from the store when
/// they go out: the check-in's weekly review, the reframe's hit rate, the vicarious
/// prompt's coping model, and the proposals, warnings and calibration of `status`.
@Suite("Prompts and status from the adaptive ladder")
struct AdaptiveLadderPromptTests {
    static let config = """
        [rung]
        timezone = "UTC"
        channels = ["desk"]

        [channel.desk]
        kind = "desktop"

        [ladder.talks]
        skill = "giving a talk"
        rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "medium" }, { title = "Conference", stakes = "high" }]

        [performance.standup]
        title = "Team stand-up"
        ladder = "talks"
        rung = "current"
        peer = "Sam"
        on = "Mon *-*-* 09:30"

        [performance.keynote]
        title = "Keynote"
        ladder = "talks"
        rung = 3
        peer = "Ana"
        at = 2027-06-01T10:00:00Z
        """

    static let now = Instant(seconds: 1_803_895_200)  // 2027-03-01T10:00:00Z
    static let day = CoachingPromptTests.day

    static func ago(days: Int64) -> Instant { now.adding(microseconds: -days * day) }

    static func occurrence(_ kind: PromptKind, _ subject: PlanSubject, at instant: Instant = now) -> Occurrence {
        Occurrence(
            kind: kind, subject: subject, schedule: "\(subject)/\(kind.rawValue)", scheduledAt: instant,
            expires: instant.adding(microseconds: day), channels: ["desk"])
    }

    static func debrief(_ outcome: Debrief.Outcome, rung: Int, daysAgo: Int64, start: Instant? = nil, confidence: Int = 55, feared: Bool? = nil) -> Debrief {
        Debrief(
            performance: "standup", skill: "talks", rung: rung, attemptStart: start, outcome: outcome, selfEfficacy: confidence,
            fearedHappened: feared, recordedAt: start ?? ago(days: daysAgo))
    }

    @Test("a check-in names the week's attempts and evidence and the proposal's reason; its proposed answer comes first, marked")
    func checkInCarriesTheReview() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        let store = fixture.store
        let previous = Self.occurrence(.checkIn, .ladder("talks"), at: Self.ago(days: 7))
        #expect(try store.recordPlanned(OccurrenceRecord(planned: previous, at: Self.ago(days: 7))))
        // Before the previous check-in: not this week's.
        try store.recordDebrief(Self.debrief(.miss, rung: 1, daysAgo: 9))
        try store.addEvidence(Evidence(skill: "talks", what: "told a friend the whole talk", happenedAt: Self.ago(days: 9), recordedAt: Self.ago(days: 9)))
        // This week: two successes, what was feared did not happen, and the next rung rated.
        try store.recordDebrief(Self.debrief(.success, rung: 1, daysAgo: 5, feared: false))
        try store.recordDebrief(Self.debrief(.success, rung: 1, daysAgo: 2, feared: false))
        try store.addEvidence(Evidence(skill: "talks", what: "kept to five minutes", happenedAt: Self.ago(days: 2), recordedAt: Self.ago(days: 2)))
        try store.rateRung(RungRating(ladder: "talks", rung: 2, selfEfficacy: 70, recordedAt: Self.ago(days: 1)))

        let message = await fixture.scheduler.message(for: Self.occurrence(.checkIn, .ladder("talks")))
        #expect(message.title == "Check-in: giving a talk")
        #expect(message.body.hasPrefix("Since your last check-in: 2 attempts — 2 as planned; what you feared did not happen 2 times; 1 new evidence entry; "))
        #expect(message.body.contains("Proposed: climb to rung 2 \u{201C}Stand-up\u{201D}, because "))
        #expect(message.actions.map(\.id) == ["climb", "hold", "step_back"])
        #expect(message.actions.first?.label == "Climb (proposed)")
        #expect(message.actions.dropFirst().allSatisfy { !$0.label.contains("proposed") })
    }

    @Test("the first check-in reviews everything so far, and proposes holding when there is nothing to go on")
    func firstCheckIn() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        let message = await fixture.scheduler.message(for: Self.occurrence(.checkIn, .ladder("talks")))
        #expect(message.body.hasPrefix("So far: no attempts; no new evidence."))
        #expect(message.actions.map(\.label) == ["Hold (proposed)", "Climb", "Step back"])
    }

    @Test("a reframe shows the hit rate after 10 under-predicted attempts, and not before")
    func reframeShowsHitRate() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        let store = fixture.store
        let reframe = Self.occurrence(.reframe, .performance("standup"))
        for index in 0..<10 {
            let start = Self.ago(days: Int64(20 - index))
            _ = try store.predict(Prediction(performance: "standup", attemptStart: start, selfEfficacy: 40, recordedAt: start.adding(microseconds: -Self.day / 2)))
            try store.recordDebrief(Self.debrief(index < 8 ? .success : .miss, rung: 1, daysAgo: 0, start: start))
            if index == 8 {
                let early = await fixture.scheduler.message(for: reframe)
                #expect(!early.body.contains("Your record says"), "9 predicted attempts are too few")
            }
        }
        let message = await fixture.scheduler.message(for: reframe)
        #expect(message.body.contains("Your record says you can do more than you expect: you predicted 40 % on average and succeeded 8 of 10."))
    }

    @Test("a vicarious prompt asks for a coping model before a first attempt at its rung, and the usual peer after attempts")
    func vicariousCopingModel() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        let store = fixture.store
        let current = Self.occurrence(.vicarious, .performance("standup"))
        let keynote = Self.occurrence(.vicarious, .performance("keynote"))
        #expect(await fixture.scheduler.message(for: current).body.contains("look for a time they struggled and recovered"))
        #expect(await fixture.scheduler.message(for: keynote).body.contains("look for a time they struggled and recovered"))
        try store.recordDebrief(Self.debrief(.partial, rung: 1, daysAgo: 3, confidence: 40))
        let usual = await fixture.scheduler.message(for: current).body
        #expect(usual.contains("Before Team stand-up (rung 1 of your giving a talk ladder: Friend), watch Sam do something like it"))
        #expect(!usual.contains("look for a time they struggled"))
        #expect(await fixture.scheduler.message(for: keynote).body.contains("look for a time they struggled and recovered"), "rung 3 is still untried")
    }

    @Test("after a step back the vicarious prompt asks for a coping model until the next attempt")
    func vicariousAfterSteppingBack() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        let store = fixture.store
        let current = Self.occurrence(.vicarious, .performance("standup"))
        try store.stepLadder("talks", at: Self.ago(days: 10)) { _ in (.climb, 2, "by hand") }
        try store.recordDebrief(Self.debrief(.partial, rung: 1, daysAgo: 12, confidence: 40))
        try store.recordDebrief(Self.debrief(.miss, rung: 2, daysAgo: 6, confidence: 30))
        try store.stepLadder("talks", at: Self.ago(days: 5)) { _ in (.stepBack, 1, "by hand") }
        #expect(await fixture.scheduler.message(for: current).body.contains("look for a time they struggled and recovered"),
                "rung 1 was tried, but before the step back")
        try store.recordDebrief(Self.debrief(.success, rung: 1, daysAgo: 1, confidence: 45))
        #expect(!(await fixture.scheduler.message(for: current).body.contains("look for a time they struggled")))
    }

    @Test("status names a ladder to move, with its reason, warns of a high-stakes performance ahead, and counts predicted attempts")
    func statusReportsTheLadders() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        let store = fixture.store
        let before = await fixture.scheduler.statusLine()
        #expect(!before.contains("proposed"), "every ladder holds")
        try store.recordDebrief(Self.debrief(.success, rung: 1, daysAgo: 12, feared: false))
        try store.stepLadder("talks", at: Self.ago(days: 10)) { _ in (.climb, 2, "by hand") }
        try store.recordDebrief(Self.debrief(.miss, rung: 2, daysAgo: 6))
        try store.recordDebrief(Self.debrief(.miss, rung: 2, daysAgo: 3))

        #expect(await fixture.scheduler.statusLine().hasSuffix("; proposed: talks step back"))
        let reply = try await fixture.scheduler.status().decoded(ControlInterface.StatusRequest.Reply.self)
        #expect(reply.status.hasSuffix("; proposed: talks step back"))
        #expect(reply.proposals == [ControlInterface.Proposal(
            ladder: "talks", step: "step_back", toRung: 1, toTitle: "Friend", reason: "your last 2 attempts at \u{201C}Stand-up\u{201D} did not go as planned")])
        #expect(reply.warnings.count == 1)
        #expect(reply.warnings.first?.hasPrefix("Keynote is high-stakes, and your giving a talk ladder has no success at medium stakes or above (2 first)") == true)
        #expect(reply.calibration == ControlInterface.Calibration(attempts: 0, needed: 10))
    }

    @Test("the status line follows what rungctl writes to the store from another process, and a reload")
    func statusFollowsOtherWriters() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.now)
        #expect(!(await fixture.scheduler.statusLine().contains("proposed")))
        let rungctl = try Store(path: fixture.directory + "/rung.sqlite3")
        try rungctl.stepLadder("talks", at: Self.ago(days: 10)) { _ in (.climb, 2, "by hand") }
        try rungctl.recordDebrief(Self.debrief(.miss, rung: 2, daysAgo: 6))
        try rungctl.recordDebrief(Self.debrief(.miss, rung: 2, daysAgo: 3))
        #expect(await fixture.scheduler.statusLine().hasSuffix("; proposed: talks step back"))
        let holding = try ConfigLoader.load(Self.config.replacingOccurrences(of: "[ladder.talks]", with: "[coaching]\nstep_back_after = 3\n\n[ladder.talks]"), path: "rung.toml")
        await fixture.scheduler.replace(config: holding)
        #expect(!(await fixture.scheduler.statusLine().contains("proposed")))
    }

    @Test("a high-stakes performance already past is not warned of, and calibration is given over every ladder once there is enough")
    func statusCalibrationAndPastPerformances() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Instant(seconds: 1_812_000_000))  // after the keynote
        let store = fixture.store
        for index in 0..<10 {
            let start = Self.ago(days: Int64(20 - index))
            _ = try store.predict(Prediction(performance: "standup", attemptStart: start, selfEfficacy: 50, recordedAt: start.adding(microseconds: -Self.day / 2)))
            try store.recordDebrief(Self.debrief(index < 5 ? .success : .miss, rung: 1, daysAgo: 0, start: start))
        }
        let reply = try await fixture.scheduler.status().decoded(ControlInterface.StatusRequest.Reply.self)
        #expect(reply.warnings.isEmpty)
        #expect(reply.calibration.attempts == 10 && reply.calibration.needed == 10)
        #expect(reply.calibration.brier == 0.25 && reply.calibration.bias == 0)
        #expect(reply.calibration.summary == "Brier 0.25, bias +0.00 over 10 predicted attempts: your predictions match what happens")
    }
}

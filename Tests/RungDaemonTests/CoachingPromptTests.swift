import RungControl
import RungCore
import RungStore
import RungTime
import Testing
@testable import RungDaemon

/// What rungd reads from the store when a prompt goes out: the evidence a reframe quotes,
/// the change chosen last time, and whether the vicarious prompt is still worth sending.
@Suite("Prompts from the person's own record")
struct CoachingPromptTests {
    static let config = """
        [rung]
        timezone = "UTC"
        channels = ["desk"]

        [channel.desk]
        kind = "desktop"

        [ladder.talks]
        skill = "giving a talk"
        rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "low" }, { title = "Demo", stakes = "medium" }]

        [performance.demo]
        title = "Friday demo"
        ladder = "talks"
        rung = 2
        peer = "Sam"
        at = 2027-03-01T10:00:00Z

        [performance.chat]
        title = "Coffee chat"
        at = 2027-03-02T10:00:00Z
        """

    static let start = Instant(seconds: 1_803_895_200)  // 2027-03-01T10:00:00Z
    static let minute = OutboxTests.minute
    static let day = 24 * 60 * minute
    /// The vicarious prompt is due a day before the start (the default offset).
    static let vicariousAt = start.adding(microseconds: -day)
    static let vicariousID = OccurrenceID(schedule: "performance:demo/vicarious", instant: vicariousAt).rawValue

    static func reframe(_ performance: String, at instant: Instant = start) -> Occurrence {
        Occurrence(
            kind: .reframe, subject: .performance(performance), schedule: "performance:\(performance)/reframe",
            scheduledAt: instant.adding(microseconds: -15 * minute), expires: instant, channels: ["desk"])
    }

    static func ago(days: Int64) -> Instant { start.adding(microseconds: -days * day) }

    @Test("a reframe quotes the ranked entries: specific ones at the rung, then below; never above it, vague or praise only")
    func reframeQuotesRankedEvidence() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config)
        let store = fixture.store
        try store.addEvidence(Evidence(skill: "talks", rung: 1, what: "told a friend the whole talk", detail: "stood up the whole time",
                                       happenedAt: Self.ago(days: 9), recordedAt: Self.ago(days: 9)))
        try store.addEvidence(Evidence(skill: "talks", rung: 2, what: "gave the stand-up update without notes",
                                       detail: "kept eye contact through the questions", happenedAt: Self.ago(days: 8), recordedAt: Self.ago(days: 8)))
        try store.addEvidence(Evidence(skill: "talks", rung: 2, what: "went fine", happenedAt: Self.ago(days: 3), recordedAt: Self.ago(days: 3)))
        try store.addEvidence(Evidence(skill: "talks", rung: 2, what: "you were amazing", source: .feedback(from: "Lee"), observed: true,
                                       happenedAt: Self.ago(days: 2), recordedAt: Self.ago(days: 2)))
        try store.addEvidence(Evidence(skill: "talks", rung: 3, what: "showed the demo to the whole team", detail: "answered four questions",
                                       happenedAt: Self.ago(days: 1), recordedAt: Self.ago(days: 1)))
        let message = await fixture.scheduler.message(for: Self.reframe("demo"))
        #expect(message.body.contains("""
            Your own evidence:
            • gave the stand-up update without notes: kept eye contact through the questions
            • told a friend the whole talk: stood up the whole time
            """))
        #expect(!message.body.contains("went fine"))
        #expect(!message.body.contains("amazing"))
        #expect(!message.body.contains("whole team"))
    }

    @Test("with only vague entries a reframe still quotes the person's own words; with none it quotes nothing")
    func reframeFallsBackToVagueEntries() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config)
        let empty = await fixture.scheduler.message(for: Self.reframe("demo"))
        #expect(!empty.body.contains("Your own evidence"))
        try fixture.store.addEvidence(Evidence(skill: "talks", rung: 2, what: "went fine", happenedAt: Self.ago(days: 3), recordedAt: Self.ago(days: 3)))
        let message = await fixture.scheduler.message(for: Self.reframe("demo"))
        #expect(message.body.contains("Your own evidence:\n• went fine"))
    }

    @Test("a reframe shows the change chosen in the latest debrief of the ladder, or of the performance without one")
    func reframeShowsLastChange() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config)
        let store = fixture.store
        try store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 1, outcome: .partial, change: "slow down",
                                        selfEfficacy: 40, recordedAt: Self.ago(days: 6)))
        try store.recordDebrief(Debrief(performance: "standup", skill: "talks", rung: 2, outcome: .success, change: "pause before answering",
                                        selfEfficacy: 60, recordedAt: Self.ago(days: 2)))
        try store.recordDebrief(Debrief(performance: "chat", skill: "chat", outcome: .success, change: "ask one question back",
                                        selfEfficacy: 70, recordedAt: Self.ago(days: 1)))
        let demo = await fixture.scheduler.message(for: Self.reframe("demo"))
        #expect(demo.body.contains("Last time you chose to change: pause before answering"))
        #expect(!demo.body.contains("slow down"))
        let chat = await fixture.scheduler.message(for: Self.reframe("chat", at: Self.start.adding(microseconds: Self.day)))
        #expect(chat.body.contains("Last time you chose to change: ask one question back"))
        #expect(!chat.body.contains("Your own evidence"))
    }

    @Test("a latest debrief that chose no change shows none, rather than an older one")
    func emptyLatestChangeShowsNone() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config)
        try fixture.store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .partial, change: "slow down",
                                                selfEfficacy: 40, recordedAt: Self.ago(days: 6)))
        try fixture.store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .success,
                                                selfEfficacy: 60, recordedAt: Self.ago(days: 2)))
        let message = await fixture.scheduler.message(for: Self.reframe("demo"))
        #expect(!message.body.contains("Last time you chose to change"))
    }

    @Test("a vicarious prompt is skipped, its reason in the ledger, when the latest confidence at its rung is 50 or more")
    func vicariousSkippedWhenConfident() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.vicariousAt.adding(microseconds: -Self.minute))
        try fixture.store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .miss, selfEfficacy: 30,
                                                recordedAt: Self.ago(days: 5)))
        try fixture.store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .success, selfEfficacy: 70,
                                                recordedAt: Self.ago(days: 3)))
        // Upcoming says so before it falls due.
        let replies = await fixture.scheduler.upcoming([:], more: false)
        let listed = try #require(try replies.first?.decoded(ControlInterface.UpcomingRequest.Reply.self).occurrences.first { $0.kind == "vicarious" })
        #expect(listed.skip == "skipped: your last confidence for this rung was 70 (watching a peer helps most under 50)")
        await fixture.pass(at: Self.vicariousAt)
        #expect(fixture.channels.received("desk").isEmpty)
        let record = try #require(try fixture.store.occurrence(id: Self.vicariousID))
        #expect(record.state == .expired)
        #expect(record.reason == "skipped: your last confidence for this rung was 70 (watching a peer helps most under 50)")
    }

    @Test("a vicarious prompt for a rung with no attempts is sent, with a Watched button; attempts at another rung do not count")
    func vicariousSentWithoutAttempts() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.vicariousAt.adding(microseconds: -Self.minute))
        try fixture.store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 1, outcome: .success, selfEfficacy: 90,
                                                recordedAt: Self.ago(days: 3)))
        let replies = await fixture.scheduler.upcoming([:], more: false)
        let listed = try #require(try replies.first?.decoded(ControlInterface.UpcomingRequest.Reply.self).occurrences.first { $0.kind == "vicarious" })
        #expect(listed.skip == nil)
        await fixture.pass(at: Self.vicariousAt)
        let sent = fixture.channels.received("desk").map(\.message)
        #expect(sent.map(\.kind) == ["vicarious"])
        #expect(sent.first?.actions.map(\.id) == ["watched", "done", "snooze", "skip"])
        #expect(try fixture.store.occurrence(id: Self.vicariousID)?.state == .delivered)
    }

    @Test("the decision is made when the prompt falls due: confidence recorded after planning counts")
    func vicariousDecidedAtDelivery() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config, start: Self.vicariousAt.adding(microseconds: -Self.minute))
        await fixture.pass()
        #expect(try fixture.store.occurrence(id: Self.vicariousID) == nil)
        try fixture.store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .success, selfEfficacy: 50,
                                                recordedAt: Self.vicariousAt.adding(microseconds: -Self.minute)))
        await fixture.pass(at: Self.vicariousAt)
        #expect(fixture.channels.received("desk").isEmpty)
        #expect(try fixture.store.occurrence(id: Self.vicariousID)?.state == .expired)
    }

    /// A keynote 10 days after `start`, with rehearsals 4 days and 1 day before it.
    static let rehearsalConfig = """
        [rung]
        timezone = "UTC"
        channels = ["desk"]

        [channel.desk]
        kind = "desktop"

        [ladder.talks]
        skill = "giving a talk"
        rungs = [{ title = "Friend", stakes = "low" }, { title = "Demo", stakes = "medium" }, { title = "Keynote", stakes = "high" }]

        [performance.keynote]
        title = "Conference keynote"
        ladder = "talks"
        rung = "Keynote"
        at = 2027-03-11T10:00:00Z

        [prompts.rehearsal]
        days_before = [4, 1]
        """
    static let rehearsalAt = start.adding(microseconds: 6 * day)  // 2027-03-07T10:00:00Z
    static let rehearsalID = OccurrenceID(schedule: "performance:keynote/rehearsal/4d", instant: rehearsalAt).rawValue

    @Test("a rehearsal is listed, delivered with done, snooze and skip, and a skip is recorded as its answer")
    func rehearsalDeliveredAndAnswered() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.rehearsalConfig, start: Self.rehearsalAt.adding(microseconds: -Self.minute))
        let replies = await fixture.scheduler.upcoming([:], more: false)
        let listed = try #require(try replies.first?.decoded(ControlInterface.UpcomingRequest.Reply.self).occurrences.first { $0.kind == "rehearsal" })
        #expect(listed.id == Self.rehearsalID)
        #expect(listed.rehearsal == "4 days before Conference keynote: rung 2, Demo (medium stakes)")
        await fixture.pass(at: Self.rehearsalAt)
        let sent = fixture.channels.received("desk").map(\.message)
        #expect(sent.map(\.kind) == ["rehearsal"])
        #expect(sent.first?.title == "4 days before Conference keynote: a low-stakes rep")
        #expect(sent.first?.actions.map(\.id) == ["done", "snooze", "skip"])
        #expect(try fixture.store.occurrence(id: Self.rehearsalID)?.state == .delivered)
        let reply = await fixture.scheduler.respond(["occurrence": .string(Self.rehearsalID), "answer": .string("skip")])
        #expect(reply.error == nil, "\(reply)")
        #expect(try fixture.store.responses(to: Self.rehearsalID).map(\.answer) == ["skip"])
        #expect(try fixture.store.occurrence(id: Self.rehearsalID)?.state == .answered)
    }

    @Test("a rehearsal found after its day has passed is missed, and says why; one found later that day still goes out")
    func rehearsalMissedOnceItsDayPassed() async throws {
        let dayEnd = Instant(seconds: 1_804_464_000)  // 2027-03-08T00:00:00Z
        let late = try OutboxTests.Fixture(config: Self.rehearsalConfig, start: Self.rehearsalAt.adding(microseconds: -Self.minute))
        await late.pass()
        await late.pass(at: dayEnd.adding(microseconds: Self.minute))
        #expect(late.channels.received("desk").isEmpty)
        let record = try #require(try late.store.occurrence(id: Self.rehearsalID))
        #expect(record.state == .missed)
        #expect(record.reason == "its day has passed")

        let sameDay = try OutboxTests.Fixture(config: Self.rehearsalConfig, start: Self.rehearsalAt.adding(microseconds: -Self.minute))
        await sameDay.pass()
        await sameDay.pass(at: dayEnd.adding(microseconds: -Self.minute))
        #expect(sameDay.channels.received("desk").map(\.message.kind) == ["rehearsal"])
    }
}

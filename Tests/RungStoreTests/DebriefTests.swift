import Foundation
import GRDB
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Debriefs: an outcome by button, completed later in place")
struct DebriefTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * Int64(TimeSpanUnit.minute)) }

    static let config = Config(
        ladders: [Ladder(id: "talks", skill: "giving a talk", rungs: [
            Rung(title: "Friend", stakes: .low), Rung(title: "Stand-up", stakes: .low), Rung(title: "Demo", stakes: .medium),
        ])],
        performances: [
            Performance(id: "standup", title: "Stand-up update", ladder: "talks", rung: 1, schedule: .instant(testInstant)),
            Performance(id: "demo", title: "Friday demo", ladder: "talks", followsLadder: true, schedule: .instant(testInstant)),
            Performance(id: "toast", title: "Wedding toast", schedule: .instant(testInstant)),
        ])

    private func store(_ prompts: [(id: String, performance: String)]) throws -> (Store, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        for prompt in prompts {
            try store.recordPlanned(OccurrenceRecord(
                id: prompt.id, kind: .debrief, subject: "performance:\(prompt.performance)", dueAt: at(60), updatedAt: at(-1),
                performanceStart: at(0)))
        }
        return (store, directory)
    }

    private func completed(_ occurrenceID: String, outcome: Debrief.Outcome = .partial, at minutes: Int64) -> Debrief {
        Debrief(
            occurrenceID: occurrenceID, performance: "standup", skill: "talks", rung: 2, attemptStart: at(0), outcome: outcome,
            planned: "give the update in under 3 minutes", happened: "finished in 2:40 and took one question",
            why: "I had rehearsed the first sentence", keep: "rehearse the opening", change: "look up at the end",
            selfEfficacy: 70, fearedHappened: false, distress: 40, aids: "notes", recordedAt: at(minutes))
    }

    @Test("a button's outcome is a debrief to complete, filed under the ladder and the performance's rung")
    func outcomeByButton() throws {
        let (store, directory) = try store([("d1", "standup"), ("d2", "toast")])
        _ = directory
        _ = try store.answer("d1", with: "success", via: .button, channel: "desktop", at: at(70), planned: { nil }, config: Self.config)
        let debrief = try #require(try store.debrief(answering: "d1"))
        #expect(debrief.outcome == .success)
        #expect(debrief.skill == "talks" && debrief.rung == 2 && debrief.performance == "standup")
        #expect(debrief.attemptStart == at(0))
        #expect(debrief.selfEfficacy == nil && !debrief.isCompleted)
        #expect(try store.standingResponse(to: "d1")?.answer == "success")

        _ = try store.answer("d2", with: "miss", via: .cli, at: at(70), planned: { nil }, config: Self.config)
        let toast = try #require(try store.debrief(answering: "d2"))
        #expect(toast.skill == "toast" && toast.rung == nil, "a performance on no ladder files its debriefs under its own id")
    }

    @Test("without a config, or for an answer that is no outcome, no debrief is made")
    func noOutcome() throws {
        let (store, directory) = try store([("d1", "standup"), ("d2", "standup")])
        _ = directory
        _ = try store.answer("d1", with: "success", via: .cli, at: at(70), planned: { nil })
        _ = try store.answer("d2", with: nil, note: "still shaking", via: .cli, at: at(70), planned: { nil }, config: Self.config)
        #expect(try store.debrief(answering: "d1") == nil)
        #expect(try store.debrief(answering: "d2") == nil)
    }

    @Test("a performance that follows its ladder files the outcome under the ladder's rung at the time")
    func followsLadder() throws {
        let (store, directory) = try store([("d1", "demo")])
        _ = directory
        try store.stepLadder("talks", at: at(1)) { _ in (.climb, 3, "by hand") }
        _ = try store.answer("d1", with: "partial", via: .button, at: at(70), planned: { nil }, config: Self.config)
        #expect(try store.debrief(answering: "d1")?.rung == 3)
    }

    @Test("a replaced answer changes the outcome of a debrief not yet completed")
    func replacedOutcome() throws {
        let (store, directory) = try store([("d1", "standup")])
        _ = directory
        _ = try store.answer("d1", with: "success", via: .button, at: at(70), planned: { nil }, config: Self.config)
        _ = try store.answer("d1", with: "miss", via: .cli, replacing: true, at: at(71), planned: { nil }, config: Self.config)
        #expect(try store.debrief(answering: "d1")?.outcome == .miss)
        #expect(try store.pool.read { try Debrief.fetchCount($0) } == 1)
    }

    @Test("completing the debrief fills the one the button started, in place, with evidence drawn from it")
    func completedInPlace() throws {
        let (store, directory) = try store([("d1", "standup")])
        _ = directory
        _ = try store.answer("d1", with: "success", via: .button, at: at(70), planned: { nil }, config: Self.config)
        let started = try #require(try store.debrief(answering: "d1"))
        let evidence = Evidence(skill: "talks", rung: 2, what: "finished in 2:40 and took one question", happenedAt: at(0), recordedAt: at(90))
        let (done, entry) = try store.recordDebrief(completed("d1", at: 90), evidence: evidence)
        #expect(done.id == started.id)
        #expect(done.recordedAt == at(70), "the outcome keeps when it was given")
        #expect(done.completedAt == at(90))
        let stored = try #require(try store.debrief(answering: "d1"))
        #expect(stored == done)
        #expect(stored.outcome == .partial && stored.happened == "finished in 2:40 and took one question" && stored.aids == "notes")
        #expect(try store.pool.read { try Debrief.fetchCount($0) } == 1)
        #expect(try store.evidence() == [try #require(entry)])
        #expect(entry?.source == .debrief(id: started.id))
        #expect(try store.occurrence(id: "d1")?.state == .answered)
    }

    @Test("a second full debrief of the same prompt is refused and changes nothing")
    func secondRefused() throws {
        let (store, directory) = try store([("d1", "standup")])
        _ = directory
        let first = try store.recordDebrief(completed("d1", at: 90)).debrief
        #expect(try store.standingResponse(to: "d1")?.answer == "partial", "the debrief's outcome stands as the prompt's answer")
        #expect(throws: Store.AnswerRefused.self) {
            try store.answer("d1", with: "success", via: .button, at: at(91), planned: { nil }, config: Self.config)
        }
        #expect(throws: StoreError.self) { try store.recordDebrief(completed("d1", outcome: .miss, at: 95)) }
        #expect(try store.debrief(answering: "d1") == first)
        _ = try store.answer("d1", with: "miss", via: .cli, replacing: true, at: at(96), planned: { nil }, config: Self.config)
        #expect(try store.debrief(answering: "d1")?.outcome == .partial, "a completed debrief is not changed by a later button")
    }

    @Test("a completed debrief needs a confidence for the next attempt")
    func completedNeedsConfidence() throws {
        let (store, directory) = try store([("d1", "standup")])
        _ = directory
        var debrief = completed("d1", at: 90)
        debrief.selfEfficacy = nil
        #expect(throws: StoreError.self) { try store.recordDebrief(debrief) }
        #expect(try store.debrief(answering: "d1") == nil)
    }
}

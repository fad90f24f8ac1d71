import Foundation
import GRDB
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("The timeline: everything the store remembers happening, in order")
struct TimelineTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * Int64(TimeSpanUnit.minute)) }

    /// A store holding one of everything: a prompt delivered (a failed attempt, then a
    /// sent one), snoozed, answered by a button, its debrief completed later with evidence
    /// drawn from it; a prediction, evidence by hand and its correction, a rung rating, a
    /// ladder's start and climb, a snooze of everything, a pause resumed early, a pause
    /// that ended, and a prompt planned for later.
    private func storeWithOneOfEach() throws -> (Store, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        _ = try store.predict(Prediction(performance: "standup", attemptStart: at(-30), selfEfficacy: 60, fear: "I freeze", recordedAt: at(-60)))
        try store.recordPlanned(OccurrenceRecord(id: "debrief-1", kind: .debrief, subject: "performance:standup", dueAt: at(0), updatedAt: at(-90)))
        try store.recordPlanned(OccurrenceRecord(id: "later", kind: .checkIn, subject: "ladder:talks", dueAt: at(10_000), updatedAt: at(-90)))
        let failed = try store.beginDelivery(of: "debrief-1", on: "desktop", at: at(0))
        try store.finishDelivery(try #require(failed.id), outcome: .failed, error: "no notification server", at: at(0))
        let sent = try store.beginDelivery(of: "debrief-1", on: "email", at: at(1))
        try store.finishDelivery(try #require(sent.id), outcome: .sent, at: at(1))
        try store.snooze("debrief-1", until: at(10), at: at(2))
        try store.recordResponse(Response(occurrenceID: "debrief-1", answer: "success", via: .button, answeredAt: at(11)))
        try store.write("recording an outcome") { db in
            var outcome = Debrief(occurrenceID: "debrief-1", performance: "standup", skill: "talks", rung: 2, outcome: .success, selfEfficacy: nil, recordedAt: at(11))
            try outcome.insert(db)
        }
        let manual = try store.addEvidence(Evidence(skill: "talks", rung: 2, what: "gave the update without notes", happenedAt: at(5), recordedAt: at(20)))
        try store.editEvidence(id: try #require(manual.id), editedAt: at(25)) { $0.what = "gave the whole update without notes" }
        try store.rateRung(RungRating(ladder: "talks", rung: 3, selfEfficacy: 40, recordedAt: at(30)))
        try store.stepLadder("talks", at: at(40)) { _ in (.climb, 2, "two good runs") }
        try store.snoozeAll(until: at(70), at: at(50))
        try store.recordDebrief(
            Debrief(occurrenceID: "debrief-1", performance: "standup", skill: "talks", rung: 2, outcome: .success, selfEfficacy: 70, recordedAt: at(120)),
            evidence: Evidence(skill: "talks", rung: 2, what: "kept eye contact", happenedAt: at(0), recordedAt: at(120)))
        let resumed = try store.pause(nil, from: at(200), until: at(400), reason: "ill")
        try store.resume(pause: try #require(resumed.id), at: at(300))
        try store.pause("performance:standup", from: at(500), until: at(600), reason: "holiday")
        return (store, directory)
    }

    /// Each entry as `minute type`, the shape a test can read at a glance.
    private func summary(_ entries: [TimelineEntry]) -> [String] {
        entries.map { entry in
            let minutes = entry.at.microseconds(since: testInstant) / Int64(TimeSpanUnit.minute)
            let type = switch entry.event {
            case .promptDue(let prompt, let state, _): "due \(prompt.id) \(state.rawValue)"
            case .delivery(_, let channel, let purpose, let outcome, _): "delivery \(channel) \(purpose.rawValue) \(outcome?.rawValue ?? "-")"
            case .answer(_, let answer, let via, _, _, let replacedAt): "answer \(answer) \(via.rawValue)\(replacedAt == nil ? "" : " replaced")"
            case .snooze(let prompt, _): "snooze \(prompt.id)"
            case .debriefRecorded(let debrief, let completed): "debrief \(debrief.outcome.rawValue) \(completed ? "whole" : "outcome \(debrief.selfEfficacy.map(String.init) ?? "-")")"
            case .debriefCompleted(let debrief): "debrief completed \(debrief.selfEfficacy ?? -1)"
            case .evidenceRecorded(let evidence): "evidence \(evidence.what)"
            case .evidenceEdited(let evidence): "edited \(evidence.what)"
            case .prediction(_, _, let selfEfficacy, _, _): "prediction \(selfEfficacy)"
            case .rungRating(let rating): "rating \(rating.rung)"
            case .ladderMove(let move): "ladder \(move.kind.rawValue) \(move.toRung)"
            case .snoozeAll: "snooze all"
            case .pauseStarted(let pause): "pause \(pause.subject ?? "all")"
            case .pauseResumed(let pause): "resumed \(pause.subject ?? "all")"
            case .pauseEnded(let pause): "ended \(pause.subject ?? "all")"
            }
            return "\(minutes) \(type)"
        }
    }

    @Test("one entry of each kind, oldest first; a prompt not yet due is left out")
    func everyKindInOrder() throws {
        let (store, directory) = try storeWithOneOfEach()
        _ = directory
        let entries = try store.timeline(since: nil, until: at(1_000))
        #expect(summary(entries) == [
            "-60 prediction 60",
            "0 delivery desktop first failed",
            "1 delivery email first sent",
            "2 snooze debrief-1",
            "10 due debrief-1 answered",
            "11 answer success button",
            "11 debrief success outcome -",
            "20 evidence gave the whole update without notes",
            "25 edited gave the whole update without notes",
            "30 rating 3",
            "40 ladder start 1",
            "40 ladder climb 2",
            "50 snooze all",
            "120 debrief completed 70",
            "120 evidence kept eye contact",
            "200 pause all",
            "300 resumed all",
            "500 pause performance:standup",
            "600 ended performance:standup",
        ])
        guard case .delivery(let prompt, _, _, _, let error) = entries[1].event else { Issue.record("not a delivery"); return }
        #expect(prompt == TimelinePrompt(id: "debrief-1", kind: .debrief, subject: "performance:standup"))
        #expect(error == "no notification server")
        let later = try store.timeline(since: nil, until: at(20_000))
        #expect(summary(later).last == "10000 due later planned")
    }

    @Test("since: only what happened at or after it; a pause begun before shows only its end")
    func since() throws {
        let (store, directory) = try storeWithOneOfEach()
        _ = directory
        #expect(summary(try store.timeline(since: at(120), until: at(1_000))) == [
            "120 debrief completed 70",
            "120 evidence kept eye contact",
            "200 pause all",
            "300 resumed all",
            "500 pause performance:standup",
            "600 ended performance:standup",
        ])
        #expect(summary(try store.timeline(since: at(250), until: at(550))) == ["300 resumed all", "500 pause performance:standup"])
        #expect(try store.timeline(since: at(2_000), until: at(1_000)).isEmpty)
    }

    @Test("a debrief given whole at once is one entry; a replaced answer is marked")
    func wholeDebriefAndReplacedAnswer() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(OccurrenceRecord(id: "reframe-1", kind: .reframe, subject: "performance:standup", dueAt: at(0), updatedAt: at(0)))
        try store.recordResponse(Response(occurrenceID: "reframe-1", answer: "done", via: .cli, answeredAt: at(1), replacedAt: at(2)))
        try store.recordResponse(Response(occurrenceID: "reframe-1", answer: "done", note: "it helped", via: .cli, answeredAt: at(2), rating: 8))
        try store.recordDebrief(Debrief(performance: "standup", skill: "talks", outcome: .partial, selfEfficacy: 55, recordedAt: at(3)))
        let entries = try store.timeline(since: nil, until: at(10))
        #expect(summary(entries) == ["0 due reframe-1 answered", "1 answer done cli replaced", "2 answer done cli", "3 debrief partial whole"])
        guard case .answer(_, _, _, let note, let rating, _) = entries[2].event, case .debriefRecorded(let debrief, _) = entries[3].event else {
            Issue.record("not an answer and a debrief")
            return
        }
        #expect(note == "it helped" && rating == 8)
        #expect(debrief.selfEfficacy == 55)
    }

    @Test("an empty store has an empty timeline")
    func empty() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(try store.timeline(since: nil, until: at(0)).isEmpty)
    }
}

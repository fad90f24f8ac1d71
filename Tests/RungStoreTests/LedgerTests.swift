import Foundation
import GRDB
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("The delivery ledger, debriefs, ladders and holds")
struct LedgerTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    private func planned(_ id: String, kind: PromptKind = .debrief, due minutes: Int64 = 0) -> OccurrenceRecord {
        OccurrenceRecord(id: id, kind: kind, subject: "performance:standup", dueAt: at(minutes), updatedAt: at(-60))
    }

    @Test("the same occurrence id is recorded once, whatever is proposed again")
    func exactlyOnce() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(try store.recordPlanned(planned("a1b2c3d4e5f60718")))
        try store.setState(.delivering, ofOccurrence: "a1b2c3d4e5f60718", at: at(0))
        var again = planned("a1b2c3d4e5f60718", due: 30)
        again.kind = .reframe
        #expect(try !store.recordPlanned(again))
        let stored = try #require(try store.occurrence(id: "a1b2c3d4e5f60718"))
        #expect(stored.state == .delivering)
        #expect(stored.kind == .debrief)
        #expect(stored.dueAt == at(0))
        let count = try store.pool.read { try OccurrenceRecord.fetchCount($0) }
        #expect(count == 1)
    }

    @Test("a planned Occurrence from the planner becomes a ledger line with its id, kind and subject")
    func fromPlanner() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let occurrence = Occurrence(kind: .reframe, subject: .performance("talk"), schedule: "performance:talk/reframe",
                                    scheduledAt: at(0), expires: at(60), channels: ["desktop"])
        #expect(try store.recordPlanned(OccurrenceRecord(planned: occurrence, at: at(-5))))
        #expect(try !store.recordPlanned(OccurrenceRecord(planned: occurrence, at: at(-1))))
        let stored = try #require(try store.occurrence(id: occurrence.id.rawValue))
        #expect(stored.kind == .reframe)
        #expect(stored.subject == "performance:talk")
        #expect(stored.dueAt == at(0))
        #expect(stored.updatedAt == at(-5))
    }

    @Test("a delivery is recorded before and after; a sent one marks the occurrence delivered")
    func deliveryLifecycle() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(planned("occ"))
        let failed = try store.beginDelivery(of: "occ", on: "desktop", at: at(0))
        #expect(try store.occurrence(id: "occ")?.state == .delivering)
        try store.finishDelivery(try #require(failed.id), outcome: .failed, error: "no notification server", at: at(1))
        #expect(try store.occurrence(id: "occ")?.state == .delivering)
        let sent = try store.beginDelivery(of: "occ", on: "email", at: at(2))
        try store.finishDelivery(try #require(sent.id), outcome: .sent, at: at(3))
        let occurrence = try #require(try store.occurrence(id: "occ"))
        #expect(occurrence.state == .delivered)
        #expect(occurrence.deliveredAt == at(3))
        let attempts = try store.deliveries(of: "occ")
        #expect(attempts.map(\.channel) == ["desktop", "email"])
        #expect(attempts.map(\.outcome) == [.failed, .sent])
        #expect(attempts.first?.error == "no notification server")
        #expect(throws: StoreError.self) { try store.finishDelivery(try #require(sent.id), outcome: .failed, at: at(4)) }
    }

    @Test("an answer marks the occurrence answered; final states never change")
    func responses() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(planned("occ"))
        try store.recordResponse(Response(occurrenceID: "occ", answer: "success", via: .button, channel: "desktop", answeredAt: at(5)))
        #expect(try store.occurrence(id: "occ")?.state == .answered)
        let error = try #require(throws: StoreError.self) { try store.setState(.planned, ofOccurrence: "occ", at: at(6)) }
        #expect(error.description == "error: occurrence occ is answered; it cannot become planned")
        // A late answer to an expired prompt is kept; the occurrence stays expired.
        try store.recordPlanned(planned("old"))
        try store.setState(.expired, ofOccurrence: "old", at: at(1))
        try store.recordResponse(Response(occurrenceID: "old", answer: "done", via: .cli, answeredAt: at(9)))
        #expect(try store.occurrence(id: "old")?.state == .expired)
        #expect(try store.responses(to: "old").map(\.answer) == ["done"])
        #expect(throws: StoreError.self) { try store.recordResponse(Response(occurrenceID: "nope", answer: "x", via: .cli, answeredAt: at(9))) }
    }

    @Test("a debrief with self-efficacy 101 is refused and nothing is written")
    func selfEfficacyOutOfRange() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(planned("occ"))
        let debrief = Debrief(occurrenceID: "occ", performance: "standup", skill: "public-speaking", rung: 2,
                              outcome: .success, selfEfficacy: 101, recordedAt: at(10))
        let evidence = Evidence(skill: "public-speaking", what: "did it", happenedAt: at(0), recordedAt: at(10))
        let error = try #require(throws: StoreError.self) { try store.recordDebrief(debrief, evidence: evidence) }
        #expect(error.description == "error: self-efficacy 101 is out of range; rate 0 (cannot do at all) to 100 (highly certain I can)")
        #expect(try store.debriefs(skill: "public-speaking").isEmpty)
        #expect(try store.evidenceCount() == 0)
        #expect(try store.occurrence(id: "occ")?.state == .planned)
    }

    @Test("a debrief, its evidence and its answered prompt are written together")
    func debriefWithEvidence() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(planned("occ"))
        let (debrief, entry) = try store.recordDebrief(
            Debrief(occurrenceID: "occ", performance: "standup", skill: "public-speaking", rung: 2, outcome: .partial,
                    whatWorked: "slow start", keep: "pause before answering", change: "fewer slides", selfEfficacy: 70,
                    fearedHappened: false, distress: 40, recordedAt: at(10)),
            evidence: Evidence(skill: "public-speaking", rung: 2, what: "answered two questions", happenedAt: at(0), recordedAt: at(10)))
        #expect(try store.debriefs(skill: "public-speaking", rung: 2) == [debrief])
        #expect(try store.evidence() == [try #require(entry)], "the entry is returned as recorded")
        #expect(entry?.source == .debrief(id: debrief.id))
        #expect(try store.occurrence(id: "occ")?.state == .answered)
    }

    @Test("a ladder move that goes the wrong way for its kind is refused and writes nothing")
    func ladderMoveConsistent() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.stepLadder("talks", at: at(10)) { _ in (.climb, 2, "2 of 3 succeeded, SE 70") }
        for (step, rung) in [(LadderStep.stepBack, 3), (.climb, 2), (.hold, 1)] {
            let wrong = try #require(throws: StoreError.self) { try store.stepLadder("talks", at: at(30)) { _ in (step, rung, "r") } }
            #expect(wrong.description.hasPrefix("error: ladder talks is at rung 2; a "), "\(wrong.description)")
        }
        #expect(try store.ladderPosition("talks") == LadderPosition(ladder: "talks", rung: 2, since: at(10)))
        #expect(try store.ladderHistory("talks").map(\.kind) == [.start, .climb])
    }

    @Test("snoozes and pauses survive reopening, each with its end")
    func holds() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        do {
            let store = try Store(path: path)
            try store.recordPlanned(planned("occ"))
            try store.snooze("occ", until: at(15), at: at(0))
            try store.pause("ladder:talks", from: at(0), until: at(60 * 24), reason: "holiday")
            let global = try store.pause(nil, from: at(0), until: at(60))
            try store.resume(pause: try #require(global.id), at: at(30))
            #expect(throws: StoreError.self) { try store.pause(nil, from: at(10), until: at(10)) }
        }
        let store = try Store(path: path)
        #expect(try store.occurrence(id: "occ")?.state == .snoozed)
        #expect(try store.latestSnooze(of: "occ")?.endsAt == at(15))
        #expect(try store.activePauses(at: at(10)).map(\.subject) == ["ladder:talks", nil])
        #expect(try store.activePauses(at: at(45)).map(\.subject) == ["ladder:talks"])
        #expect(try store.activePauses(at: at(60 * 24)).isEmpty)
    }
}

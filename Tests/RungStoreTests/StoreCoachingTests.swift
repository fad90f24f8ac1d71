import Foundation
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

/// The store's records as the coaching rules read them.
@Suite("Store reads for coaching")
struct StoreCoachingTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    private func performance(rung: Int? = nil, followsLadder: Bool = false, ladder: String? = "talks") -> Performance {
        Performance(id: "demo", title: "Friday demo", ladder: ladder, rung: rung, followsLadder: followsLadder, schedule: .instant(at(0)))
    }

    @Test("an entry is quoted as what happened and its detail, cut after a whole word past a notification's two lines")
    func quoteText() {
        let entry = Evidence(skill: "talks", rung: 2, what: " gave the update without notes ", detail: "kept eye contact",
                             happenedAt: at(0), recordedAt: at(0))
        #expect(EvidenceCandidate(entry).text == "gave the update without notes: kept eye contact")
        let long = Evidence(skill: "talks", what: String(repeating: "word ", count: 60), happenedAt: at(0), recordedAt: at(0))
        let quoted = EvidenceCandidate(long).text
        #expect(quoted.count <= EvidenceQuote.maxLength && quoted.hasSuffix(" word…"))
    }

    @Test("feedback that is only praise is not specific, whatever its length; a vague own entry is not either")
    func specificity() {
        let praise = Evidence(skill: "talks", what: "you were absolutely amazing, what a great job, well done",
                              source: .feedback(from: "Lee"), observed: true, happenedAt: at(0), recordedAt: at(0))
        let candidate = EvidenceCandidate(praise)
        #expect(candidate.source == .feedback && candidate.observed == true && !candidate.isSpecific)
        let instance = Evidence(skill: "talks", what: "you paused before the second question and the room waited",
                                source: .feedback(from: "Lee"), observed: true, happenedAt: at(0), recordedAt: at(0))
        #expect(EvidenceCandidate(instance).isSpecific)
        #expect(!EvidenceCandidate(Evidence(skill: "talks", what: "went fine", happenedAt: at(0), recordedAt: at(0))).isSpecific)
        #expect(EvidenceCandidate(Evidence(skill: "talks", what: "x", source: .debrief(id: nil), happenedAt: at(0), recordedAt: at(0))).source == .debrief)
    }

    @Test("the attempt's rung counts from 1: the configured one, or where a followed ladder stands (1 before it starts)")
    func attemptRung() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(try store.attemptRung(of: performance(rung: 1)) == 2)
        #expect(try store.attemptRung(of: performance(ladder: nil)) == nil)
        #expect(try store.attemptRung(of: performance(followsLadder: true)) == 1)
        try store.stepLadder("talks", at: at(0)) { _ in (.climb, 3, "by hand") }
        #expect(try store.attemptRung(of: performance(followsLadder: true)) == 3)
    }

    @Test("the vicarious prompt is sent with no attempts at the rung, or with no confidence of 50 yet; skipped after one of 50")
    func vicariousDecision() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let demo = performance(rung: 1)
        #expect(try store.vicariousDecision(for: demo) == .send)
        try store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 3, outcome: .success, selfEfficacy: 90, recordedAt: at(1)))
        #expect(try store.vicariousDecision(for: demo) == .send, "an attempt at another rung")
        try store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .success, selfEfficacy: 50, recordedAt: at(2)))
        #expect(try store.vicariousDecision(for: demo) == VicariousSuggestion.decide(attempts: 1, latestConfidence: 50))
        try store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .miss, selfEfficacy: 30, recordedAt: at(3)))
        #expect(try store.vicariousDecision(for: demo) == .send, "the newest confidence counts")
        _ = try store.predict(Prediction(performance: "demo", attemptStart: at(100), selfEfficacy: 80, recordedAt: at(4)))
        #expect(try store.vicariousDecision(for: demo) == VicariousSuggestion.decide(attempts: 2, latestConfidence: 80),
                "a prediction made after the last debrief is the latest confidence")
        try store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 2, outcome: .miss, selfEfficacy: 20, recordedAt: at(5)))
        #expect(try store.vicariousDecision(for: demo) == .send, "and a debrief after it is again")
    }
}

import RungTime
import Testing
@testable import RungCore

@Suite("Which evidence a reframe quotes")
struct EvidenceRankingTests {
    /// Day `day` of June 2026 at noon UTC: later days are more recent.
    static func june(_ day: Int64) -> Instant {
        Instant(seconds: 1_780_315_200 + (day - 1) * 86_400)
    }

    static func entry(
        _ id: Int64, skill: String = "talks", rung: Int? = 2, source: EvidenceCandidate.Source = .manual,
        observed: Bool? = nil, specific: Bool = true, day: Int64
    ) -> EvidenceCandidate {
        EvidenceCandidate(
            id: id, skill: skill, rung: rung, source: source, observed: observed, isSpecific: specific,
            happenedAt: june(day), text: "entry \(id)")
    }

    static func ids(_ candidates: [EvidenceCandidate], rung: Int? = 2, limit: Int = 10) -> [Int64] {
        EvidenceRanking.quotable(candidates, skill: "talks", rung: rung, limit: limit).map(\.id)
    }

    @Test("only the attempt's skill is quoted")
    func sameSkillOnly() {
        let candidates = [Self.entry(1, skill: "emails", day: 9), Self.entry(2, day: 1)]
        #expect(Self.ids(candidates) == [2])
    }

    @Test("an entry from a rung above the attempt's is never quoted, however recent")
    func noHigherRung() {
        let candidates = [Self.entry(1, rung: 3, day: 9), Self.entry(2, rung: 2, day: 1), Self.entry(3, rung: 1, day: 2)]
        #expect(Self.ids(candidates) == [2, 3])
        #expect(Self.ids(candidates, rung: 1) == [3])
    }

    @Test("feedback is quoted only when the observer saw the attempt and named something specific")
    func feedbackNeedsObservedAndSpecific() {
        let candidates = [
            Self.entry(1, source: .feedback, observed: true, specific: true, day: 1),
            Self.entry(2, source: .feedback, observed: false, specific: true, day: 9),
            Self.entry(3, source: .feedback, observed: nil, specific: true, day: 8),
            Self.entry(4, source: .feedback, observed: true, specific: false, day: 7),
        ]
        #expect(Self.ids(candidates) == [1])
    }

    @Test("the person's vague entries are quoted only when no specific one can be")
    func specificBeforeVague() {
        let candidates = [
            Self.entry(1, specific: false, day: 9), Self.entry(2, rung: nil, specific: true, day: 1),
            Self.entry(3, source: .debrief, specific: false, day: 8),
        ]
        #expect(Self.ids(candidates) == [2], "one specific entry rather than a specific and a vague one")
        #expect(Self.ids(Array(candidates.prefix(1)) + [candidates[2]]) == [1, 3], "without a specific entry, the person's own words still count")
    }

    @Test("the attempt's own rung comes before lower rungs, which come before entries without a rung")
    func sameRungThenLowerThenNone() {
        let candidates = [Self.entry(1, rung: nil, day: 9), Self.entry(2, rung: 1, day: 8), Self.entry(3, rung: 2, day: 1)]
        #expect(Self.ids(candidates) == [3, 2, 1])
    }

    @Test("within a rung, the most recent comes first; on the same instant, the later-added entry")
    func recentFirst() {
        let candidates = [Self.entry(1, day: 3), Self.entry(2, day: 5), Self.entry(3, day: 4), Self.entry(4, day: 5)]
        #expect(Self.ids(candidates) == [4, 2, 3, 1])
    }

    @Test("an attempt without a rung takes every rung of the skill and prefers none")
    func attemptWithoutRung() {
        let candidates = [Self.entry(1, rung: 5, day: 2), Self.entry(2, rung: nil, day: 3), Self.entry(3, rung: 1, day: 1)]
        #expect(Self.ids(candidates, rung: nil) == [2, 1, 3])
    }

    @Test("at most two by default, none for a limit of zero or less, and none from an empty log")
    func limits() {
        let candidates = (1...5).map { Self.entry(Int64($0), day: Int64($0)) }
        #expect(EvidenceRanking.defaultLimit == 2)
        #expect(EvidenceRanking.quotable(candidates, skill: "talks", rung: 2).map(\.id) == [5, 4])
        #expect(Self.ids(candidates, limit: 0).isEmpty)
        #expect(Self.ids(candidates, limit: -1).isEmpty)
        #expect(Self.ids([]).isEmpty)
    }
}

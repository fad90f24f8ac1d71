import RungCore
import RungTestSupport
import RungTime
import Testing

/// What the proposal's rules promise over random ladders, thresholds and records, beyond
/// where each step leads and that no climb follows misses (`LadderProposalPropertyTests`):
/// a step back always has misses or low confidence behind it, high stakes wait for
/// medium-stakes successes, distress never turns a climb away, and every reason is one line.
///
/// Each case has a seed of its own, printed when it fails; `RUNG_PROPOSAL_SEED` replays it.
@Suite("Ladder proposal rules over random records")
struct LadderRulePropertyTests {
    static let cases = 3_000

    /// One random case: a ladder, its thresholds and a record on it.
    struct Case {
        var ladder: Ladder
        var record: LadderRecord
        var now: Instant

        init(seed: UInt64) {
            var random = SplitMix64(seed: seed)
            let rungCount = Int.random(in: 1...8, using: &random)
            let rungs = (1...rungCount).map { Rung(title: "rung \($0)", stakes: Stakes.allCases.randomElement(using: &random)!) }
            var settings = CoachingSettings()
            settings.climbAfter = Int.random(in: 1...3, using: &random)
            settings.climbWindow = Int.random(in: settings.climbAfter...5, using: &random)
            settings.stepBackAfter = Int.random(in: 1...3, using: &random)
            settings.climbConfidence = Int.random(in: 0...100, using: &random)
            settings.stepBackConfidence = Int.random(in: 0...100, using: &random)
            settings.mediumSuccesses = Int.random(in: 0...3, using: &random)
            settings.calibrationAfter = Int.random(in: 1...12, using: &random)
            ladder = Ladder(id: "talks", skill: "giving a talk", coaching: settings, rungs: rungs)

            // Half the attempts and ratings are about the current rung and the next, where
            // the rules look, so that every rule gets its turn.
            let current = Int.random(in: 1...rungCount, using: &random)
            let start = Instant(seconds: 1_800_000_000)
            var clock = start
            func later() -> Instant {
                clock = clock.adding(microseconds: Int64.random(in: 1...(3 * 86_400), using: &random) * 1_000_000)
                return clock
            }
            let attempts = (0..<Int.random(in: 0...10, using: &random)).map { _ in
                LadderRecord.Attempt(
                    rung: [current, current, Int.random(in: 1...rungCount, using: &random), nil].randomElement(using: &random)!,
                    outcome: [.success, .success, .partial, .miss, .miss].randomElement(using: &random)!,
                    stakes: Stakes.allCases.randomElement(using: &random)!,
                    fearedHappened: [nil, true, false, false].randomElement(using: &random)!,
                    distress: Bool.random(using: &random) ? Int.random(in: 0...100, using: &random) : nil,
                    aids: [nil, nil, "", "notes"].randomElement(using: &random)!,
                    predicted: Bool.random(using: &random) ? Int.random(in: 0...100, using: &random) : nil,
                    at: later())
            }
            let ratings = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                LadderRecord.Rating(
                    rung: [current, min(current + 1, rungCount), Int.random(in: 1...rungCount, using: &random)].randomElement(using: &random)!,
                    confidence: Int.random(in: 0...100, using: &random), at: later())
            }
            let end = later()
            record = LadderRecord(
                currentRung: current,
                since: [nil, start, Instant(microseconds: Int64.random(in: start.microseconds...end.microseconds, using: &random))].randomElement(using: &random)!,
                arrivedBySteppingBack: Bool.random(using: &random), attempts: attempts, ratings: ratings,
                lastWatched: Bool.random(using: &random) ? Instant(microseconds: Int64.random(in: start.microseconds...end.microseconds, using: &random)) : nil)
            now = later()
        }

        var proposal: LadderProposal { LadderProposal(ladder: ladder, record: record, now: now) }

        /// The misses in a row that end the attempts at the current rung.
        var missesInARow: Int { record.attemptsAtCurrentRung.reversed().prefix { $0.outcome == .miss }.count }
    }

    /// The seeds of this run: the one `RUNG_PROPOSAL_SEED` names first, then fresh ones.
    static func seeds(count: Int = cases) -> [UInt64] {
        let base = SplitMix64.seed(fromEnvironment: "RUNG_PROPOSAL_SEED")
        return (0..<UInt64(count)).map { base &+ $0 }
    }

    static func replay(_ seed: UInt64) -> String { "seed \(seed) (replay: RUNG_PROPOSAL_SEED=\(seed))" }

    @Test("a step back always has misses in a row or low confidence behind it, and every reason is one line")
    func stepBackRule() {
        var stepBacks = 0
        for seed in Self.seeds() {
            let example = Case(seed: seed)
            let proposal = example.proposal
            let settings = example.ladder.coaching
            let lowConfidence = (example.record.latestConfidence(for: example.record.currentRung)?.confidence ?? 101) < settings.stepBackConfidence
            let tooManyMisses = example.missesInARow >= settings.stepBackAfter
            let holds = (proposal.step != .stepBack || tooManyMisses || lowConfidence) && !proposal.reason.contains("\n")
            #expect(holds, "\(Self.replay(seed)): \(example.missesInARow) misses in a row, confidence low: \(lowConfidence), \(proposal)")
            if !holds { return }
            if proposal.step == .stepBack { stepBacks += 1 }
        }
        #expect(stepBacks > Self.cases / 100, "the random records call for step backs: \(stepBacks)")
    }

    @Test("no climb to a high-stakes rung before the ladder has the medium-stakes successes it needs")
    func lowStakesFirst() {
        var short = 0
        for seed in Self.seeds() {
            let example = Case(seed: seed)
            let next = example.record.currentRung + 1
            let medium = example.record.attempts.count { $0.outcome == .success && $0.stakes >= .medium }
            guard example.ladder.rungs.indices.contains(next - 1), example.ladder.rungs[next - 1].stakes == .high,
                  medium < example.ladder.coaching.mediumSuccesses
            else { continue }
            short += 1
            let proposal = example.proposal
            #expect(proposal.step != .climb, "\(Self.replay(seed)): \(medium) medium-stakes successes, yet \(proposal)")
            if proposal.step == .climb { return }
        }
        #expect(short > Self.cases / 100, "the random records lack medium-stakes successes below a high rung: \(short)")
    }

    @Test("distress is never a gate: a climb earned without it survives any distress recorded")
    func distressNeverBlocks() {
        // Climbs are rare among random records (about one in eighty): draw more of them.
        var climbs = 0
        for seed in Self.seeds(count: Self.cases * 4) {
            var example = Case(seed: seed)
            for index in example.record.attempts.indices { example.record.attempts[index].distress = nil }
            guard example.proposal.step == .climb else { continue }
            climbs += 1
            var random = SplitMix64(seed: seed)
            for index in example.record.attempts.indices { example.record.attempts[index].distress = Int.random(in: 0...100, using: &random) }
            let proposal = example.proposal
            #expect(proposal.step == .climb, "\(Self.replay(seed)): \(proposal)")
            if proposal.step != .climb { return }
        }
        #expect(climbs >= 50, "the random records earn climbs to test: \(climbs)")
    }
}

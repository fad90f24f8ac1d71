import Foundation
import RungTestSupport
import RungTime
import Testing
@testable import RungCore

/// Properties of the proposal over random records: whatever the record, the proposal is one
/// of the three steps and leads where that step goes, a climb never follows misses in a
/// row, and every proposal says why. A failure prints the seed that reproduces it.
@Suite("The ladder's proposal over random records")
struct LadderProposalPropertyTests {
    static func randomRecord(rungs: Int, _ random: inout SplitMix64) -> LadderRecord {
        let current = Int.random(in: 1...rungs, using: &random)
        var day: Int64 = 0
        let attempts = (0..<Int.random(in: 0...14, using: &random)).map { _ -> LadderRecord.Attempt in
            day += Int64.random(in: 0...3, using: &random)
            return LadderRecord.Attempt(
                rung: Bool.random(using: &random) ? current : Int.random(in: 1...rungs, using: &random),
                outcome: LadderRecord.Outcome.allCases.randomElement(using: &random)!,
                stakes: Stakes.allCases.randomElement(using: &random)!,
                fearedHappened: [true, false, nil].randomElement(using: &random)!,
                distress: Bool.random(using: &random) ? Int.random(in: 0...100, using: &random) : nil,
                aids: Int.random(in: 0..<4, using: &random) == 0 ? "notes" : nil,
                predicted: Bool.random(using: &random) ? Int.random(in: 0...10, using: &random) * 10 : nil,
                at: LadderProposalTests.at(day))
        }
        let ratings = (0..<Int.random(in: 0...6, using: &random)).map { index in
            LadderRecord.Rating(rung: Int.random(in: 1...rungs, using: &random), confidence: Int.random(in: 0...10, using: &random) * 10, at: LadderProposalTests.at(Int64(index)))
        }
        let since = Bool.random(using: &random) ? LadderProposalTests.at(Int64.random(in: 0...20, using: &random)) : nil
        return LadderRecord(currentRung: current, since: since, arrivedBySteppingBack: since != nil && Bool.random(using: &random), attempts: attempts, ratings: ratings)
    }

    @Test("2 000 random records: one of three steps, where it leads, never a climb after misses in a row, always a reason")
    func properties() {
        let runs = 2_000
        for seed in 1...UInt64(runs) {
            var random = SplitMix64(seed: seed)
            var settings = CoachingSettings()
            settings.climbWindow = Int.random(in: 1...4, using: &random)
            settings.climbAfter = Int.random(in: 1...settings.climbWindow, using: &random)
            settings.stepBackAfter = Int.random(in: 1...3, using: &random)
            let rungs = Int.random(in: 1...8, using: &random)
            let ladder = Ladder(id: "l", skill: "s", coaching: settings, rungs: (1...rungs).map { Rung(title: "rung \($0)", stakes: $0 > rungs - 2 ? .high : .low) })
            let record = Self.randomRecord(rungs: rungs, &random)
            let proposal = LadderProposal(ladder: ladder, record: record, now: LadderProposalTests.at(60))
            let context = Comment(rawValue: "seed \(seed): \(record) → \(proposal.step) \(proposal.reason)")
            switch proposal.step {
            case .climb: #expect(proposal.toRung == proposal.fromRung + 1 && proposal.toRung <= rungs, context)
            case .hold: #expect(proposal.toRung == proposal.fromRung, context)
            case .stepBack: #expect(proposal.toRung == proposal.fromRung - 1 && proposal.toRung >= 1, context)
            }
            let here = record.attemptsAtCurrentRung
            let trailingMisses = here.reversed().prefix { $0.outcome == .miss }.count
            if trailingMisses >= settings.stepBackAfter {
                #expect(proposal.step != .climb, context)
            }
            if here.suffix(2).count == 2, here.suffix(2).allSatisfy({ $0.outcome == .miss }) {
                #expect(proposal.step != .climb, context)
            }
            #expect(!proposal.reason.isEmpty, context)
            #expect(!proposal.facts.isEmpty, context)
        }
    }
}

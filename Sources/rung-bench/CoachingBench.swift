import Foundation
import RungCore
import RungStore
import RungTime

/// The adaptive ladder at the scale of years of practice: one ladder with 5 000 debriefed
/// attempts, each predicted, and 500 rung ratings. Measures what rungd does for a
/// check-in or its status (gather the ladder's record, then propose) and what the
/// proposal alone costs.
enum CoachingBench {
    static let attempts = 5_000

    static func run() throws {
        let directory = NSTemporaryDirectory() + "/rung-coaching-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try Store(path: directory + "/rung.sqlite3")
        let ladder = Ladder(id: "talks", skill: "giving talks", rungs: (1...8).map {
            Rung(title: "rung \($0)", stakes: $0 < 4 ? .low : $0 < 7 ? .medium : .high)
        })
        let config = Config(ladders: [ladder], performances: [
            Performance(id: "standup", title: "Stand-up", ladder: "talks", followsLadder: true, stakes: .low, schedule: .instant(Instant(seconds: 0))),
        ])
        let base = Instant(seconds: 1_577_836_800)
        print("subject: coaching (one ladder, \(attempts) predicted and debriefed attempts, \(attempts / 10) rung ratings)")
        let writing = try measure {
            for index in 0..<attempts {
                let start = base.adding(microseconds: Int64(index) * 86_400_000_000)
                _ = try store.predict(Prediction(performance: "standup", attemptStart: start, selfEfficacy: 10 * (index % 11), recordedAt: start.adding(microseconds: -3_600_000_000)))
                try store.recordDebrief(Debrief(
                    performance: "standup", skill: "talks", rung: 1 + index % 8, attemptStart: start,
                    outcome: [.success, .partial, .miss][index % 3], selfEfficacy: 10 * (index % 11), fearedHappened: index % 2 == 0,
                    distress: index % 100, recordedAt: start.adding(microseconds: 3_600_000_000)))
                if index % 10 == 0 {
                    try store.rateRung(RungRating(ladder: "talks", rung: 1 + index % 8, selfEfficacy: 50, recordedAt: start))
                }
            }
        }
        print(String(format: "  %@%8.1f s to write", label("predictions, debriefs, ratings"), writing))

        var record = LadderRecord()
        let reads = try (0..<20).map { _ in try measure { record = try store.ladderRecord(ladder, config: config) } }
        var proposal: LadderProposal?
        let proposals = (0..<200).map { _ in measure { proposal = LadderProposal(ladder: ladder, record: record, now: base) } }
        let reviews = (0..<200).map { _ in measure { _ = LadderReview(ladder: ladder, record: record, since: base, newEvidence: 3, now: base).summary } }
        print(String(format: "  %@%8.2f ms median, %.2f ms max", label("store.ladderRecord"), median(reads) * 1000, (reads.max() ?? 0) * 1000))
        print(String(format: "  %@%8.3f ms median, %.3f ms max", label("LadderProposal"), median(proposals) * 1000, (proposals.max() ?? 0) * 1000))
        print(String(format: "  %@%8.3f ms median, %.3f ms max", label("LadderReview with its proposal"), median(reviews) * 1000, (reviews.max() ?? 0) * 1000))
        print("  (\(record.attempts.count) attempts, \(record.ratings.count) ratings read; proposed: \(proposal.map { "\($0.step.rawValue)" } ?? "none"))")
    }

    private static func label(_ text: String) -> NSString {
        text.padding(toLength: 40, withPad: " ", startingAt: 0) as NSString
    }

    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}

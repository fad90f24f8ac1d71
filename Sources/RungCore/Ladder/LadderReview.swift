import RungTime

/// The weekly review a ladder's check-in carries (COACHING.md §1): what changed since the
/// last check-in — attempts and outcomes, new evidence, the confidence trend, calibration
/// once there is enough data — and the current proposal with its reason.
public struct LadderReview: Sendable, Hashable {
    /// The attempts since the last check-in, oldest first.
    public var attempts: [LadderRecord.Attempt]
    /// Evidence entries logged on the ladder since the last check-in.
    public var newEvidence: Int
    /// The confidence for the current rung at the last check-in and now, when rated.
    public var confidenceBefore: Int?
    public var confidenceNow: Int?
    public var calibration: Calibration?
    public var proposal: LadderProposal
    /// Whether there was an earlier check-in to count from.
    public var hasEarlierCheckIn: Bool

    /// The review of `ladder` from `record` at `now`, counting from the last check-in
    /// (`since`; nil: the first, counting everything).
    public init(ladder: Ladder, record: LadderRecord, since: Instant?, newEvidence: Int, now: Instant) {
        let after = { (instant: Instant) in since.map { instant > $0 } ?? true }
        attempts = record.attempts.filter { after($0.at) }
        self.newEvidence = newEvidence
        let rung = record.currentRung
        confidenceNow = record.latestConfidence(for: rung)?.confidence
        confidenceBefore = since.flatMap { since in record.ratings.last { $0.rung == rung && $0.at <= since }?.confidence }
        calibration = Calibration(record.attempts, minimum: ladder.coaching.calibrationAfter)
        proposal = LadderProposal(ladder: ladder, record: record, now: now)
        hasEarlierCheckIn = since != nil
        band = ladder.coaching.biasBand
    }

    private var band: Double

    /// The week in one paragraph: "Since your last check-in: 3 attempts — 2 as planned, 1 partly; …".
    public var summary: String {
        var parts: [String] = []
        if attempts.isEmpty {
            parts.append("no attempts")
        } else {
            let counts = LadderRecord.Outcome.allCases.compactMap { outcome -> String? in
                let count = attempts.count { $0.outcome == outcome }
                guard count > 0 else { return nil }
                return switch outcome {
                case .success: "\(count) as planned"
                case .partial: "\(count) partly"
                case .miss: "\(count) not as planned"
                }
            }
            let violated = attempts.count { $0.fearedHappened == false }
            parts.append("\(attempts.count) attempt\(attempts.count == 1 ? "" : "s") — \(counts.joined(separator: ", "))"
                + (violated > 0 ? "; what you feared did not happen \(violated == 1 ? "once" : "\(violated) times")" : ""))
        }
        parts.append(newEvidence == 0 ? "no new evidence" : "\(newEvidence) new evidence entr\(newEvidence == 1 ? "y" : "ies")")
        switch (confidenceBefore, confidenceNow) {
        case let (before?, now?) where before != now: parts.append("your confidence for this rung went from \(before) to \(now)")
        case let (_, now?): parts.append("your confidence for this rung is \(now)")
        default: break
        }
        var text = (hasEarlierCheckIn ? "Since your last check-in: " : "So far: ") + parts.joined(separator: "; ") + "."
        if let calibration { text += " Your predictions: " + calibration.summary(band: band) + "." }
        return text
    }
}

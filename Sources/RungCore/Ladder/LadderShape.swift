/// Whether a ladder is shaped to climb (COACHING.md §1): 5 to 12 rungs, and neighbouring
/// rungs close enough in confidence — exposure hierarchies keep steps 10–15 points apart.
public enum LadderShape {
    /// The fewest and most rungs a ladder should have.
    public static let rungCount = 5...12

    /// The warning about how many rungs `ladder` has, if any.
    public static func countWarning(_ ladder: Ladder) -> String? {
        let count = ladder.rungs.count
        if count < rungCount.lowerBound {
            return "ladder '\(ladder.id)' has \(count) rung\(count == 1 ? "" : "s"); \(rungCount.lowerBound) to \(rungCount.upperBound) make steps small enough to climb: add rungs between them"
        }
        if count > rungCount.upperBound {
            return "ladder '\(ladder.id)' has \(count) rungs; more than \(rungCount.upperBound) is hard to keep in view: merge rungs that change the same thing"
        }
        return nil
    }

    /// A warning for each pair of neighbouring rungs whose latest confidence ratings differ
    /// by more than `rung_gap`, suggesting a rung between them. Rungs without a rating are
    /// skipped: they say nothing yet.
    public static func gapWarnings(_ ladder: Ladder, record: LadderRecord) -> [String] {
        let gap = ladder.coaching.rungGap
        return ladder.rungs.indices.dropLast().compactMap { index in
            let lower = index + 1
            guard let low = record.latestConfidence(for: lower), let high = record.latestConfidence(for: lower + 1),
                  abs(low.confidence - high.confidence) > gap
            else { return nil }
            return """
                ladder '\(ladder.id)': you rated rung \(lower) \u{201C}\(ladder.rungs[index].title)\u{201D} \(low.confidence) and rung \(lower + 1) \
                \u{201C}\(ladder.rungs[index + 1].title)\u{201D} \(high.confidence), more than \(gap) points apart: add a rung between them \
                (\(ladder.addRungCommand(after: lower)))
                """
        }
    }
}

extension Ladder {
    /// The command that adds a rung after rung `after` (0: first), with the stakes of the
    /// rung it follows (low for a first rung) for the person to adjust.
    public func addRungCommand(after: Int) -> String {
        let stakes = rungs.indices.contains(after - 1) ? rungs[after - 1].stakes : .low
        return "rungctl rung add \(id) --after \(after) --title \"…\" --stakes \(stakes.rawValue)"
    }
}

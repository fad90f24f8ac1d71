/// Low stakes first (COACHING.md §2, Bandura 1977: early failures do the most damage): a
/// high-stakes performance needs `medium_successes` successes at medium stakes or above on
/// its ladder before it. Without them, Rung warns and proposes reps at lower stakes.
public enum Readiness {
    /// The warning for `performance` on `ladder` given `record`, naming what is missing and
    /// a rung for reps at lower stakes; nil when it is not high-stakes, not on this ladder, or
    /// the ladder has the successes.
    public static func warning(for performance: Performance, ladder: Ladder, record: LadderRecord) -> String? {
        guard performance.stakes == .high, performance.ladder == ladder.id else { return nil }
        let needed = ladder.coaching.mediumSuccesses
        let successes = record.attempts.filter { $0.outcome == .success && $0.stakes >= .medium }.count
        guard successes < needed else { return nil }
        let had = successes == 0 ? "no success" : "\(successes) success\(successes == 1 ? "" : "es")"
        var warning = "\(performance.title) is high-stakes, and your \(ladder.skill) ladder has \(had) at medium stakes or above (\(needed) first)"
        if let rung = repRung(below: performance, on: ladder) {
            warning += ": do reps at lower stakes first, at rung \(rung) \u{201C}\(ladder.rungs[rung - 1].title)\u{201D} (\(ladder.rungs[rung - 1].stakes.rawValue) stakes)"
        } else {
            warning += ": do reps at lower stakes first"
        }
        return warning
    }

    /// The rung (from 1) to do reps at before a high-stakes `performance`: the highest rung
    /// below it whose stakes are below high — the rung its rehearsals name too
    /// (`Rehearsal.rung`), so the warning and the rehearsals agree. For a performance
    /// without a fixed rung, the highest such rung of the ladder. Nil when there is none.
    public static func repRung(below performance: Performance, on ladder: Ladder) -> Int? {
        let ceiling = min(performance.rung ?? ladder.rungs.count, ladder.rungs.count)
        return ladder.rungs.indices.prefix(ceiling).last { ladder.rungs[$0].stakes < .high }.map { $0 + 1 }
    }
}

import GRDB
import RungCore
import RungTime

/// What the progress report counts beside a ladder's record: evidence per rung and how the
/// debriefs of its performances went. Counted by SQLite, so that a store of years costs a
/// few index scans, not rows carried into memory.
public struct ProgressCounts: Sendable, Hashable {
    /// Evidence entries logged at each rung (from 1); entries without a rung are in `withoutRung`.
    public var evidenceByRung: [Int: Int] = [:]
    public var evidenceWithoutRung = 0
    /// Debriefs completed (by `rungctl debrief` or in full at once).
    public var debriefsWritten = 0
    /// Outcomes given by a button whose debrief is not completed yet.
    public var debriefsAwaitingDetail = 0
    /// Debrief prompts that passed (missed or expired) with no debrief recorded for them.
    public var debriefPromptsPassed = 0

    public init() {}
}

extension Store {
    /// The counts for `ladder`, whose performances are `performances` (ids), from `since`
    /// (evidence by when it happened, debriefs by when they were recorded, prompts by when
    /// they were due); everything when `since` is nil. One snapshot.
    public func progressCounts(ladder: String, performances: [String], since: Instant?) throws -> ProgressCounts {
        let from = since ?? Instant(microseconds: Int64.min)
        let subjects = performances.map { PlanSubject.performance($0).description }
        return try read("counting the progress of ladder \(ladder)") { db in
            var counts = ProgressCounts()
            let evidence = try Row.fetchAll(db, sql: """
                SELECT rung, count(*) AS entries FROM evidence WHERE skill = ? AND happened_at >= ? GROUP BY rung
                """, arguments: [ladder, from])
            for row in evidence {
                let entries: Int = row["entries"]
                if let rung: Int = row["rung"] { counts.evidenceByRung[rung] = entries } else { counts.evidenceWithoutRung = entries }
            }
            let debriefs = try Row.fetchOne(db, sql: """
                SELECT count(completed_at) AS written, count(*) - count(completed_at) AS awaiting
                FROM debrief WHERE skill = ? AND recorded_at >= ?
                """, arguments: [ladder, from])
            counts.debriefsWritten = debriefs?["written"] ?? 0
            counts.debriefsAwaitingDetail = debriefs?["awaiting"] ?? 0
            if !subjects.isEmpty {
                counts.debriefPromptsPassed = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM occurrence
                    WHERE kind = 'debrief' AND state IN ('missed', 'expired') AND due_at >= ?
                      AND subject IN (\(subjects.map { _ in "?" }.joined(separator: ",")))
                      AND NOT EXISTS (SELECT 1 FROM debrief WHERE debrief.occurrence_id = occurrence.id)
                    """, arguments: StatementArguments([from] + subjects)) ?? 0
            }
            return counts
        }
    }
}

import GRDB
import RungCore
import RungTime

/// What a ladder's check-in counts from for its weekly review (`LadderReview`): the
/// previous check-in, and the evidence logged since.
extension Store {
    /// The due instant of the check-in of `ladder` before the one `occurrenceID` due at
    /// `due`, whatever became of it (answered, missed, snoozed): the review counts from
    /// the last time Rung asked. Nil before the first.
    public func previousCheckIn(of ladder: String, before due: Instant, excluding occurrenceID: String) throws -> Instant? {
        try read("reading the previous check-in") { db in
            try Instant.fetchOne(db, sql: """
                SELECT max(due_at) FROM occurrence
                WHERE subject = ? AND kind = ? AND due_at < ? AND id <> ?
                """, arguments: [PlanSubject.ladder(ladder).description, PromptKind.checkIn.rawValue, due, occurrenceID])
        }
    }

    /// How many evidence entries on `skill` were logged after `instant` (all of them for
    /// nil). Counted by when they were recorded, not when they happened: an entry written
    /// today about last month is still new to the person's review.
    public func evidenceCount(skill: String, recordedAfter instant: Instant?) throws -> Int {
        try read("counting new evidence") { db in
            var request = Evidence.filter(Evidence.Columns.skill == skill)
            if let instant { request = request.filter(Column("recorded_at") > instant) }
            return try request.fetchCount(db)
        }
    }
}

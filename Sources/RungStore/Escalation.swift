import GRDB
import RungCore

/// A delivered prompt still waiting for its answer, with the attempt that delivered it:
/// what an escalation starts from.
public struct UnansweredDelivery: Sendable, Hashable {
    public var occurrence: OccurrenceRecord
    /// The latest attempt that sent the prompt.
    public var delivery: Delivery
}

extension Store {
    /// Delivered, unanswered prompts of `kinds`, due since `dueFrom`, that were never
    /// escalated (not even in part: an escalation cut off by a crash counts), earliest
    /// first, each with the attempt that last delivered it. The escalation's once-only
    /// rule lives here, in the ledger, so a restart cannot break it.
    public func unescalatedDeliveries(of kinds: Set<PromptKind>, dueFrom: Instant) throws -> [UnansweredDelivery] {
        try read("listing prompts awaiting an answer") { db in
            let records = try OccurrenceRecord.fetchAll(db, sql: """
                SELECT * FROM occurrence
                WHERE state = ? AND due_at >= ? AND kind IN (\(databaseQuestionMarks(count: kinds.count)))
                    AND NOT EXISTS (SELECT 1 FROM delivery WHERE occurrence_id = occurrence.id AND purpose = ?)
                ORDER BY due_at, id
                """, arguments: StatementArguments(
                    [OccurrenceRecord.State.delivered.rawValue.databaseValue, dueFrom.databaseValue]
                    + kinds.sorted().map(\.rawValue.databaseValue) + [Delivery.Purpose.escalation.rawValue.databaseValue]))
            return try records.compactMap { record in
                try Delivery
                    .filter(Column("occurrence_id") == record.id && Column("outcome") == Delivery.Outcome.sent.rawValue)
                    .order(Column("id").desc).fetchOne(db)
                    .map { UnansweredDelivery(occurrence: record, delivery: $0) }
            }
        }
    }

    /// Whether an escalation of the occurrence sent it through another channel.
    public func wasEscalated(_ occurrenceID: String) throws -> Bool {
        try read("reading escalations") { db in
            try Delivery.filter(
                Column("occurrence_id") == occurrenceID && Column("purpose") == Delivery.Purpose.escalation.rawValue
                    && Column("outcome") == Delivery.Outcome.sent.rawValue
            ).fetchCount(db) > 0
        }
    }
}

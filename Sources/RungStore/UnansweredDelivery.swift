import GRDB
import RungCore
import RungTime

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
            let filter = """
                FROM occurrence
                WHERE state = ? AND due_at >= ? AND kind IN (\(databaseQuestionMarks(count: kinds.count)))
                    AND NOT EXISTS (SELECT 1 FROM delivery WHERE occurrence_id = occurrence.id AND purpose = ?)
                """
            let arguments = StatementArguments(
                [OccurrenceRecord.State.delivered.rawValue.databaseValue, dueFrom.databaseValue]
                + kinds.sorted().map(\.rawValue.databaseValue) + [Delivery.Purpose.escalation.rawValue.databaseValue])
            let records = try OccurrenceRecord.fetchAll(db.cachedStatement(sql: "SELECT * \(filter) ORDER BY due_at, id"), arguments: arguments)
            // The attempts that sent them, in one query: the latest one of each stands.
            let sent = try Delivery.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM delivery WHERE outcome = '\(Delivery.Outcome.sent.rawValue)'
                    AND occurrence_id IN (SELECT id \(filter)) ORDER BY id
                """), arguments: arguments)
            let latest = Dictionary(sent.map { ($0.occurrenceID, $0) }) { _, later in later }
            return records.compactMap { record in latest[record.id].map { UnansweredDelivery(occurrence: record, delivery: $0) } }
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

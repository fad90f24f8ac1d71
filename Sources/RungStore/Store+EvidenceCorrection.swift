import GRDB
import RungTime

/// Correcting the evidence log: an entry changed in place or deleted. The log is the
/// person's private record, so what they take out is erased from the file, not just
/// unlinked: SQLite overwrites the freed pages with zeros, the full-text index is merged
/// so it no longer holds the old words, and the write-ahead log is checkpointed.
extension Store {
    /// Changes entry `id` with `change` and stamps it edited at `editedAt`, in one
    /// transaction; returns the entry as it now is. Refused, with nothing written, when
    /// there is no such entry (`StoreError.Code.notFound`) or the changed entry is not
    /// evidence (`validate`).
    @discardableResult
    public func editEvidence(id: Int64, editedAt: Instant, _ change: (inout Evidence) -> Void) throws -> Evidence {
        try erasing("editing evidence #\(id)") { db in
            guard var entry = try Evidence.fetchOne(db, key: id) else { throw StoreError.notFound("evidence #\(id)") }
            change(&entry)
            entry.id = id
            entry.editedAt = editedAt
            try entry.validate()
            try entry.update(db)
            return entry
        }
    }

    /// Deletes entry `id` in one transaction and returns what it said; nil, with nothing
    /// written, when there is no such entry.
    @discardableResult
    public func deleteEvidence(id: Int64) throws -> Evidence? {
        try erasing("deleting evidence #\(id)") { db in
            guard let entry = try Evidence.fetchOne(db, key: id) else { return nil }
            try entry.delete(db)
            return entry
        }
    }

    /// Runs `body` in one write transaction with SQLite's secure delete on, merges the
    /// full-text index before it commits, then checkpoints the write-ahead log as far as
    /// readers allow.
    private func erasing<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    try db.execute(sql: "INSERT INTO evidence_text(evidence_text) VALUES ('optimize')")
                    return .commit
                }
                _ = try? Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return result!
            }
        } catch {
            throw Store.translate(error, path: path, operation: operation)
        }
    }
}

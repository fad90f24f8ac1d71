import Foundation
import GRDB
import Testing
@testable import RungStore

@Suite("The schema")
struct SchemaTests {
    /// FNV-1a of the schema that `v1-initial` creates (every `sqlite_master` entry, by name).
    /// Once a migration has shipped it is never edited: a change of schema is a new
    /// migration, and this value stays as it is.
    static let v1InitialFingerprint: UInt64 = 9_181_884_711_248_369_956

    @Test("shipped migrations are frozen: v1-initial creates exactly the schema it always did")
    func v1InitialIsFrozen() throws {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue, upTo: "v1-initial")
        let schema = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        }.joined(separator: "\n")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in schema.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        #expect(hash == SchemaTests.v1InitialFingerprint, "v1-initial changed; add a new migration instead:\n\(schema)")
    }

    @Test("every migration is named and registered in order")
    func migrationNames() {
        #expect(StoreSchema.migrator.migrations == ["v1-initial", "v2-delivery-purpose", "v3-ledger-plan", "v4-response-note", "v5-snooze-all"])
    }

    @Test("a v1 store is migrated with its data intact, and its attempts get their purpose")
    func v1StoreMigrates() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1-initial")
        try queue.write { db in
            for id in ["failing", "snoozed"] {
                try db.execute(sql: "INSERT INTO occurrence VALUES (?, 'debrief', 'performance:talk', 'delivered', 100, 110, 120)", arguments: [id])
            }
            // A temporary failure retried on the same channel, then the next channel; and a
            // prompt sent, snoozed and sent again on one channel (a fresh delivery, no retry).
            try db.execute(sql: """
                INSERT INTO delivery (occurrence_id, channel, started_at, ended_at, outcome, error) VALUES
                    ('failing', 'desktop', 1, 2, 'failed', 'no server'),
                    ('failing', 'desktop', 3, 4, 'failed', 'no server'),
                    ('failing', 'email', 5, 6, 'sent', NULL),
                    ('snoozed', 'desktop', 7, 8, 'sent', NULL),
                    ('snoozed', 'desktop', 9, 10, 'sent', NULL)
                """)
            try db.execute(sql: "INSERT INTO response (occurrence_id, answer, via, answered_at) VALUES ('snoozed', 'done', 'cli', 11)")
            try db.execute(sql: "INSERT INTO evidence (skill, what, detail, source, happened_at, recorded_at) VALUES ('talks', 'spoke first', '', 'manual', 12, 13)")
        }
        try queue.close()

        let store = try Store(path: path)
        #expect(try store.pool.read(StoreSchema.migrator.appliedMigrations) == ["v1-initial", "v2-delivery-purpose", "v3-ledger-plan", "v4-response-note", "v5-snooze-all"])
        // v3 rebuilt the ledger: its lines, and everything that refers to them, are intact.
        #expect(try store.occurrence(id: "snoozed")?.state == .answered || store.occurrence(id: "snoozed")?.state == .delivered)
        #expect(try store.occurrence(id: "failing")?.schedule == nil)
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try store.integrityCheck() == ["ok"])
        let failing = try store.deliveries(of: "failing")
        #expect(failing.map(\.purpose) == [.first, .retry, .first])
        #expect(failing.map(\.error) == ["no server", "no server", nil])
        #expect(failing.map(\.startedAt.microseconds) == [1, 3, 5])
        #expect(try store.deliveries(of: "snoozed").map(\.purpose) == [.first, .first])
        #expect(try store.deliveries(of: "snoozed").allSatisfy { $0.dismissedAt == nil })
        #expect(try store.occurrence(id: "failing")?.deliveredAt?.microseconds == 110)
        #expect(try store.responses(to: "snoozed").map(\.answer) == ["done"])
        #expect(try store.standingResponse(to: "snoozed").map { [$0.note, $0.replacedAt?.microseconds.description] } == [nil, nil])
        #expect(try store.evidence().map(\.what) == ["spoke first"])
        #expect(try store.integrityCheck() == ["ok"])
    }
}

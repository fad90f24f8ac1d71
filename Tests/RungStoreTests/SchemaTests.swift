import Foundation
import GRDB
import RungCore
import RungTestSupport
import RungTime
import Testing
@testable import RungStore

@Suite("The schema")
struct SchemaTests {
    /// Where each migration's schema is written down: `Golden/<migration>.sql`.
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The schema a store has after `migration`: every `sqlite_master` entry by name, each
    /// a `-- type name` line and its SQL (none for an index SQLite makes itself).
    static func schema(upTo migration: String) throws -> String {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue, upTo: migration)
        let entries = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master ORDER BY name")
        }
        return entries.map { entry -> String in
            let type: String = entry["type"], name: String = entry["name"]
            let sql: String? = entry["sql"]
            return "-- \(type) \(name)\n" + (sql.map { $0 + ";" } ?? "-- (made by SQLite)") + "\n"
        }.joined(separator: "\n")
    }

    /// Once a migration has shipped it is never edited: a change of schema is a new
    /// migration, with a golden file of its own. Write a new migration's file with
    /// `RUNG_UPDATE_GOLDEN=1 swift test --filter SchemaTests`; `git status` must then show
    /// that one new file and no change to the others.
    @Test("shipped migrations are frozen: each creates exactly the schema written in its golden file", arguments: StoreSchema.migrator.migrations)
    func migrationIsFrozen(migration: String) throws {
        let schema = try Self.schema(upTo: migration)
        let golden = Self.goldenDirectory.appendingPathComponent("\(migration).sql")
        if ProcessEnvironment.current["RUNG_UPDATE_GOLDEN"] == "1" {
            try schema.write(to: golden, atomically: true, encoding: .utf8)
        }
        let difference = lineDiff(expected: try String(contentsOf: golden, encoding: .utf8), actual: schema)
        #expect(difference.isEmpty, """
            the schema after \(migration) is not the one in Golden/\(migration).sql; add a new migration instead \
            (- golden, + now):
            \(difference)
            """)
    }

    @Test("no shipped migration is gone: every golden schema file has its migration")
    func goldenFilesHaveMigrations() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path).filter { $0.hasSuffix(".sql") }
        let withoutMigration = Set(files.map { String($0.dropLast(".sql".count)) }).subtracting(StoreSchema.migrator.migrations)
        #expect(withoutMigration.isEmpty, "golden schema files without a registered migration: \(withoutMigration.sorted())")
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
        #expect(try store.pool.read(StoreSchema.migrator.appliedMigrations) == StoreSchema.migrator.migrations)
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

    @Test("a v5 store keeps every debrief, and the evidence drawn from it, when the debrief table is rebuilt")
    func v5DebriefsMigrate() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v5-snooze-all")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO occurrence (id, kind, subject, state, due_at, updated_at) VALUES ('talk@1', 'debrief', 'performance:talk', 'answered', 100, 120)")
            try db.execute(sql: """
                INSERT INTO debrief (id, occurrence_id, performance, skill, rung, outcome, what_worked, keep, change,
                    self_efficacy, feared_happened, distress, recorded_at)
                VALUES (7, 'talk@1', 'talk', 'talks', 2, 'partial', 'slow start', 'pause before answering', 'fewer slides', 70, 0, 35, 130)
                """)
            try db.execute(sql: """
                INSERT INTO evidence (skill, rung, what, detail, source, debrief_id, happened_at, recorded_at)
                VALUES ('talks', 2, 'answered the CFO', '', 'debrief', 7, 125, 130)
                """)
        }
        try queue.close()

        let store = try Store(path: path)
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try store.integrityCheck() == ["ok"])
        let row = try #require(try store.pool.read { try Row.fetchOne($0, sql: "SELECT * FROM debrief") })
        #expect(row["id"] as Int64 == 7)
        #expect(row["occurrence_id"] as String == "talk@1")
        #expect(row["what_worked"] as String == "slow start")
        #expect(row["keep"] as String == "pause before answering")
        #expect(row["change"] as String == "fewer slides")
        #expect(row["self_efficacy"] as Int == 70)
        #expect(row["feared_happened"] as Bool == false)
        #expect(row["distress"] as Int == 35)
        #expect(row["completed_at"] as Int64 == 130, "an old debrief counts as completed when it was recorded")
        #expect(row["why"] as String == "")
        #expect(try store.evidence().map(\.source) == [.debrief(id: 7)])
    }

    @Test("a v6 store keeps every occurrence, with its deliveries, answers, snoozes and debrief, when v7 rebuilds the ledger for rehearsals")
    func v6LedgerMigrates() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v6-coaching")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO occurrence (id, kind, subject, state, due_at, delivered_at, updated_at,
                    schedule, scheduled_at, expires_at, performance_start, follows, reason) VALUES
                    ('debrief1', 'debrief', 'performance:talk', 'answered', 100, 110, 120,
                        'performance:talk/debrief', 100, 200, 50, NULL, NULL),
                    ('renudge1', 'debrief', 'performance:talk', 'expired', 130, NULL, 140,
                        'performance:talk/debrief/renudge', 130, 200, 50, 'debrief1', 'its debrief was answered'),
                    ('checkin1', 'check_in', 'ladder:talks', 'snoozed', 300, 310, 305,
                        'ladder:talks/check_in', 290, 400, NULL, NULL, NULL),
                    ('old1', 'reframe', 'performance:talk', 'delivered', 40, 41, 42, NULL, NULL, NULL, NULL, NULL, NULL)
                """)
            try db.execute(sql: """
                INSERT INTO delivery (occurrence_id, channel, started_at, ended_at, outcome, error, purpose) VALUES
                    ('debrief1', 'desktop', 101, 102, 'failed', 'no server', 'first'),
                    ('debrief1', 'email', 103, 104, 'sent', NULL, 'first'),
                    ('checkin1', 'desktop', 301, 302, 'sent', NULL, 'first')
                """)
            try db.execute(sql: "INSERT INTO response (occurrence_id, answer, via, answered_at, note) VALUES ('debrief1', 'success', 'button', 115, 'kept eye contact')")
            try db.execute(sql: "INSERT INTO snooze (occurrence_id, snoozed_at, ends_at) VALUES ('checkin1', 303, 320)")
            try db.execute(sql: """
                INSERT INTO debrief (id, occurrence_id, performance, skill, rung, outcome, recorded_at)
                VALUES (3, 'debrief1', 'talk', 'talks', 2, 'success', 116)
                """)
        }
        try queue.close()

        let store = try Store(path: path)
        #expect(try store.pool.read(StoreSchema.migrator.appliedMigrations).contains("v7-rehearsal"))
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try store.integrityCheck() == ["ok"])
        let debrief = try #require(try store.occurrence(id: "debrief1"))
        #expect(debrief.kind == .debrief && debrief.state == .answered)
        #expect(debrief.schedule == "performance:talk/debrief")
        #expect([debrief.dueAt, debrief.deliveredAt, debrief.updatedAt, debrief.scheduledAt, debrief.expiresAt, debrief.performanceStart]
            .map { $0?.microseconds } == [100, 110, 120, 100, 200, 50])
        let renudge = try #require(try store.occurrence(id: "renudge1"))
        #expect(renudge.follows == "debrief1" && renudge.reason == "its debrief was answered" && renudge.state == .expired)
        #expect(try store.occurrence(id: "checkin1")?.state == .snoozed)
        #expect(try store.occurrence(id: "old1")?.schedule == nil)
        #expect(try store.deliveries(of: "debrief1").map(\.channel) == ["desktop", "email"])
        #expect(try store.deliveries(of: "debrief1").map(\.error) == ["no server", nil])
        #expect(try store.deliveries(of: "checkin1").map(\.outcome) == [.sent])
        #expect(try store.responses(to: "debrief1").map { [$0.answer, $0.note] } == [["success", "kept eye contact"]])
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM snooze WHERE occurrence_id = 'checkin1'") } == 1)
        #expect(try store.pool.read { try String.fetchOne($0, sql: "SELECT occurrence_id FROM debrief WHERE id = 3") } == "debrief1")
        let indexes = try store.pool.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'occurrence' AND sql IS NOT NULL ORDER BY name") }
        #expect(indexes == ["occurrence_by_follows", "occurrence_by_kind", "occurrence_by_nominal_instant", "occurrence_by_state", "occurrence_by_subject"])

        // The rebuilt ledger takes the new kind, and export carries it like any other.
        let rehearsal = OccurrenceRecord(
            id: "rehearsal1", kind: .rehearsal, subject: "performance:talk", dueAt: Instant(microseconds: 500),
            updatedAt: Instant(microseconds: 500), schedule: "performance:talk/rehearsal/4d", scheduledAt: Instant(microseconds: 500),
            expiresAt: Instant(microseconds: 600), performanceStart: Instant(microseconds: 900))
        #expect(try store.recordPlanned(rehearsal))
        #expect(try store.occurrence(id: "rehearsal1")?.kind == .rehearsal)
        var exported = ""
        try store.exportJSON(since: nil, exportedAt: Instant(microseconds: 1000)) { exported += $0 }
        #expect(exported.contains("\"kind\":\"rehearsal\""))
    }
}

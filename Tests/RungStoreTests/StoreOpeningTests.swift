import Foundation
import GRDB
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Opening the store")
struct StoreOpeningTests {
    @Test("a new store is created private: directory 0700, file 0600, WAL files 0600")
    func permissionsOfANewStore() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("data/rung/rung.sqlite3")
        let store = try Store(path: path)
        try store.addEvidence(Evidence(skill: "s", what: "w", happenedAt: testInstant, recordedAt: testInstant))
        #expect(permissions(directory.file("data")) == 0o700)
        #expect(permissions(directory.file("data/rung")) == 0o700)
        #expect(permissions(path) == 0o600)
        #expect(permissions(path + "-wal") == 0o600)
        #expect(permissions(path + "-shm") == 0o600)
    }

    @Test("the default store follows XDG_DATA_HOME, else ~/.local/share")
    func defaultPath() {
        #expect(StoreFile.defaultPath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/p"]) == "/x/data/rung/rung.sqlite3")
        #expect(StoreFile.defaultPath(environment: ["HOME": "/home/p"]) == "/home/p/.local/share/rung/rung.sqlite3")
        // The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        #expect(StoreFile.defaultPath(environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/p"]) == "/home/p/.local/share/rung/rung.sqlite3")
    }

    @Test("a new store is in WAL mode with foreign keys on and the Rung application id")
    func pragmas() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let (journalMode, foreignKeys, applicationID) = try store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int32.fetchOne(db, sql: "PRAGMA application_id"))
        }
        #expect(journalMode == "wal")
        #expect(foreignKeys == 1)
        #expect(applicationID == 0x5275_6E67)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("reopening keeps what was written and migrates nothing twice")
    func reopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let id = try Store(path: path).addEvidence(Evidence(skill: "s", what: "first", happenedAt: testInstant, recordedAt: testInstant)).id
        let store = try Store(path: path)
        #expect(try store.evidence(id: try #require(id))?.what == "first")
        #expect(try store.pool.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } == StoreSchema.migrator.migrations)
    }

    @Test("a read-only open writes nothing to an up-to-date store")
    func readOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let writer = try Store(path: path)
        try writer.addEvidence(Evidence(skill: "s", what: "w", happenedAt: testInstant, recordedAt: testInstant))
        _ = try writer.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try writer.pool.close()
        let before = contents(path)
        let reader = try Store(path: path, access: .readOnly)
        #expect(try reader.evidence().map(\.what) == ["w"])
        let error = try #require(throws: StoreError.self) {
            try reader.addEvidence(Evidence(skill: "s", what: "x", happenedAt: testInstant, recordedAt: testInstant))
        }
        #expect(error.code == .readOnly)
        try reader.pool.close()
        #expect(contents(path) == before)
    }

    @Test("a read-only open of a missing store creates neither the file nor its directories", arguments: [
        "rung.sqlite3", "typo/rung/rung.sqlite3",
    ])
    func readOnlyMissing(_ name: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file(name)
        let error = try #require(throws: StoreError.self) { try Store(path: path, access: .readOnly) }
        #expect(error.code == .noStore)
        #expect(error.description.hasPrefix("\(path): error: no Rung store here (no such file); commands that only read never create one"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
    }

    @Test("a read-only open of an empty file refuses it as no store and leaves it empty")
    func readOnlyEmpty() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let error = try #require(throws: StoreError.self) { try Store(path: path, access: .readOnly) }
        #expect(error.code == .noStore)
        #expect(error.description.hasPrefix("\(path): error: no Rung store here (the file is empty)"))
        #expect(contents(path) == Data())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["rung.sqlite3"])
    }

    @Test("a read-only open of a store that needs migrating refuses it, unchanged, and names what to do")
    func readOnlyOutdated() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1-initial")
        try queue.close()
        let before = contents(path)
        let error = try #require(throws: StoreError.self) { try Store(path: path, access: .readOnly) }
        #expect(error.code == .outdatedSchema)
        #expect(error.description.hasPrefix("\(path): error: written by an older Rung, the store needs upgrading (pending migrations: v2-delivery-purpose, v3-ledger-plan, v4-response-note, v5-snooze-all, v6-coaching, v7-rehearsal, v8-rung-rating, v9-evidence-edited, v10-occurrence-by-kind)"))
        #expect(error.description.contains("restart rungd"))
        #expect(contents(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["rung.sqlite3"])
        // A write open migrates it; then reading works.
        try Store(path: path).pool.close()
        #expect(try Store(path: path, access: .readOnly).evidenceCount() == 0)
    }

    @Test("a file that is not an SQLite database is refused and left byte for byte")
    func notADatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("notes.txt")
        let text = Data(String(repeating: "my precious notes\n", count: 300).utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: text))
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.code == .notADatabase)
        #expect(error.description == "\(path): error: not an SQLite database; Rung will not open or overwrite it (use --store for another file)")
        #expect(contents(path) == text)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("another program's SQLite database is refused and not switched to WAL")
    func foreignDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("other.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('Ada')") }
        try queue.close()
        let before = contents(path)
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.code == .foreignDatabase)
        #expect(error.description.hasPrefix("\(path): error: an SQLite database of another program"))
        #expect(contents(path) == before)
    }

    @Test("a store from a newer Rung is refused and not altered")
    func newerSchema() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        try store.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }
        _ = try store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try store.pool.close()
        let before = contents(path)
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.code == .newerSchema)
        #expect(error.description.hasPrefix("\(path): error: written by a newer Rung (unknown migrations: v9-from-the-future)"))
        #expect(contents(path) == before)
    }

    @Test("a damaged store is refused with a clear message")
    func corrupt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        _ = try store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try store.pool.close()
        // Overwrite everything after the 100-byte header of page 1 (the schema) with noise.
        var bytes = try #require(contents(path))
        for index in 100..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: bytes))
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.code == .corrupt || error.code == .notADatabase)
        #expect(error.description.hasPrefix(path + ": error: "))
        #expect(contents(path) == bytes)
    }
}

import Foundation
import GRDB
import RungCore
#if canImport(Glibc)
import Glibc
#endif

/// The person's durable Rung data in one SQLite file: the delivery ledger the daemon
/// remembers, and the evidence log that is the person's own record of mastery.
///
/// `rungd` and several `rungctl` processes may open the same file at once: the store runs
/// in WAL mode with a busy timeout, so readers never block writers and a writer waits its
/// turn instead of failing. Every write is one transaction.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// How long a write waits for another process's write to finish before giving up.
    static let busyTimeout: TimeInterval = 30

    /// How a process means to use the store.
    public enum Access: Sendable {
        /// Reads and writes; creates and migrates the store as needed.
        case readWrite
        /// Only reads (list, search, export, backup). Opening writes nothing, which spares a
        /// checkpoint and its fsync on close, and creates nothing: a missing or empty file is
        /// refused as no store (``StoreError/Code/noStore``), and so is a store of an older
        /// Rung that needs migrating (``StoreError/Code/outdatedSchema``): an older rungd
        /// may still be running on it, and would refuse the store once migrated.
        case readOnly
    }

    /// Opens the store at `path`. With `readWrite`, creates it (directory 0700, file 0600)
    /// on first use and brings its schema up to date; with `readOnly`, opens only an
    /// existing, up-to-date store (see ``Access/readOnly``). Refuses, without writing to
    /// it, a file that is not an SQLite database, a database of another program, a
    /// database from a newer Rung, and a damaged one.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        if access == .readOnly {
            pool = try Store.openReadOnly(path)
            return
        }
        try StoreFile.prepare(path)
        // Two processes opening a new store at once must not see it half created: the
        // one that creates and migrates it holds this lock (on the directory), the others
        // wait for it.
        let lock = try StoreFile.lockForSetUp(path)
        defer { StoreFile.unlock(lock) }
        pool = try Store.makePool(path)
        try migrate()
    }

    /// A read-only pool on an existing, up-to-date store. Refuses a missing or empty file,
    /// and a store that is not fully migrated, without creating or changing anything.
    private static func openReadOnly(_ path: String) throws -> DatabasePool {
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT || errno == ENOTDIR else {
                throw StoreError.fileSystem(path, "cannot read the store: \(String(cString: strerror(errno)))")
            }
            throw StoreError.noStore(path, "no such file")
        }
        // Another process may be creating this store: wait until it is done (it holds the
        // lock while it migrates), then look again.
        let lock = try StoreFile.lockForSetUp(path)
        defer { StoreFile.unlock(lock) }
        guard stat(path, &status) == 0 else { throw StoreError.noStore(path, "no such file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError.fileSystem(path, "not a regular file; Rung keeps its store in a file")
        }
        guard status.st_size > 0 else { throw StoreError.noStore(path, "the file is empty") }
        let pool: DatabasePool
        let applied: [String]
        do {
            (pool, applied) = try openReadOnlyPool(path, immutable: false)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY
                    || (error.resultCode == .SQLITE_CANTOPEN && hasWriteAheadLog(path) && !isDirectoryWritable(of: path)) {
            // A reader of a WAL store needs its shared-memory file (-shm) beside it, and
            // cannot create it in a directory it may not write. With no write-ahead log there,
            // no one is writing the store either: the file alone is the whole store, and
            // SQLite reads it as immutable, without the shared memory.
            guard !hasWriteAheadLog(path) else {
                throw StoreError.readOnly(path, "changes in its write-ahead log (\((path as NSString).lastPathComponent)-wal) can only be read with a shared-memory file, which this user may not create in its directory; copy the store with its -wal file to a writable directory")
            }
            do {
                (pool, applied) = try openReadOnlyPool(path, immutable: true)
            } catch {
                throw StoreError.readOnly(path, "SQLite cannot read a store in a directory it may not write (\(error)); copy it to a writable directory")
            }
        } catch {
            throw translate(error, path: path, operation: "opening the store")
        }
        let pending = StoreSchema.migrator.migrations.filter { !applied.contains($0) }
        guard pending.isEmpty else {
            try? pool.close()
            if applied.isEmpty { throw StoreError.noStore(path, "its creation was never finished") }
            throw StoreError.outdatedSchema(path, pending: pending)
        }
        return pool
    }

    /// A read-only pool at `path` and the migrations its store has; GRDB's errors as they are.
    /// `immutable` reads the file without locks or shared memory (SQLite's `immutable=1`).
    private static func openReadOnlyPool(_ path: String, immutable: Bool) throws -> (DatabasePool, [String]) {
        let pool = try DatabasePool(path: immutable ? immutableURI(path) : path, configuration: configuration(path, readOnly: true))
        do {
            return (pool, try pool.read(StoreSchema.migrator.appliedMigrations))
        } catch {
            try? pool.close()
            throw error
        }
    }

    /// `path` as an SQLite URI that opens it immutable: `file:PATH?immutable=1`, with the
    /// characters a URI gives meaning to (`%`, `?`, `#`) escaped.
    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:\(escaped)?immutable=1"
    }

    /// Whether this user may create files beside `path`.
    private static func isDirectoryWritable(of path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        return access(directory.isEmpty ? "." : directory, W_OK) == 0
    }

    /// Whether `path` has a write-ahead log with something in it: changes a reader must see.
    private static func hasWriteAheadLog(_ path: String) -> Bool {
        var status = stat()
        return stat(path + "-wal", &status) == 0 && status.st_size > 0
    }

    /// A pool that reads and writes the store at `path`.
    private static func makePool(_ path: String) throws -> DatabasePool {
        do {
            return try DatabasePool(path: path, configuration: configuration(path, readOnly: false))
        } catch {
            throw Store.translate(error, path: path, operation: "opening the store")
        }
    }

    private static func configuration(_ path: String, readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Store.busyTimeout)
        configuration.label = "rung-store"
        configuration.prepareDatabase { db in
            try Store.checkIdentity(db, path: path)
        }
        return configuration
    }

    /// Refuses a connection to anything but an empty file or a Rung store whose migrations
    /// this Rung knows. Runs on every new connection before GRDB switches the file to WAL
    /// mode, so a refused file is never altered.
    private static func checkIdentity(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type <> 'index'")
        let applied = tables.contains("grdb_migrations")
            ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            : []
        if applicationID == StoreSchema.applicationID {
            let unknown = Set(applied).subtracting(StoreSchema.migrator.migrations).sorted()
            guard unknown.isEmpty else { throw StoreError.newerSchema(path, unknown: unknown) }
            return
        }
        // A new file, or one whose first migration was interrupted after GRDB created its
        // bookkeeping table, is still empty.
        guard applicationID == 0, tables.allSatisfy({ $0 == "grdb_migrations" }), applied.isEmpty else {
            throw StoreError.foreignDatabase(path)
        }
    }

    /// Applies the migrations this Rung knows. Another process may be migrating the same
    /// new file at the same moment; whichever loses finds the work done and goes on.
    private func migrate() throws {
        let migrator = StoreSchema.migrator
        if try read("checking the schema", migrator.hasCompletedMigrations) { return }
        do {
            try migrator.migrate(pool)
        } catch {
            if try read("checking the schema", migrator.hasCompletedMigrations) { return }
            throw Store.translate(error, path: path, operation: "creating the schema")
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot).
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Store.translate(error, path: path, operation: operation)
        }
    }

    /// Runs `body` in one write transaction: all of it is committed, or none of it.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Store.translate(error, path: path, operation: operation)
        }
    }

    /// The result of `PRAGMA integrity_check`: `["ok"]` for a sound file, else SQLite's
    /// list of problems.
    public func integrityCheck() throws -> [String] {
        try read("checking integrity") { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check")
        }
    }

    /// Turns SQLite's errors into messages for the person, naming the file.
    static func translate(_ error: any Error, path: String, operation: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return StoreError.notADatabase(path)
        case .SQLITE_CORRUPT:
            return StoreError.corrupt(path, error.message ?? "SQLITE_CORRUPT")
        case .SQLITE_CONSTRAINT:
            return StoreError.invalid("\(operation): \(error.message ?? "a constraint failed")")
        case .SQLITE_READONLY:
            return StoreError.readOnly(path, "\(operation) needs to write it, which this process may not (the file or its directory is read-only to this user, or the store was opened only to read); commands that only read (evidence list and search, export, backup) still work")
        default:
            return StoreError.database(path, operation, error.message ?? "\(error.resultCode)")
        }
    }
}

/// Why the store refused a file or an operation. The `description` is written for the
/// person: it names the file or the field and says what is wrong with it.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, for callers that react differently to each (exit codes, retries).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notADatabase = "not a database"
            case foreignDatabase = "not a Rung database"
            case newerSchema = "newer schema"
            case outdatedSchema = "outdated schema"
            case noStore = "no store"
            case corrupt
            case invalidInput = "invalid input"
            case notFound = "not found"
            case conflict
            case fileSystem = "file system"
            case readOnly = "read-only"
            case database
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file exists but is not an SQLite database at all.
        public static let notADatabase = Code(.notADatabase)
        /// The file is an SQLite database written by another program.
        public static let foreignDatabase = Code(.foreignDatabase)
        /// The file was migrated by a newer Rung; this one does not know its schema.
        public static let newerSchema = Code(.newerSchema)
        /// The store was written by an older Rung and needs migrating, which a read-only
        /// open does not do.
        public static let outdatedSchema = Code(.outdatedSchema)
        /// A read-only open found no store at the path (no file, or an empty one).
        public static let noStore = Code(.noStore)
        /// SQLite found the file damaged.
        public static let corrupt = Code(.corrupt)
        /// A value the person or a caller gave was refused; nothing was written.
        public static let invalidInput = Code(.invalidInput)
        /// The record an operation names does not exist.
        public static let notFound = Code(.notFound)
        /// The operation contradicts what is recorded (e.g. a finished occurrence).
        public static let conflict = Code(.conflict)
        /// A directory or file could not be created, read or written.
        public static let fileSystem = Code(.fileSystem)
        /// The store cannot be written: the file or its directory is read-only to this user.
        public static let readOnly = Code(.readOnly)
        /// Any other SQLite failure.
        public static let database = Code(.database)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The file it is about, when it is about one.
    public let path: String?
    /// What is wrong, without the file.
    public let message: String

    init(_ code: Code, path: String?, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `PATH: error: MESSAGE`, as a compiler writes it (or `error: MESSAGE`).
    public var description: String { (path.map { "\($0): " } ?? "") + "error: " + message }

    /// `PATH: MESSAGE`, for a program that says "error" in its own words.
    public var reason: String { (path.map { "\($0): " } ?? "") + message }

    static func notADatabase(_ path: String) -> StoreError {
        StoreError(.notADatabase, path: path, "not an SQLite database; Rung will not open or overwrite it (use --store for another file)")
    }

    static func foreignDatabase(_ path: String) -> StoreError {
        StoreError(.foreignDatabase, path: path, "an SQLite database of another program, not a Rung store; Rung will not change it (use --store for another file)")
    }

    static func newerSchema(_ path: String, unknown: [String]) -> StoreError {
        StoreError(.newerSchema, path: path, "written by a newer Rung (unknown migrations: \(unknown.joined(separator: ", "))); upgrade Rung to use it, this version will not change it")
    }

    static func outdatedSchema(_ path: String, pending: [String]) -> StoreError {
        StoreError(.outdatedSchema, path: path, "written by an older Rung, the store needs upgrading (pending migrations: \(pending.joined(separator: ", "))); commands that only read never change it: restart rungd ('systemctl --user restart rungd') or run a command that writes, then try again")
    }

    static func noStore(_ path: String, _ detail: String) -> StoreError {
        StoreError(.noStore, path: path, "no Rung store here (\(detail)); commands that only read never create one (rungd or a command that writes, such as 'rungctl evidence add', does; if you gave --store, check the path)")
    }

    static func corrupt(_ path: String, _ detail: String) -> StoreError {
        StoreError(.corrupt, path: path, "the database is damaged (\(detail)); restore it from a backup (rungctl backup) — Rung will not write to it")
    }

    static func invalid(_ message: String) -> StoreError {
        StoreError(.invalidInput, path: nil, message)
    }

    static func notFound(_ what: String) -> StoreError {
        StoreError(.notFound, path: nil, "\(what) does not exist")
    }

    static func conflict(_ message: String) -> StoreError {
        StoreError(.conflict, path: nil, message)
    }

    static func fileSystem(_ path: String, _ message: String) -> StoreError {
        StoreError(.fileSystem, path: path, message)
    }

    static func readOnly(_ path: String, _ detail: String) -> StoreError {
        StoreError(.readOnly, path: path, "the store is read-only: \(detail)")
    }

    static func database(_ path: String, _ operation: String, _ message: String) -> StoreError {
        StoreError(.database, path: path, "\(operation) failed: \(message)")
    }
}

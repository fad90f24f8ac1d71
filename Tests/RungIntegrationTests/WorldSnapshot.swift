import Foundation
import GRDB

/// What a refused command may not change, taken before and after it: every row of every
/// table of the store, and every file of the test's private world (its name, and its bytes
/// outside the store's directory, where SQLite may rewrite pages without changing a row).
/// rungd's own heartbeat, `daemon_pass` (when it last looked at its plan), is left out: it
/// moves with time, not with what a command asked.
struct WorldSnapshot: Equatable {
    static let heartbeatTables: Set<String> = ["daemon_pass"]

    var rows: [String: [String]]
    var files: [String: Data]

    /// A snapshot of the store at `storePath` and of the files under `root`, less `ignoring`
    /// (paths relative to `root`: logs, sockets).
    init(storePath: String, root: String, ignoring: Set<String>) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: storePath, configuration: configuration)
        rows = try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var rows: [String: [String]] = [:]
            for table in tables where !Self.heartbeatTables.contains(table) {
                rows[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
            }
            return rows
        }
        try queue.close()
        let storeDirectory = (storePath as NSString).deletingLastPathComponent
        files = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            guard !ignoring.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }) else { continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let skipsBytes = isDirectory.boolValue || path.hasPrefix(storeDirectory + "/")
            files[relative] = skipsBytes ? Data() : FileManager.default.contents(atPath: path) ?? Data()
        }
    }

    /// What differs from `other`, in a few words per table or file.
    func differences(from other: WorldSnapshot) -> [String] {
        var differences: [String] = []
        for table in Set(rows.keys).union(other.rows.keys).sorted() where rows[table] != other.rows[table] {
            let added = Set(rows[table] ?? []).subtracting(other.rows[table] ?? [])
            let removed = Set(other.rows[table] ?? []).subtracting(rows[table] ?? [])
            differences.append("table \(table): \(added.count) rows added or changed, \(removed.count) removed or changed \(added.first.map { "(\($0.prefix(160)))" } ?? "")")
        }
        for file in Set(files.keys).union(other.files.keys).sorted() where files[file] != other.files[file] {
            differences.append(files[file] == nil ? "file \(file) removed" : other.files[file] == nil ? "file \(file) created" : "file \(file) changed")
        }
        return differences
    }
}

import Foundation
import RungTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A store this user may read but not write: a file made read-only (0444), or a directory
/// made read-only (0555). The commands that only read work; those that write say the store
/// is read-only; nothing is created beside it.
@Suite("A read-only store")
struct ReadOnlyStoreTests {
    enum Lock: String, CaseIterable, Sendable {
        case file, directory
    }

    /// Whether rungctl runs as nobody: file modes do not stop root.
    static let asNobody = getuid() == 0

    /// Makes `paths` belong to the user rungctl runs as.
    static func handOver(_ paths: [String]) {
        if asNobody { for path in paths { chown(path, 65534, 65534) } }
    }

    /// Runs rungctl as a user the file modes hold back: this one, or nobody for root.
    static func rungctl(_ arguments: [String]) throws -> ProcessResult {
        let environment = ["XDG_CONFIG_HOME": "/nonexistent"]
        guard asNobody else { return try BuiltProduct.run("rungctl", arguments, environment: environment) }
        return try BuiltProduct.runTool(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", BuiltProduct.path("rungctl")] + arguments,
            environment: environment)
    }

    @Test("list, export and backup work; evidence add says the store is read-only", arguments: Lock.allCases)
    func readOnly(_ lock: Lock) async throws {
        let directory = try TemporaryDirectory()
        chmod(directory.path, 0o755)
        let storeDirectory = directory.file("store"), output = directory.file("out")
        let store = storeDirectory + "/rung.sqlite3"
        for path in [storeDirectory, output] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        let added = try await BuiltProduct.rungctl(["evidence", "add", "--skill", "talks", "kept the demo short"], store: store,
                                                   environment: ["XDG_CONFIG_HOME": "/nonexistent"])
        #expect(added.status == 0, "\(added.stderr)")
        Self.handOver([storeDirectory, store, output])
        switch lock {
        case .file: chmod(store, 0o444)
        case .directory: chmod(storeDirectory, 0o555)
        }
        defer { chmod(storeDirectory, 0o755) }
        let before = try FileManager.default.contentsOfDirectory(atPath: storeDirectory).sorted()
        for arguments in [
            ["evidence", "list"], ["evidence", "search", "demo"], ["export", "--output", output + "/export.json"],
            ["backup", output + "/backup.sqlite3"],
        ] {
            let result = try await onOwnThread { try Self.rungctl(arguments + ["--store", store]) }
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let listed = try await onOwnThread { try Self.rungctl(["evidence", "list", "--store", store]) }
        #expect(listed.stdout.contains("    kept the demo short\n"))
        #expect(FileManager.default.fileExists(atPath: output + "/backup.sqlite3"))
        let write = try await onOwnThread {
            try Self.rungctl(["evidence", "add", "--skill", "talks", "--store", store, "one more"])
        }
        #expect(write.status == 1)
        #expect(write.stderr.hasPrefix("rungctl: error: \(store): the store is read-only: "), "\(write.stderr)")
        if lock == .directory {
            #expect(try FileManager.default.contentsOfDirectory(atPath: storeDirectory).sorted() == before)
        }
    }
}

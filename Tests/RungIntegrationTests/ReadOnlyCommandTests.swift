import Foundation
import GRDB
import RungTestSupport
import Testing
@testable import RungStore

/// The rungctl commands that only read the store, run as the person runs them, on a store
/// that is not there (a typo in `--store`) or not yet migrated: they say so and create or
/// change nothing.
@Suite("rungctl commands that only read")
struct ReadOnlyCommandTests {
    struct ReadingCommand: Sendable, CustomTestStringConvertible {
        let name: String
        /// The arguments before `--store`; `OUT` stands for a path in the test's directory.
        let arguments: [String]
        var testDescription: String { name }

        func arguments(in directory: TemporaryDirectory) -> [String] {
            arguments.map { $0 == "OUT" ? directory.file("out") : $0 }
        }
    }

    static let commands: [ReadingCommand] = [
        ReadingCommand(name: "evidence list", arguments: ["evidence", "list"]),
        ReadingCommand(name: "evidence list --json", arguments: ["evidence", "list", "--json", "--skill", "talks"]),
        ReadingCommand(name: "evidence search", arguments: ["evidence", "search", "budget"]),
        ReadingCommand(name: "export to stdout", arguments: ["export"]),
        ReadingCommand(name: "export to a file", arguments: ["export", "--output", "OUT"]),
        ReadingCommand(name: "export as CSV", arguments: ["export", "--format", "csv", "--output", "OUT"]),
        ReadingCommand(name: "backup", arguments: ["backup", "OUT"]),
    ]

    /// Every path under `directory`, relative to it, sorted.
    static func listing(_ directory: TemporaryDirectory) -> [String] {
        (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test("a --store that does not exist: exit 1, the path named, nothing created", arguments: commands)
    func missingStore(_ command: ReadingCommand) async throws {
        let directory = try TemporaryDirectory()
        #expect(FileManager.default.createFile(atPath: directory.file("keep"), contents: Data("x".utf8)))
        let before = Self.listing(directory)
        for path in [directory.file("typo.sqlite3"), directory.file("typo/rung/rung.sqlite3")] {
            let result = try await BuiltProduct.rungctl(command.arguments(in: directory), store: path)
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("rungctl: error: \(path): no Rung store here (no such file); commands that only read never create one"), "stderr: \(result.stderr)")
            #expect(Self.listing(directory) == before)
        }
    }

    @Test("the default store missing: exit 1, its path named, no directory created", arguments: commands)
    func missingDefaultStore(_ command: ReadingCommand) async throws {
        let directory = try TemporaryDirectory()
        let arguments = command.arguments(in: directory)
        let environment = ["XDG_DATA_HOME": directory.file("data"), "XDG_CONFIG_HOME": directory.file("config")]
        let result = try await onOwnThread { try BuiltProduct.run("rungctl", arguments, environment: environment) }
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("rungctl: error: \(directory.file("data/rung/rung.sqlite3")): no Rung store here"), "stderr: \(result.stderr)")
        #expect(Self.listing(directory) == [])
    }

    @Test("a store of an older Rung: exit 1, what to do named, the store unchanged", arguments: commands)
    func outdatedStore(_ command: ReadingCommand) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1-initial")
        try queue.close()
        let before = contents(path)
        let result = try await BuiltProduct.rungctl(command.arguments(in: directory), store: path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("rungctl: error: \(path): written by an older Rung, the store needs upgrading (pending migrations: v2-delivery-purpose, v3-ledger-plan, v4-response-note, v5-snooze-all, v6-coaching, v7-rehearsal, v8-rung-rating, v9-evidence-edited, v10-occurrence-by-kind)"), "stderr: \(result.stderr)")
        #expect(contents(path) == before)
        #expect(Self.listing(directory) == ["rung.sqlite3"])
    }
}

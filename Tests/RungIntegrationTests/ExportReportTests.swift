import Foundation
import RungTestSupport
import Testing
@testable import RungStore

/// `rungctl export --json` and `rungctl backup --json`: what was written, in a stable shape.
@Suite("rungctl export and backup --json")
struct ExportReportTests {
    /// A store with two evidence entries and one ladder position.
    static func store(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        try store.stepLadder("talks", at: testInstant) { _ in (.hold, 1, "begin") }
        for what in ["spoke first", "asked a question"] {
            try store.addEvidence(Evidence(skill: "talks", what: what, happenedAt: testInstant, recordedAt: testInstant))
        }
        try store.pool.close()
        return path
    }

    static func object(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    @Test("export --json --output prints path, format, since, the files and the rows of every table")
    func exportReport() async throws {
        let directory = try TemporaryDirectory()
        let path = try Self.store(in: directory)
        let file = directory.file("out.json")
        let json = try Self.object(try await BuiltProduct.rungctl(["export", "--json", "--output", file], store: path))
        #expect(Set(json.keys) == ["path", "format", "since", "files", "counts"])
        #expect(json["path"] as? String == file && json["format"] as? String == "json" && json["since"] is NSNull)
        #expect(json["files"] as? [String] == [file])
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(Set(counts.keys) == Set(Store.exportNames))
        #expect(counts["evidence"] == 2 && counts["ladder_positions"] == 1 && counts["occurrences"] == 0)
        let bytes = try #require(contents(file))
        let written = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        #expect((written["evidence"] as? [Any])?.count == 2)

        let csvDirectory = directory.file("csv")
        let csv = try Self.object(try await BuiltProduct.rungctl(
            ["export", "--json", "--format", "csv", "--since", "2024-05-01T07:30:00Z", "--output", csvDirectory], store: path))
        #expect(csv["format"] as? String == "csv" && csv["path"] as? String == csvDirectory)
        #expect(csv["since"] as? String == "2024-05-01T07:30:00.000000Z")
        #expect(csv["files"] as? [String] == Store.exportNames.map { csvDirectory + "/" + $0 + ".csv" })
        #expect((csv["counts"] as? [String: Int])?["evidence"] == 2)

        let plain = try await BuiltProduct.rungctl(["export", "--output", directory.file("plain.json")], store: path)
        #expect(plain.status == 0 && plain.stdout == "", "without --json the file is the output")
        let document = try Self.object(try await BuiltProduct.rungctl(["export", "--json"], store: path))
        #expect(document["format"] as? String == "rung-export", "without --output the export itself is the JSON")
    }

    @Test("backup --json prints the store, the copy and its size in bytes")
    func backupReport() async throws {
        let directory = try TemporaryDirectory()
        let path = try Self.store(in: directory)
        let copy = directory.file("copy.sqlite3")
        let result = try await BuiltProduct.rungctl(["backup", "--json", copy], store: path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.object(result)
        #expect(Set(json.keys) == ["store", "path", "bytes"])
        #expect(json["store"] as? String == path && json["path"] as? String == copy)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: copy)[.size] as? Int)
        #expect(json["bytes"] as? Int == size && size > 0)
    }
}

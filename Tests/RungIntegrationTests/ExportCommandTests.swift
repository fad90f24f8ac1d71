import Foundation
import RungCore
import RungTestSupport
import RungTime
import Testing
@testable import RungStore

/// `rungctl export` and `rungctl backup` run as the person runs them, on a temporary store,
/// and the export's timestamps against date(1).
@Suite("rungctl export and backup")
struct ExportCommandTests {
    @Test("timestamps agree with date(1) over many instants")
    func timestampOracle() async throws {
        let seconds: [Int64] = (0..<40).map { Int64($0) * 97_654_321 - 1_000_000_000 }
        let script = seconds.map { "date -u -d @\($0) +%Y-%m-%dT%H:%M:%S.000000Z" }.joined(separator: "; ")
        let result = try await onOwnThread { try BuiltProduct.runTool("/bin/sh", ["-c", script]) }
        let expected = result.stdout.split(separator: "\n").map(String.init)
        #expect(seconds.map { ExportText.timestamp(Instant(seconds: $0)) } == expected)
    }

    @Test("export --format json: one parseable document with every table, filtered by --since")
    func jsonExport() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        try store.recordPlanned(OccurrenceRecord(id: "occ", kind: .checkIn, subject: "ladder:talks", dueAt: testInstant, updatedAt: testInstant))
        try store.recordResponse(Response(occurrenceID: "occ", answer: "climb", via: .cli, answeredAt: testInstant))
        try store.stepLadder("talks", at: testInstant) { _ in (.hold, 1, "begin") }
        try store.addEvidence(Evidence(skill: "s", what: "old, \"quoted\"\nline", happenedAt: Instant(seconds: 0), recordedAt: testInstant))
        try store.addEvidence(Evidence(skill: "s", what: "new", happenedAt: testInstant, recordedAt: testInstant))

        let result = try await BuiltProduct.rungctl(["export"], store: path)
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "rung-export")
        #expect(document["version"] as? Int == 1)
        #expect(document["since"] is NSNull)
        for name in Store.exportNames { #expect(document[name] is [Any], "missing \(name)") }
        let evidence = try #require(document["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["what"] as? String } == ["old, \"quoted\"\nline", "new"])
        #expect(Set(evidence[0].keys) == Set(Evidence.exportColumns))
        #expect((document["responses"] as? [[String: Any]])?.first?["answer"] as? String == "climb")

        let recent = try await BuiltProduct.rungctl(["export", "--since", "2024-05-01T00:00:00Z", "--output", directory.file("out.json")], store: path)
        #expect(recent.status == 0)
        #expect(permissions(directory.file("out.json")) == 0o600)
        let written = try #require(contents(directory.file("out.json")))
        let filtered = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((filtered["evidence"] as? [[String: Any]])?.map { $0["what"] as? String } == ["new"])
        #expect(filtered["since"] as? String == "2024-05-01T00:00:00.000000Z")

        let again = try await BuiltProduct.rungctl(["export", "--output", directory.file("out.json")], store: path)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("rungctl: error: ") && again.stderr.hasSuffix("out.json: already exists; choose a new name (Rung does not overwrite files)\n"))
    }

    @Test("export --format csv writes one RFC 4180 file per table into a private directory")
    func csvExport() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        try store.addEvidence(Evidence(skill: "s", rung: 1, what: "said \"no\", kindly", happenedAt: testInstant, recordedAt: testInstant))
        let result = try await BuiltProduct.rungctl(["export", "--format", "csv", "--output", directory.file("csv")], store: path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(permissions(directory.file("csv")) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.file("csv")).sorted()
        #expect(files == Store.exportNames.map { $0 + ".csv" }.sorted())
        let csv = String(decoding: try #require(contents(directory.file("csv/evidence.csv"))), as: UTF8.self)
        #expect(csv == """
            id,skill,rung,what,detail,source,given_by,debrief_id,observed,feared,feared_happened,aids,happened_at,recorded_at,performance,praise_only,edited_at\r
            1,s,1,"said ""no"", kindly",,manual,,,,,,,2024-05-01T07:30:00.000000Z,2024-05-01T07:30:00.000000Z,,,\r

            """)
        let noDirectory = try await BuiltProduct.rungctl(["export", "--format", "csv"], store: path)
        #expect(noDirectory.status == 64)
        #expect(noDirectory.stderr.hasPrefix("rungctl: error: CSV export writes one file per table; give the directory with --output"))
    }

    @Test("backup while a writer keeps writing: a sound, complete, private single-file copy")
    func backupWhileWriting() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let copyPath = directory.file("copy.sqlite3")
        let (before, result) = try await onOwnThread {
            let writer = try WriterChild(store: path, tag: "busy")
            let before = try writer.readIDs(atLeast: 20)
            let result = try BuiltProduct.run("rungctl", ["backup", copyPath, "--store", path])
            _ = try writer.kill()
            return (before, result)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "backed up \(path) to \(directory.file("copy.sqlite3"))\n")
        #expect(permissions(directory.file("copy.sqlite3")) == 0o600)
        let copy = try Store(path: directory.file("copy.sqlite3"))
        #expect(try copy.integrityCheck() == ["ok"])
        let copied = Set(try copy.evidence().compactMap(\.id))
        #expect(Set(before).isSubset(of: copied))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)

        let again = try await BuiltProduct.rungctl(["backup", directory.file("copy.sqlite3")], store: path)
        #expect(again.status == 1)
        #expect(again.stderr == "rungctl: error: \(directory.file("copy.sqlite3")): already exists; Rung does not overwrite files with a backup (choose a new name)\n")
    }
}

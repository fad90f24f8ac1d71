import Foundation
import GRDB
import RungCore
import RungTestSupport
import RungTime
import Testing
@testable import RungStore

@Suite("Correcting the evidence log")
struct EvidenceCorrectionTests {
    static func entry(_ what: String, detail: String = "") -> Evidence {
        Evidence(skill: "talks", rung: 2, what: what, detail: detail, happenedAt: testInstant, recordedAt: testInstant)
    }

    @Test("an edit changes the entry in place, keeps its number and recording time, stamps the edit, and search finds the new words only")
    func edit() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let id = try #require(try store.addEvidence(Self.entry("Gave the stnad-up update", detail: "no notes")).id)
        let editedAt = testInstant.adding(microseconds: 3_600_000_000)
        let edited = try store.editEvidence(id: id, editedAt: editedAt) { entry in
            entry.what = "Gave the stand-up update"
            entry.rung = 3
        }
        #expect(edited.id == id && edited.what == "Gave the stand-up update" && edited.detail == "no notes" && edited.rung == 3)
        #expect(edited.recordedAt == testInstant && edited.editedAt == editedAt)
        #expect(try store.evidence(id: id) == edited)
        #expect(try store.searchEvidence("stand-up").map(\.id) == [id])
        #expect(try store.searchEvidence("stnad").isEmpty)
        var exported = ""
        try store.exportJSON(since: nil, exportedAt: testInstant) { exported += $0 }
        #expect(exported.contains("\"praise_only\":null,\"edited_at\":\"2024-05-01T08:30:00.000000Z\"}"), "\(exported)")
    }

    @Test("an edit of an unknown entry or to something that is not evidence writes nothing")
    func refusedEdits() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let id = try #require(try store.addEvidence(Self.entry("Spoke first")).id)
        #expect { try store.editEvidence(id: 99, editedAt: testInstant) { $0.what = "x" } } throws: {
            ($0 as? StoreError)?.code == .notFound && "\($0)" == "error: evidence #99 does not exist"
        }
        #expect { try store.editEvidence(id: id, editedAt: testInstant) { $0.what = "  " } } throws: {
            ($0 as? StoreError)?.code == .invalidInput
        }
        #expect { try store.editEvidence(id: id, editedAt: testInstant) { $0.what = String(repeating: "a", count: 2_001) } } throws: {
            "\($0)" == "error: the evidence text is 2001 characters long; at most 2000 are allowed"
        }
        #expect(try store.evidence(id: id) == { var entry = Self.entry("Spoke first"); entry.id = id; return entry }())
    }

    @Test("text past the limits is refused when added: 2 000 characters of text, 10 000 of detail")
    func limits() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(throws: (any Error).self) { try store.addEvidence(Self.entry(String(repeating: "é", count: 120_000))) }
        #expect { try store.addEvidence(Self.entry("ok", detail: String(repeating: "x", count: 10_001))) } throws: {
            "\($0)" == "error: the detail is 10001 characters long; at most 10000 are allowed"
        }
        try store.addEvidence(Self.entry(String(repeating: "é", count: 2_000), detail: String(repeating: "x", count: 10_000)))
        #expect(try store.evidenceCount() == 1)
    }

    @Test("a deleted entry is gone from the log, the search index and the bytes of the store's files")
    func delete() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        let kept = try #require(try store.addEvidence(Self.entry("Asked the first question")).id)
        let secret = "zanzibarquokka"
        let id = try #require(try store.addEvidence(Self.entry("Told them about \(secret)", detail: "\(secret) twice")).id)
        let deleted = try #require(try store.deleteEvidence(id: id))
        #expect(deleted.what == "Told them about \(secret)")
        #expect(try store.evidence(id: id) == nil)
        #expect(try store.evidence().map(\.id) == [kept])
        #expect(try store.searchEvidence(secret).isEmpty)
        #expect(try store.deleteEvidence(id: id) == nil)
        for file in [path, path + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) still holds the deleted words")
        }
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("a v8 store keeps its evidence when v9 adds the edit time, and its entries were never edited")
    func v8StoreMigrates() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v8-rung-rating")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO evidence (skill, rung, what, detail, source, given_by, observed, happened_at, recorded_at, performance, praise_only)
                VALUES ('talks', 2, 'spoke first', 'no notes', 'feedback', 'Mira', 1, 12, 13, 'standup', 0)
                """)
        }
        try queue.close()

        let store = try Store(path: path)
        #expect(try store.pool.read(StoreSchema.migrator.appliedMigrations).contains("v9-evidence-edited"))
        let entry = try #require(try store.evidence(id: 1))
        #expect(entry.what == "spoke first" && entry.detail == "no notes" && entry.source == .feedback(from: "Mira"))
        #expect(entry.observed == true && entry.performance == "standup" && entry.praiseOnly == false && entry.editedAt == nil)
        #expect(entry.happenedAt == Instant(microseconds: 12) && entry.recordedAt == Instant(microseconds: 13))
        #expect(try store.searchEvidence("spoke").map(\.id) == [1])
        try store.editEvidence(id: 1, editedAt: Instant(microseconds: 20)) { $0.detail = "without notes" }
        #expect(try store.evidence(id: 1)?.editedAt == Instant(microseconds: 20))
    }
}

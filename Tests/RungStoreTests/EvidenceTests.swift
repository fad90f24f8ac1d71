import Foundation
import GRDB
import RungCore
import RungTestSupport
import Testing
@testable import RungStore

@Suite("The evidence log")
struct EvidenceTests {
    private func entry(_ what: String, skill: String = "public-speaking", detail: String = "", at seconds: Int64 = 0) -> Evidence {
        let instant = testInstant.adding(microseconds: seconds * 1_000_000)
        return Evidence(skill: skill, rung: 2, what: what, detail: detail, happenedAt: instant, recordedAt: instant)
    }

    @Test("an added entry comes back field for field, with its id")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let feedback = Evidence(
            skill: "public-speaking", rung: 3, what: "Opened the retro with a story", detail: "the room laughed",
            source: .feedback(from: "Dana"), observed: true, feared: "silence", fearedHappened: false,
            aids: "notes", happenedAt: testInstant, recordedAt: testInstant.adding(microseconds: 1))
        let added = try store.addEvidence(feedback)
        let id = try #require(added.id)
        var expected = feedback
        expected.id = id
        #expect(try store.evidence(id: id) == expected)
    }

    @Test("list filters by skill and since, oldest first")
    func list() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.addEvidence(entry("late", at: 100))
        try store.addEvidence(entry("early", at: 10))
        try store.addEvidence(entry("other skill", skill: "negotiation", at: 50))
        #expect(try store.evidence().map(\.what) == ["early", "other skill", "late"])
        #expect(try store.evidence(skill: "public-speaking").map(\.what) == ["early", "late"])
        #expect(try store.evidence(since: testInstant.adding(microseconds: 50_000_000)).map(\.what) == ["other skill", "late"])
    }

    @Test("search finds every word, ignoring case, accents and word endings; newest first")
    func search() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.addEvidence(entry("Presented the quarterly numbers", detail: "no notes, kept eye contact"))
        try store.addEvidence(entry("Asked a question at the all-hands"))
        try store.addEvidence(entry("Café meeting with the team", detail: "presenting the plan"))
        #expect(try store.searchEvidence("present").map(\.what) == ["Café meeting with the team", "Presented the quarterly numbers"])
        #expect(try store.searchEvidence("CAFE").map(\.what) == ["Café meeting with the team"])
        #expect(try store.searchEvidence("notes eye").map(\.what) == ["Presented the quarterly numbers"])
        #expect(try store.searchEvidence("notes question").isEmpty)
        #expect(try store.searchEvidence("\"all-hands\" OR NOT (").isEmpty)
        #expect(try store.searchEvidence("all-hands").map(\.what) == ["Asked a question at the all-hands"])
        #expect(try store.searchEvidence("present", limit: 1).map(\.what) == ["Café meeting with the team"])
    }

    struct BadEntry: Sendable, CustomTestStringConvertible {
        let name: String
        let entry: Evidence
        let message: String
        var testDescription: String { name }
    }

    static let badEntries: [BadEntry] = [
        BadEntry(name: "an unknown skill", entry: Evidence(skill: "Public Speaking", what: "w", happenedAt: testInstant, recordedAt: testInstant),
                 message: "error: unknown skill 'Public Speaking': a skill is named with lowercase letters, digits, '-' and '_', starting with a letter or digit (e.g. 'public-speaking')"),
        BadEntry(name: "an empty skill", entry: Evidence(skill: "", what: "w", happenedAt: testInstant, recordedAt: testInstant),
                 message: "error: unknown skill '': a skill is named with lowercase letters, digits, '-' and '_', starting with a letter or digit (e.g. 'public-speaking')"),
        BadEntry(name: "empty text", entry: Evidence(skill: "s", what: " \n\t", happenedAt: testInstant, recordedAt: testInstant),
                 message: "error: the evidence text is empty; say what happened, specifically (e.g. 'gave the 3-minute stand-up update without notes')"),
        BadEntry(name: "rung 0", entry: Evidence(skill: "s", rung: 0, what: "w", happenedAt: testInstant, recordedAt: testInstant),
                 message: "error: rung 0 is not a rung; rungs are numbered from 1"),
        BadEntry(name: "feedback from nobody", entry: Evidence(skill: "s", what: "w", source: .feedback(from: " "), happenedAt: testInstant, recordedAt: testInstant),
                 message: "error: feedback needs the name of the person who gave it"),
    ]

    @Test("bad entries are refused with a clear message and nothing is written", arguments: badEntries)
    func refused(_ bad: BadEntry) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let error = try #require(throws: StoreError.self) { try store.addEvidence(bad.entry) }
        #expect(error.code == .invalidInput)
        #expect(error.description == bad.message)
        #expect(try store.evidenceCount() == 0)
    }

    @Test("the schema refuses what slips past the API: a debrief id on a manual entry")
    func schemaBackstop() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO evidence (skill, what, detail, source, debrief_id, happened_at, recorded_at)
                    VALUES ('s', 'w', '', 'manual', 1, 0, 0)
                    """)
            }
        }
        #expect(try store.evidenceCount() == 0)
    }

    @Test("an empty search is refused")
    func emptySearch() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let error = try #require(throws: StoreError.self) { try store.searchEvidence("   ") }
        #expect(error.description == "error: the search text is empty; give one or more words to look for")
    }
}

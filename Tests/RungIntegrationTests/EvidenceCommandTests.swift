import Foundation
import GRDB
import RungTestSupport
import Testing
@testable import RungStore

/// `rungctl evidence …` run as the person runs it: the built binary, a temporary store.
@Suite("rungctl evidence")
struct EvidenceCommandTests {
    @Test("add prints the new entry's number and writes it to the store")
    func add() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("new/rung.sqlite3")
        let result = try await BuiltProduct.rungctl(
            ["evidence", "add", "--skill", "public-speaking", "--rung", "2", "--detail", "kept eye contact",
             "Gave", "the", "stand-up", "update"], store: path)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == "added evidence #1\n")
        let entry = try #require(try Store(path: path).evidence(id: 1))
        #expect(entry.what == "Gave the stand-up update")
        #expect(entry.detail == "kept eye contact")
        #expect(entry.rung == 2)
        #expect(entry.source == .manual)
        #expect(permissions(directory.file("new")) == 0o700)
        #expect(permissions(path) == 0o600)
    }

    struct BadCommand: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let status: Int32
        let stderrPrefix: String
        var testDescription: String { name }
    }

    static let badCommands: [BadCommand] = [
        BadCommand(name: "an unknown skill", arguments: ["evidence", "add", "--skill", "Public Speaking", "spoke"], status: 1,
                   stderrPrefix: "rungctl: error: unknown skill 'Public Speaking': a skill is named with lowercase letters"),
        BadCommand(name: "empty text", arguments: ["evidence", "add", "--skill", "public-speaking", "  "], status: 1,
                   stderrPrefix: "rungctl: error: the evidence text is empty; say what happened"),
        BadCommand(name: "no text at all", arguments: ["evidence", "add", "--skill", "public-speaking"], status: 1,
                   stderrPrefix: "rungctl: error: the evidence text is empty; say what happened"),
        BadCommand(name: "rung 0", arguments: ["evidence", "add", "--skill", "s", "--rung", "0", "spoke"], status: 1,
                   stderrPrefix: "rungctl: error: rung 0 is not a rung"),
        BadCommand(name: "a month 13", arguments: ["evidence", "list", "--since", "2024-13-01"], status: 64,
                   stderrPrefix: "rungctl: error: The value '2024-13-01' is invalid for '--since <date>': '2024-13-01' is not a date; use an ISO 8601 date"),
        BadCommand(name: "February 30", arguments: ["evidence", "list", "--since", "2024-02-30"], status: 64,
                   stderrPrefix: "rungctl: error: The value '2024-02-30' is invalid for '--since <date>'"),
        BadCommand(name: "a date-time without offset", arguments: ["evidence", "list", "--since", "2024-05-01T09:30"], status: 64,
                   stderrPrefix: "rungctl: error: The value '2024-05-01T09:30' is invalid for '--since <date>'"),
        BadCommand(name: "words for a date", arguments: ["evidence", "list", "--since", "yesterday"], status: 64,
                   stderrPrefix: "rungctl: error: The value 'yesterday' is invalid for '--since <date>'"),
        BadCommand(name: "an empty search", arguments: ["evidence", "search", " "], status: 1,
                   stderrPrefix: "rungctl: error: the search text is empty"),
    ]

    @Test("bad input: a clear error, a non-zero exit, nothing written", arguments: badCommands)
    func refused(_ bad: BadCommand) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        // The store exists: a command that only reads refuses a missing one before it looks at its input.
        try Store(path: path).pool.close()
        let result = try await BuiltProduct.rungctl(bad.arguments, store: path)
        #expect(result.status == bad.status)
        #expect(result.stderr.hasPrefix(bad.stderrPrefix), "stderr: \(result.stderr)")
        #expect(result.stdout == "")
        #expect(try Store(path: path).evidenceCount() == 0)
    }

    @Test("list and search print entries for people and, with --json, in the export shape")
    func listAndSearch() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        try store.addEvidence(Evidence(skill: "public-speaking", rung: 1, what: "Said \"hello\" to the room", detail: "voice steady",
                                       happenedAt: testInstant, recordedAt: testInstant))
        try store.addEvidence(Evidence(skill: "negotiation", what: "Asked for the budget", source: .feedback(from: "Sam"),
                                       happenedAt: testInstant.adding(microseconds: 86_400_000_000), recordedAt: testInstant))

        let text = try await BuiltProduct.rungctl(["evidence", "list"], store: path, environment: ["TZ": "UTC"])
        #expect(text.status == 0)
        #expect(text.stdout == """
            #1  2024-05-01 07:30  public-speaking, rung 1  (by hand)
                Said "hello" to the room
                voice steady

            #2  2024-05-02 07:30  negotiation  (feedback from Sam)
                Asked for the budget

            """)

        let json = try await BuiltProduct.rungctl(["evidence", "list", "--json", "--skill", "public-speaking"], store: path)
        #expect(json.status == 0)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        #expect(objects.first?["what"] as? String == "Said \"hello\" to the room")
        #expect(objects.first?["happened_at"] as? String == "2024-05-01T07:30:00.000000Z")
        #expect(objects.first?["given_by"] is NSNull)

        let since = try await BuiltProduct.rungctl(["evidence", "list", "--json", "--since", "2024-05-02T09:00:00+02:00"], store: path)
        #expect(since.stdout.contains("\"what\":\"Asked for the budget\""))
        #expect(!since.stdout.contains("hello"))

        let localDate = try await BuiltProduct.rungctl(["evidence", "list", "--since", "2024-05-02"], store: path, environment: ["TZ": "Asia/Tokyo"])
        #expect(localDate.stdout.hasPrefix("#2  2024-05-02 16:30  negotiation"))

        let search = try await BuiltProduct.rungctl(["evidence", "search", "STEADY", "voices"], store: path, environment: ["TZ": "UTC"])
        #expect(search.status == 0)
        #expect(search.stdout.hasPrefix("#1  2024-05-01 07:30  public-speaking"))
        let none = try await BuiltProduct.rungctl(["evidence", "search", "budget", "hello"], store: path)
        #expect(none.stdout == "no evidence\n")
    }

    @Test("a file that is not a Rung store is refused: exit 1, the file untouched")
    func foreignFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("diary.txt")
        let text = Data("dear diary\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: text))
        let result = try await BuiltProduct.rungctl(["evidence", "add", "--skill", "s", "spoke"], store: path)
        #expect(result.status == 1)
        #expect(result.stderr == "rungctl: error: \(path): not an SQLite database; Rung will not open or overwrite it (use --store for another file)\n")
        #expect(contents(path) == text)
    }
}

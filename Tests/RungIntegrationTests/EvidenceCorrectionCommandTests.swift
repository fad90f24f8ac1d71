import Foundation
import RungCore
import RungTestSupport
import RungTime
import Testing
@testable import RungStore

/// `rungctl evidence edit`, `delete` and `add --at`, the length limits and arguments that
/// are not UTF-8, run as the person runs them: the built rungctl, rungd stopped.
@Suite("rungctl evidence edit and delete")
struct EvidenceCorrectionCommandTests {
    /// A harness with the coaching config (ladder `talks`) and one entry, #1, in its store.
    static func withEntry() async throws -> RungdHarness {
        let rungd = try RungdHarness()
        try rungd.writeConfig(CoachingCommandTests.config)
        let added = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--rung", "1", "--detail", "no notes", "Gave the stnad-up update"])
        #expect(added.status == 0, "\(added.stderr)")
        return rungd
    }

    static func entry(_ rungd: RungdHarness, _ id: Int64 = 1) throws -> Evidence? {
        try Store(path: rungd.storePath, access: .readOnly).evidence(id: id)
    }

    @Test("edit changes what is given, keeps the rest, takes a rung by title and prints the entry as it now is")
    func edit() async throws {
        let rungd = try await Self.withEntry()
        let before = try #require(try Self.entry(rungd))
        let result = try await rungd.rungctl([
            "evidence", "edit", "1", "--text", "Gave the stand-up update", "--rung", "Stand-up update", "--at", "2026-11-02T09:30:00Z",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            edited evidence #1:
            #1  2026-11-02 09:30  talks, rung 2 \u{201C}Stand-up update\u{201D}  (by hand)
                Gave the stand-up update
                no notes

            """)
        let after = try #require(try Self.entry(rungd))
        #expect(after.what == "Gave the stand-up update" && after.detail == "no notes" && after.rung == 2)
        #expect(after.happenedAt == Instant(seconds: 1_793_611_800) && after.recordedAt == before.recordedAt)
        let editedAt = try #require(after.editedAt)
        #expect(editedAt > before.recordedAt)

        let json = try await rungd.rungctl(["evidence", "edit", "1", "--detail", "", "--json"])
        let object = try CoachingCommandTests.object(json)
        #expect(object["detail"] as? String == "" && object["id"] as? Int == 1)
        #expect(object["edited_at"] is String)
        #expect(Set(object.keys) == Set(Evidence.exportColumns))
    }

    struct BadCommand: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let stderr: String
        var testDescription: String { name }
    }

    static let badCommands: [BadCommand] = [
        BadCommand(name: "edit of an unknown entry", arguments: ["evidence", "edit", "7", "--text", "x"], stderr: "there is no evidence #7"),
        BadCommand(name: "edit with nothing to change", arguments: ["evidence", "edit", "1"], stderr: "Say what to change"),
        BadCommand(name: "edit to a rung the ladder does not have", arguments: ["evidence", "edit", "1", "--rung", "Keynote"],
                   stderr: "ladder 'talks' has no rung titled 'Keynote'"),
        BadCommand(name: "edit to a text too long", arguments: ["evidence", "edit", "1", "--text", String(repeating: "a", count: 2_001)],
                   stderr: "--text is 2001 characters long; at most 2000 are allowed"),
        BadCommand(name: "edit to a date in the future", arguments: ["evidence", "edit", "1", "--at", "2999-01-01"], stderr: "is in the future"),
        BadCommand(name: "add with a date in the future", arguments: ["evidence", "add", "--skill", "talks", "--at", "2999-01-01T00:00Z", "spoke"],
                   stderr: "--at 2999-01-01 00:00 is in the future; evidence is of what already happened"),
        BadCommand(name: "add with 120 KB of text", arguments: ["evidence", "add", "--skill", "talks", String(repeating: "I spoke. ", count: 13_334)],
                   stderr: "the evidence text is 120006 characters long; at most 2000 are allowed"),
        BadCommand(name: "add with a detail too long", arguments: ["evidence", "add", "--skill", "talks", "--detail", String(repeating: "d", count: 10_001), "spoke"],
                   stderr: "--detail is 10001 characters long; at most 10000 are allowed"),
        BadCommand(name: "feedback too long", arguments: ["feedback", "add", "--from", "Mira", "--skill", "talks", String(repeating: "b", count: 2_001)],
                   stderr: "the feedback text is 2001 characters long; at most 2000 are allowed"),
        BadCommand(name: "delete of an unknown entry", arguments: ["evidence", "delete", "7", "--yes"], stderr: "there is no evidence #7"),
        BadCommand(name: "delete without a terminal or --yes", arguments: ["evidence", "delete", "1"],
                   stderr: "not at a terminal to confirm: give --yes to delete evidence #1 without being asked"),
    ]

    @Test("bad input: exit 64 with the reason, the log as it was", arguments: badCommands)
    func refused(_ bad: BadCommand) async throws {
        let rungd = try await Self.withEntry()
        let before = try Store(path: rungd.storePath, access: .readOnly).evidence()
        let result = try await rungd.rungctl(bad.arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(bad.stderr), "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(try Store(path: rungd.storePath, access: .readOnly).evidence() == before)
    }

    @Test("add --at back-dates an entry; the moment it was recorded stays now")
    func backDated() async throws {
        let rungd = try RungdHarness()
        let result = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--at", "2026-11-02", "gave the update without notes"])
        #expect(result.status == 0, "\(result.stderr)")
        let entry = try #require(try Self.entry(rungd))
        #expect(entry.happenedAt == Instant(seconds: 1_793_577_600), "local midnight, in the harness's UTC")
        #expect(entry.recordedAt > Instant(seconds: 1_793_577_600))
    }

    @Test("delete --yes erases the entry and prints its number")
    func deleteWithYes() async throws {
        let rungd = try await Self.withEntry()
        let result = try await rungd.rungctl(["evidence", "delete", "1", "--yes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "deleted evidence #1\n")
        #expect(try Self.entry(rungd) == nil)
    }

    @Test("on a terminal delete asks: yes deletes; no, an empty line or end of input deletes nothing and exits 1")
    func deleteOnTerminal() async throws {
        let rungd = try await Self.withEntry()
        for input in ["n\n", "\n", ""] {
            let session = try await CoachingCommandTests.onTerminal(rungd, ["evidence", "delete", "1"], input: input)
            #expect(session.status == 1, "\(session.stdout)")
            #expect(session.stdout.contains("Delete evidence #1 \u{201C}Gave the stnad-up update\u{201D}? [y/N]"), "\(session.stdout)")
            #expect(session.stdout.contains("not confirmed; nothing was deleted"), "\(session.stdout)")
            #expect(try Self.entry(rungd) != nil)
        }
        let yes = try await CoachingCommandTests.onTerminal(rungd, ["evidence", "delete", "1"], input: "y\n")
        #expect(yes.status == 0, "\(yes.stdout)")
        #expect(yes.stdout.contains("deleted evidence #1"), "\(yes.stdout)")
        #expect(try Self.entry(rungd) == nil)
    }

    @Test("on a terminal, Ctrl-C at the question deletes nothing")
    func deleteInterrupted() async throws {
        let rungd = try await Self.withEntry()
        // Ctrl-C once the question is on the terminal (the transcript shows it): the
        // terminal turns it into SIGINT.
        let transcript = rungd.root.appendingPathComponent("transcript").path
        let command = [ProcessRunner.product("rungctl"), "evidence", "delete", "1"].joined(separator: " ")
        let typist = """
            (n=0
             until grep -q 'y/N' '\(transcript)' 2>/dev/null || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done
             printf '\\003') | script -q -f -e -c '\(command)' '\(transcript)'
            """
        let session = try await ProcessRunner.runDetached("/bin/sh", ["-c", typist], environment: rungd.environment)
        #expect(session.status == 130, "killed by SIGINT: \(session.stdout)")
        #expect(session.stdout.contains("Delete evidence #1"), "\(session.stdout)")
        #expect(try Self.entry(rungd) != nil)
    }

    @Test("an argument that is not valid UTF-8 is refused, naming its position, before anything is written")
    func invalidUTF8() async throws {
        let rungd = try RungdHarness()
        // "caf" and the Latin-1 byte for "é": the shell passes the byte as it is.
        let script = "exec \"$0\" evidence add --skill talks \"$(printf 'caf\\351')\""
        let result = try await ProcessRunner.runDetached("/bin/sh", ["-c", script, ProcessRunner.product("rungctl")], environment: rungd.environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("argument 5 is not valid UTF-8"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath))
    }
}

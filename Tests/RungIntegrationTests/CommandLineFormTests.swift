import Foundation
import RungTestSupport
import Testing

/// One command line: every error as `rungctl: error: …` with the statuses the README
/// lists, colour only on a terminal and never with NO_COLOR, width following the terminal,
/// and times for people in their own zone.
@Suite("rungctl's one form")
struct CommandLineFormTests {
    static let config = """
        [performance.talk]
        title = "A long title for the quarterly all-hands talk in the big auditorium downstairs"
        at = \(RungdHarness.tomlDate(secondsFromNow: 3 * 86_400))
        duration = "30min"
        """

    static func onTerminal(_ rungd: RungdHarness, _ arguments: [String], environment: [String: String?] = [:]) async throws -> ProcessRunner.Result {
        try await CoachingCommandTests.onTerminal(rungd, arguments, input: "", environment: environment)
    }

    @Test("usage errors: one prefix, exit 64, the range said, the command's own usage", arguments: [
        (["upcoming", "--days", "-3"], "rungctl: error: --days must be between 1 and 366, not -3.\nUsage: rungctl upcoming "),
        (["upcoming", "--days", "400"], "rungctl: error: --days must be between 1 and 366, not 400.\nUsage: rungctl upcoming "),
        (["evidence", "search", "--limit", "-1", "x"], "rungctl: error: --limit must be at least 1, not -1.\nUsage: rungctl evidence search "),
        (["frobnicate"], "rungctl: error: Unexpected argument 'frobnicate'\nUsage: rungctl <subcommand>"),
        (["respond", "0123456789abcdef", "done"], "rungctl: error: no prompt '0123456789abcdef' is planned or recorded"),
        (["pause", "nothing-like-it"], "rungctl: error: no performance or ladder 'nothing-like-it' in the config\nUsage: rungctl pause "),
    ] as [([String], String)])
    func usageErrors(arguments: [String], stderrPrefix: String) async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)
        let result = try await rungd.rungctl(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix(stderrPrefix), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("colour on a terminal only, never with NO_COLOR")
    func colour() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)
        let red = "\u{1B}[1;31merror:\u{1B}[0m"
        let terminal = try await Self.onTerminal(rungd, ["upcoming", "--days", "0"])
        #expect(terminal.stdout.contains("rungctl: \(red) --days must be between 1 and 366, not 0."), "\(terminal.stdout)")
        for value in ["1", "yes"] {
            let plain = try await Self.onTerminal(rungd, ["upcoming", "--days", "0"], environment: ["NO_COLOR": value])
            #expect(plain.stdout.contains("rungctl: error: --days"), "\(plain.stdout)")
            #expect(!plain.stdout.contains("\u{1B}["), "NO_COLOR=\(value): \(plain.stdout)")
        }
        let dumb = try await Self.onTerminal(rungd, ["upcoming", "--days", "0"], environment: ["TERM": "dumb"])
        #expect(!dumb.stdout.contains("\u{1B}["), "\(dumb.stdout)")
        let piped = try await rungd.rungctl(["upcoming", "--days", "0"])
        #expect(!piped.stderr.contains("\u{1B}["), "\(piped.stderr)")
    }

    @Test("upcoming: ids and human times; cut to a narrow terminal, whole when piped")
    func upcomingWidth() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)
        let piped = try await rungd.rungctl(["upcoming"])
        #expect(piped.status == 0, "\(piped.stderr)")
        let lines = piped.stdout.split(separator: "\n")
        #expect(lines.count > 1 && lines[1].hasPrefix("WHEN ") && lines[1].contains("  ID  "), "\(piped.stdout)")
        #expect(piped.stdout.contains("quarterly all-hands talk in the big auditorium downstairs"), "piped text is never cut")
        #expect(piped.stdout.contains(" in 2 days ") || piped.stdout.contains(" in 3 days "), "\(piped.stdout)")
        #expect(!piped.stdout.contains("+00:00") && !piped.stdout.contains(" UTC "), "no machine times: \(piped.stdout)")
        let json = try await rungd.rungctl(["upcoming", "--json"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        for id in plan.compactMap({ $0["id"] as? String }) { #expect(piped.stdout.contains(id)) }

        let narrow = try await Self.onTerminal(rungd, ["upcoming"], environment: ["COLUMNS": "100"])
        let rows = narrow.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.count <= 100, "\(row.count): \(row)") }
        #expect(narrow.stdout.contains("…"), "the subject is cut: \(narrow.stdout)")
    }

    @Test("a rung by its title wherever a rung is given, and its title beside its number in lists")
    func rungTitles() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config + """

            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "low" }, { title = "Demo", stakes = "medium" }]
            """)
        let added = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--rung", "Stand-up", "--json", "gave the update without notes"])
        #expect(added.status == 0, "\(added.stderr)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
        #expect(entry["rung"] as? Int == 2, "\(added.stdout)")
        let unknown = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--rung", "Keynote", "spoke"])
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("rungctl: error: ladder 'talks' has no rung titled 'Keynote'"), "\(unknown.stderr)")
        let list = try await rungd.rungctl(["evidence", "list"])
        #expect(list.stdout.contains("talks, rung 2 \u{201C}Stand-up\u{201D}  (by hand)"), "\(list.stdout)")
    }
}

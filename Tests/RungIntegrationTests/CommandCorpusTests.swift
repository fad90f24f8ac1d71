import Foundation
import RungTestSupport
import Testing

/// Every command line of the bad-input corpus, run against a live rungd in a private world,
/// is refused: a non-zero exit, a message on stderr with no raw control characters, the
/// store and every file as they were, and rungd still answering.
@Suite("Bad-input corpus: rungctl command lines", .serialized)
struct CommandCorpusTests {
    static let limit = Duration.seconds(20)
    /// Paths of the world that change without any command: logs, sockets, locks.
    static let unwatched: Set<String> = ["runtime", "rungd.stderr", "notify"]

    @Test("rungctl refuses every corpus command line, changes nothing, and rungd still answers")
    func refusesEach() async throws {
        let lines = try BadInputCorpus.lines(in: "commands")
        try #require(!lines.isEmpty, "the corpus is missing")
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Team", stakes = "medium" }]

            [performance.talk]
            title = "Team talk"
            ladder = "talks"
            rung = 1
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let occurrence = try await Self.plannedReframe(rungd)
        let variables = ["OCCURRENCE": occurrence, "WORLD": rungd.root.path]
        let tally = CorpusTally("command-line")
        try await tally.play(lines, against: rungd) { line in
            let arguments = try BadInputCorpus.words(line.text, variables: variables)
            let outcome = try await LimitedRun.run(ProcessRunner.product("rungctl"), arguments, environment: rungd.environment, limit: Self.limit)
            return Self.problems(outcome)
        }
        #expect(await rungd.stop() == 0)
    }

    /// What is wrong with how rungctl ended: a crash, a hang, exit 0, no message, or raw
    /// control characters written to the terminal.
    static func problems(_ outcome: LimitedRun.Outcome) -> [String] {
        if let end = outcome.abnormalEnd { return [end] }
        var problems: [String] = []
        if outcome.status == 0 { problems.append("accepted (exit 0): \(String(decoding: outcome.stdout.prefix(160), as: UTF8.self).debugDescription)") }
        if outcome.stderrText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("no message on stderr") }
        for (name, bytes) in [("stdout", outcome.stdout), ("stderr", outcome.stderr)] where bytes.contains(where: isRawControl) {
            problems.append("raw control characters on \(name): \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
        }
        return problems
    }

    /// A byte a terminal acts on that no message of rungctl needs: a C0 control but for
    /// line feed and tab, or DEL.
    static func isRawControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F
    }

    /// The id of the reframe rungd plans for the corpus world's talk, from `rungctl upcoming --json`.
    static func plannedReframe(_ rungd: RungdHarness) async throws -> String {
        let upcoming = try await rungd.rungctl(["upcoming", "--days", "2", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]]
        return try #require(rows?.first { $0["kind"] as? String == "reframe" }?["id"] as? String, "\(upcoming.stdout) \(upcoming.stderr)")
    }
}

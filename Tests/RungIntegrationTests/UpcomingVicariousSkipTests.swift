import Foundation
import RungStore
import RungTestSupport
import RungTime
import Testing

/// `rungctl upcoming` says which vicarious prompts will be skipped, and why: from the
/// config and the store read without writing when rungd is stopped, from rungd's reply when
/// it runs.
@Suite("rungctl upcoming shows skipped vicarious prompts")
struct UpcomingVicariousSkipTests {
    static let reason = "skipped: your last confidence for this rung was 70 (watching a peer helps most under 50)"

    static func config() -> String {
        let start = RungdHarness.tomlDate(secondsFromNow: 3 * 86_400)
        return """
            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "low" }, { title = "Demo", stakes = "medium" }]

            [performance.standup]
            title = "Stand-up update"
            ladder = "talks"
            rung = 2
            peer = "Sam"
            at = \(start)

            [performance.demo]
            title = "Team demo"
            ladder = "talks"
            rung = 3
            peer = "Kim"
            at = \(start)
            """
    }

    /// The rows `--json` printed, by subject id, for the vicarious prompts.
    static func vicarious(_ result: ProcessRunner.Result) throws -> [String: [String: Any]] {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)\(result.stderr)")
        var bySubject: [String: [String: Any]] = [:]
        for row in rows where row["kind"] as? String == "vicarious" {
            bySubject[(row["subject"] as? [String: Any])?["id"] as? String ?? ""] = row
        }
        return bySubject
    }

    @Test("with rungd stopped: no store, nothing skipped and none created; a confident attempt at the rung skips its vicarious prompt")
    func plannedWithoutRungd() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config())

        let fresh = try await rungd.rungctl(["upcoming", "--json"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let freshRows = try Self.vicarious(fresh)
        #expect(freshRows.keys.sorted() == ["demo", "standup"])
        #expect(freshRows.values.allSatisfy { $0["skip"] == nil })
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath), "planning creates no store")

        let store = try Store(path: rungd.storePath)
        try store.recordDebrief(Debrief(performance: "standup", skill: "talks", rung: 2, outcome: .success, selfEfficacy: 70, recordedAt: .now()))

        let text = try await rungd.rungctl(["upcoming"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("rungd is not running"))
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(lines.firstIndex { $0.contains("vicarious") && $0.contains("Stand-up update") }, "\(text.stdout)")
        #expect(lines[row + 1] == "  " + Self.reason)
        #expect(lines.filter { $0.contains("skipped:") }.count == 1, "the demo's rung has no attempts: \(text.stdout)")

        let json = try Self.vicarious(try await rungd.rungctl(["upcoming", "--json"]))
        #expect(json["standup"]?["skip"] as? String == Self.reason)
        #expect(json["demo"]?["skip"] == nil)
    }

    @Test("with rungd running, its reply carries the reason")
    func reasonFromRungd() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config())
        let store = try Store(path: rungd.storePath)
        try store.recordDebrief(Debrief(performance: "standup", skill: "talks", rung: 2, outcome: .success, selfEfficacy: 70, recordedAt: .now()))
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")

        let text = try await rungd.rungctl(["upcoming"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("as rungd plans them"))
        #expect(text.stdout.contains("\n  " + Self.reason + "\n"))
        let json = try Self.vicarious(try await rungd.rungctl(["upcoming", "--json"]))
        #expect(json["standup"]?["skip"] as? String == Self.reason)
        #expect(json["demo"]?["skip"] == nil)
        #expect(await rungd.stop() == 0)
    }
}

import Foundation
import GRDB
import RungStore
import RungTime
import RungTestSupport
import Testing

/// `rungctl predict` and `rungctl feedback add`: the real binary against a temporary
/// config and store, with rungd stopped.
@Suite("rungctl predict and feedback end to end")
struct CoachingCommandTests {
    static let config = """
        [ladder.talks]
        skill = "giving a talk"
        rungs = [
            { title = "Explain it to a friend", stakes = "low" },
            { title = "Stand-up update", stakes = "low" },
            { title = "Team demo", stakes = "medium" },
        ]

        [performance.standup]
        title = "Stand-up update"
        ladder = "talks"
        rung = 2
        on = "*-*-* 09:30 UTC"
        duration = "15min"

        [performance.demo]
        title = "Team demo"
        ladder = "talks"
        rung = "current"
        at = "2099-03-02 15:00 UTC"

        [performance.retro]
        title = "Retro"
        at = "2001-03-02 15:00 UTC"
        """

    static func object(_ result: ProcessRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    @Test("a prediction is for the next attempt, replaces the last until the attempt, and is refused after it")
    func predict() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)

        let first = try await rungd.rungctl(["predict", "demo", "--confidence", "40", "--fear", "my mind goes blank", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let recorded = try Self.object(first)
        #expect(recorded["attempt_start"] as? String == "2099-03-02T15:00:00.000000Z")
        #expect(recorded["self_efficacy"] as? Int == 40 && recorded["fear"] as? String == "my mind goes blank")

        let second = try await rungd.rungctl(["predict", "demo", "--confidence", "60"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("confidence 60 recorded, replacing 40 (kept in the history)"), "\(second.stdout)")

        let recurring = try Self.object(try await rungd.rungctl(["predict", "standup", "--confidence", "70", "--json"]))
        let start = try #require(TimestampFormat.parseISO8601(recurring["attempt_start"] as? String ?? ""))
        let now = Instant.now()
        #expect(start > now && start <= now.adding(microseconds: Int64(TimeSpanUnit.day)), "the next stand-up, within a day")

        let past = try await rungd.rungctl(["predict", "retro", "--confidence", "50"])
        #expect(past.status == 1)
        #expect(past.stderr.contains("a prediction is made before an attempt"), "\(past.stderr)")
        #expect(past.stderr.contains("nothing was recorded"))

        let unknown = try await rungd.rungctl(["predict", "dmeo", "--confidence", "50"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown performance 'dmeo'") && unknown.stderr.contains("did you mean 'demo'?"), "\(unknown.stderr)")
        let outOfScale = try await rungd.rungctl(["predict", "demo", "--confidence", "101"])
        #expect(outOfScale.status == 64)
        #expect(outOfScale.stderr.contains("101 is not on the scale"), "\(outOfScale.stderr)")
        let missing = try await rungd.rungctl(["predict", "demo"])
        #expect(missing.status == 64 && missing.stderr.contains("--confidence"), "\(missing.stderr)")

        let store = try Store(path: rungd.storePath, access: .readOnly)
        let standing = try store.predictions(performance: "demo")
        #expect(standing.map(\.selfEfficacy) == [60])
        var readOnly = Configuration()
        readOnly.readonly = true
        let all = try await DatabaseQueue(path: rungd.storePath, configuration: readOnly).read {
            try Int.fetchAll($0, sql: "SELECT self_efficacy FROM prediction ORDER BY id")
        }
        #expect(all == [40, 60, 70], "the replaced prediction is kept")
    }

    @Test("feedback is filed under the performance's ladder and rung, flagged when it is only praise")
    func feedback() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)

        let specific = try await rungd.rungctl([
            "feedback", "add", "--from", "Mira", "--performance", "standup", "--saw",
            "you paused before answering the CFO's question and the answer landed",
        ])
        #expect(specific.status == 0, "\(specific.stderr)")
        #expect(specific.stdout == "added feedback #1 from Mira\n")

        let praise = try await rungd.rungctl(["feedback", "add", "--from", "Sam", "--performance", "demo", "--did-not-see", "you were great!"])
        #expect(praise.status == 0, "\(praise.stderr)")
        #expect(praise.stdout.contains("marked as praise only"), "\(praise.stdout)")

        let withInstance = try Self.object(try await rungd.rungctl([
            "feedback", "add", "--from", "Sam", "--skill", "talks", "--json", "--detail", "you kept the demo to the five minutes you promised",
            "well done",
        ]))
        #expect(withInstance["praise_only"] as? Bool == false, "an instance given with --detail makes it specific")
        #expect(withInstance["observed"] is NSNull)

        let list = try await rungd.rungctl(["evidence", "list"])
        #expect(list.stdout.contains("talks, rung 2 \u{201C}Stand-up update\u{201D}  (feedback from Mira, saw it)"), "\(list.stdout)")
        #expect(list.stdout.contains("talks, rung 1 \u{201C}Explain it to a friend\u{201D}  (feedback from Sam, did not see it, praise only)"), "the demo follows the ladder, on rung 1 before any move: \(list.stdout)")

        let neither = try await rungd.rungctl(["feedback", "add", "--from", "Sam", "nice"])
        #expect(neither.status == 64 && neither.stderr.contains("--performance ID, or --skill SKILL"), "\(neither.stderr)")
        let both = try await rungd.rungctl(["feedback", "add", "--from", "Sam", "--saw", "--did-not-see", "--skill", "talks", "good pacing in the intro"])
        #expect(both.status == 64, "\(both.stderr)")
        let empty = try await rungd.rungctl(["feedback", "add", "--from", " ", "--skill", "talks", "good pacing"])
        #expect(empty.status == 64 && empty.stderr.contains("--from NAME"), "\(empty.stderr)")

        let store = try Store(path: rungd.storePath, access: .readOnly)
        #expect(try store.evidence().count == 3, "refused feedback writes nothing")
    }

    /// Runs rungctl with `arguments` on a real pseudo-terminal (util-linux `script`), typing `input`.
    static func onTerminal(
        _ rungd: RungdHarness, _ arguments: [String], input: String, environment: [String: String?] = [:]
    ) async throws -> ProcessRunner.Result {
        let command = ([ProcessRunner.product("rungctl")] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try await ProcessRunner.runDetached(
            "/usr/bin/script", ["-q", "-e", "-c", command.joined(separator: " "), "/dev/null"],
            environment: rungd.environment.merging(environment) { $1 }, input: input)
    }

    @Test("on a terminal, a vague entry and praise-only feedback get one question, whose answer becomes the detail")
    func followUpOnTerminal() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)

        let vague = try await Self.onTerminal(rungd, ["evidence", "add", "--skill", "talks", "went fine"], input: "answered two questions without my notes\n")
        #expect(vague.status == 0, "\(vague.stdout)")
        #expect(vague.stdout.contains("What would a camera have recorded?"), "\(vague.stdout)")
        let praise = try await Self.onTerminal(
            rungd, ["feedback", "add", "--from", "Mira", "--skill", "talks", "--saw", "you were amazing"],
            input: "you slowed down for the chart and everyone followed it\n")
        #expect(praise.status == 0, "\(praise.stdout)")
        #expect(praise.stdout.contains("What is one specific thing you did, and what effect did it have?"), "\(praise.stdout)")
        #expect(!praise.stdout.contains("praise only"), "the instance makes it specific: \(praise.stdout)")
        let noAnswer = try await Self.onTerminal(rungd, ["evidence", "add", "--skill", "talks", "it was ok"], input: "")
        #expect(noAnswer.status == 0, "end of input keeps the entry as given: \(noAnswer.stdout)")
        let specific = try await Self.onTerminal(rungd, ["evidence", "add", "--skill", "talks", "gave the stand-up update without notes"], input: "")
        #expect(!specific.stdout.contains("camera"), "a specific entry is not questioned: \(specific.stdout)")

        let entries = try Store(path: rungd.storePath, access: .readOnly).evidence()
        #expect(entries.map(\.detail) == ["answered two questions without my notes", "you slowed down for the chart and everyone followed it", "", ""])
        #expect(entries[1].praiseOnly == false)
    }

    @Test("with rungd running on a config of its own (--config, as make run starts it), the coaching commands read that one")
    func followRunningDaemonsConfig() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)
        let elsewhere = rungd.root.appendingPathComponent("elsewhere.toml").path
        try FileManager.default.moveItem(atPath: rungd.configPath, toPath: elsewhere)
        try await rungd.start(launcher: ["/bin/sh", "-c", "exec \"$0\" --config '\(elsewhere)'"])
        #expect(await eventually { rungd.notifications().contains { $0.hasPrefix("READY=1") } }, "stderr: \(rungd.stderr)")

        let predicted = try await rungd.rungctl(["predict", "demo", "--confidence", "50"])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let ladder = try await rungd.rungctl(["ladder", "talks"])
        #expect(ladder.status == 0 && ladder.stdout.hasPrefix("talks: giving a talk"), "\(ladder.stderr)")
        #expect(await rungd.stop() == 0)

        let stopped = try await rungd.rungctl(["predict", "demo", "--confidence", "50"])
        #expect(stopped.status == 1, "with rungd stopped, the default path is read again")
        #expect(stopped.stderr.contains("no config at \(rungd.configPath)"), "\(stopped.stderr)")
    }
}

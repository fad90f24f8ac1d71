import Foundation
import RungStore
import RungTime
import RungTestSupport
import Testing

/// `rungctl ladder`: the real binary against a temporary config and store, with rungd
/// stopped and running.
@Suite("rungctl ladder end to end")
struct LadderCommandTests {
    static let ladder = """
        [ladder.talks]
        skill = "giving a talk"
        check_in = "*-*-* 09:00"
        rungs = [
            { title = "Explain it to a friend", stakes = "low" },
            { title = "Stand-up update", stakes = "low" },
            { title = "Team demo", stakes = "medium" },
        ]
        """

    /// The object `--json` printed.
    static func object(_ result: ProcessRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    @Test("shows a ladder never started, moves it by hand, refuses what it cannot take and writes nothing then")
    func showAndMove() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.ladder)

        let fresh = try await rungd.rungctl(["ladder"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("talks: giving a talk\n  not started: on rung 1 of 3 until its first move\n> 1. Explain it to a friend (low stakes)\n     no attempts; 0 evidence\n"))
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath), "showing creates no store")
        let freshJSON = try Self.object(try await rungd.rungctl(["ladder", "talks", "--json"]))
        #expect(freshJSON["current_rung"] as? Int == 1 && freshJSON["started"] as? Bool == false)
        #expect((freshJSON["rungs"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Explain it to a friend", "Stand-up update", "Team demo"])

        let unknown = try await rungd.rungctl(["ladder", "talk"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown ladder 'talk': the config's ladders are talks (did you mean 'talks'?)"))

        let climb = try await rungd.rungctl(["ladder", "climb", "talks", "--why", "two good runs"])
        #expect(climb.status == 0, "\(climb.stderr)")
        #expect(climb.stdout == "talks: climb to rung 2 of 3, Stand-up update (two good runs)\n")
        let toTop = try await rungd.rungctl(["ladder", "climb", "talks", "--to", "Team demo", "--json"])
        let moves = try #require(try JSONSerialization.jsonObject(with: Data(toTop.stdout.utf8)) as? [[String: Any]], "\(toTop.stderr)")
        #expect(moves.map { $0["move"] as? String } == ["climb"] && moves.first?["to_rung"] as? Int == 3)

        let pastTop = try await rungd.rungctl(["ladder", "climb", "talks"])
        #expect(pastTop.status == 1)
        #expect(pastTop.stderr.contains("ladder 'talks' is at rung 3 of 3, its top: there is no rung to climb to; nothing was recorded"))
        let contradiction = try await rungd.rungctl(["ladder", "back", "talks", "--to", "3"])
        #expect(contradiction.status == 1)
        #expect(contradiction.stderr.contains("a step back goes to a lower rung, not to rung 3"))
        let noSuchRung = try await rungd.rungctl(["ladder", "hold", "talks", "--to", "Conference"])
        #expect(noSuchRung.status == 64)
        #expect(noSuchRung.stderr.contains("ladder 'talks' has no rung titled 'Conference'"))

        let store = try Store(path: rungd.storePath)
        for (minute, outcome, confidence) in [(0, Debrief.Outcome.success, 60), (1, .miss, 40), (2, .success, 70)] {
            try store.recordDebrief(Debrief(
                performance: "stand-up", skill: "talks", rung: 2, outcome: outcome, selfEfficacy: confidence,
                recordedAt: Instant(seconds: 1_800_000_000 + Int64(minute) * 60)))
        }
        let evidence = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--rung", "2", "gave the update without notes"])
        #expect(evidence.status == 0, "\(evidence.stderr)")

        let shown = try Self.object(try await rungd.rungctl(["ladder", "talks", "--json"]))
        let second = try #require((shown["rungs"] as? [[String: Any]])?[1])
        #expect(second["attempts"] as? Int == 3 && second["success"] as? Int == 2 && second["partial"] as? Int == 0 && second["miss"] as? Int == 1)
        #expect(second["latest_self_efficacy"] as? Int == 70 && second["evidence"] as? Int == 1 && second["current"] as? Bool == false)
        #expect(shown["current_rung"] as? Int == 3 && shown["started"] as? Bool == true)
        let history = try #require(shown["moves"] as? [[String: Any]])
        #expect(history.map { $0["move"] as? String } == ["start", "climb", "climb"], "refused moves wrote nothing")
        #expect(history.map { $0["reason"] as? String } == ["started on rung 1", "two good runs", "moved by hand"])
        let text = try await rungd.rungctl(["ladder", "show", "talks"])
        #expect(text.stdout.contains("> 3. Team demo (medium stakes)"))
        #expect(text.stdout.contains("climb 1 → 2: two good runs"))
        #expect(text.stdout.contains("  2. Stand-up update (low stakes)\n     3 attempts: 2 success, 0 partial, 1 miss; latest confidence 70; 1 evidence\n"))
    }

    @Test("a check-in answered with rungctl respond moves the ladder, with rungd stopped and running")
    func checkInAnswerMovesTheLadder() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.ladder)
        let upcoming = try await rungd.rungctl(["upcoming", "--json", "--days", "3"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]], "\(upcoming.stderr)")
        let checkIns = plan.filter { $0["kind"] as? String == "check_in" }.compactMap { $0["id"] as? String }
        try #require(checkIns.count >= 2)

        let stopped = try await rungd.rungctl(["respond", checkIns[0], "climb"])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let afterStopped = try Self.object(try await rungd.rungctl(["ladder", "talks", "--json"]))
        #expect(afterStopped["current_rung"] as? Int == 2)

        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let hold = try await rungd.rungctl(["ladder", "hold", "talks", "--why", "while rungd runs"])
        #expect(hold.status == 0, "\(hold.stderr)")
        let running = try await rungd.rungctl(["respond", checkIns[1], "climb"])
        #expect(running.status == 0, "\(running.stderr)")
        let topClimb = try await rungd.rungctl(["ladder", "climb", "talks"])
        #expect(topClimb.status == 1, "rung 3 is the top: \(topClimb.stdout)")
        #expect(await rungd.stop() == 0)

        let store = try Store(path: rungd.storePath, access: .readOnly)
        let history = try store.ladderHistory("talks")
        #expect(history.map(\.kind) == [.start, .climb, .hold, .climb])
        #expect(history.map(\.reason) == ["started on rung 1", "answered the check-in", "while rungd runs", "answered the check-in"])
        #expect(try store.ladderPosition("talks")?.rung == 3)
        #expect(try store.standingResponse(to: checkIns[1])?.answer == "climb")
    }
}

import Foundation
import RungStore
import RungTime
import RungTestSupport
import Testing

/// The adaptive ladder on the command line: `rungctl ladder rate`, the proposal in
/// `rungctl ladder` and its `--explain`, and the warnings of `upcoming` and
/// `check-config` — the real binary against a temporary config and store, rungd stopped
/// unless a test starts it.
@Suite("rungctl adaptive ladder end to end")
struct AdaptiveLadderCommandTests {
    /// Six rungs (a well-shaped ladder) and a daily high-stakes performance on it.
    static let config = """
        [ladder.talks]
        skill = "giving a talk"
        rungs = [
            { title = "Explain it to a friend", stakes = "low" },
            { title = "Stand-up update", stakes = "low" },
            { title = "Team demo", stakes = "medium" },
            { title = "Meetup lightning talk", stakes = "medium" },
            { title = "Department talk", stakes = "high" },
            { title = "Conference talk", stakes = "high" },
        ]

        [performance.pitch]
        title = "Investor pitch"
        ladder = "talks"
        rung = 5
        on = "*-*-* 09:30 UTC"
        duration = "15min"
        """

    static func object(_ result: ProcessRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    @Test("a rating is for the next rung up by default, shows as the rung's latest confidence, and a climb follows it")
    func rateThenShow() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)

        let rated = try await rungd.rungctl(["ladder", "rate", "talks", "--confidence", "70"])
        #expect(rated.status == 0, "\(rated.stderr)")
        #expect(rated.stdout.hasPrefix("talks: confidence 70 recorded for rung 2 of 6, \u{201C}Stand-up update\u{201D}\nProposed: hold on rung 1"), "\(rated.stdout)")
        let byTitle = try Self.object(try await rungd.rungctl(["ladder", "rate", "talks", "--rung", "Team demo", "--confidence", "20", "--json"]))
        #expect(byTitle["rung"] as? Int == 3 && byTitle["confidence"] as? Int == 20 && byTitle["title"] as? String == "Team demo")
        #expect((byTitle["proposal"] as? [String: Any])?["step"] as? String == "hold")

        let shown = try Self.object(try await rungd.rungctl(["ladder", "talks", "--json"]))
        let rungs = try #require(shown["rungs"] as? [[String: Any]])
        #expect(rungs.map { $0["latest_self_efficacy"] as? Int } == [nil, 70, 20, nil, nil, nil])
        #expect(shown["calibration"] is NSNull)
        let warnings = try #require(shown["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix("Investor pitch is high-stakes, and your giving a talk ladder has no success at medium stakes or above (2 first)") })
        #expect(warnings.contains { $0.contains("you rated rung 2 \u{201C}Stand-up update\u{201D} 70 and rung 3 \u{201C}Team demo\u{201D} 20, more than 15 points apart") })

        // Two successes at rung 1, one of them showing the feared outcome did not happen:
        // with rung 2 rated 70, a climb is proposed.
        let store = try Store(path: rungd.storePath)
        let hourAgo = Instant.now().seconds - 3600
        for minute in [0, 1] {
            try store.recordDebrief(Debrief(
                performance: "chat", skill: "talks", rung: 1, outcome: .success, selfEfficacy: 80,
                fearedHappened: minute == 1 ? false : nil, recordedAt: Instant(seconds: hourAgo + Int64(minute) * 60)))
        }
        let text = try await rungd.rungctl(["ladder", "show", "talks"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  Proposed: climb to rung 2 \u{201C}Stand-up update\u{201D} \u{2014} 2 of your last 2 attempts at \u{201C}Explain it to a friend\u{201D} went as planned"), "\(text.stdout)")
        #expect(text.stdout.contains("  Calibration: 0 of the 10 predicted attempts it needs\n"))
        #expect(text.stdout.contains("  Warning: Investor pitch is high-stakes"))
        #expect(text.stdout.contains("  2. Stand-up update (low stakes)\n     no attempts; latest confidence 70; 0 evidence\n"))
        let proposal = try #require(try Self.object(try await rungd.rungctl(["ladder", "talks", "--json"]))["proposal"] as? [String: Any])
        #expect(proposal["step"] as? String == "climb" && proposal["from_rung"] as? Int == 1 && proposal["to_rung"] as? Int == 2)
        #expect(proposal["suggestion"] is NSNull && proposal["own_attempt_by"] is NSNull)
        #expect((proposal["facts"] as? [String])?.contains("latest confidence for rung 2: 70") == true)
    }

    @Test("--explain prints the proposal, each fact it read and the thresholds in force, per-ladder overrides included")
    func explain() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config.replacingOccurrences(of: "skill = \"giving a talk\"", with: "skill = \"giving a talk\"\nclimb_confidence = 75"))
        #expect(try await rungd.rungctl(["ladder", "rate", "talks", "--rung", "1", "--confidence", "30"]).status == 0)

        let explained = try await rungd.rungctl(["ladder", "talks", "--explain"])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.hasPrefix("""
            talks: giving a talk
              Proposed: hold on rung 1 \u{201C}Explain it to a friend\u{201D} \u{2014} you rated \u{201C}Explain it to a friend\u{201D} at 30 of 100, under 40; it is the first rung
                        add an easier rung before it (rungctl rung add talks --after 0 --title "…" --stakes low):
            """), "\(explained.stdout)")
        #expect(explained.stdout.contains("""
              from these facts:
                on rung 1 of 6: \u{201C}Explain it to a friend\u{201D} (low stakes)
                no attempts at rung 1
                latest confidence for rung 1: 30
                no confidence rated for rung 2
                calibration: 0 of the 10 predicted attempts it needs
                missed in a row at rung 1: 0 (a step back after 2)

            """))
        #expect(explained.stdout.contains("    climb_confidence = 75\n"), "the ladder's own threshold")
        #expect(explained.stdout.contains("    step_back_confidence = 40\n    rung_gap = 15\n"))
        #expect(explained.stdout.contains("    own_attempt_within = \"1w\"\n"))
        #expect(!explained.stdout.contains("moves"), "--explain shows the explanation alone")

        let all = try await rungd.rungctl(["ladder", "show", "--explain"])
        #expect(all.stdout == explained.stdout, "one ladder configured: with or without its id")
        let json = try Self.object(try await rungd.rungctl(["ladder", "talks", "--explain", "--json"]))
        #expect((json["thresholds"] as? [String: Any])?["climb_confidence"] as? Int == 75)
        #expect((json["thresholds"] as? [String: Any])?["own_attempt_within"] as? String == "1w")
    }

    @Test("bad ratings are refused with a clear message and a usage status, and nothing is written")
    func badRatings() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)
        #expect(try await rungd.rungctl(["ladder", "rate", "talks", "--confidence", "50"]).status == 0)

        let cases: [([String], String)] = [
            (["ladder", "rate", "talk", "--confidence", "50"], "unknown ladder 'talk': the config's ladders are talks (did you mean 'talks'?)"),
            (["ladder", "rate", "talks", "--rung", "0", "--confidence", "50"], "ladder 'talks' has no rung 0: its rungs are 1 to 6."),
            (["ladder", "rate", "talks", "--rung", "7", "--confidence", "50"], "ladder 'talks' has no rung 7: its rungs are 1 to 6."),
            (["ladder", "rate", "talks", "--confidence", "101"], "101 is not on the scale; answer 0 (cannot do at all) to 100 (highly certain I can)"),
            (["ladder", "rate", "talks", "--rung", "Team dem", "--confidence", "50"], "ladder 'talks' has no rung titled 'Team dem'; give a number from 1 to 6 or a title (did you mean 'Team demo'?)"),
        ]
        for (arguments, message) in cases {
            let refused = try await rungd.rungctl(arguments)
            #expect(refused.status == 64, "\(arguments): \(refused.stdout)")
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(refused.stdout.isEmpty)
        }
        let ratings = try Store(path: rungd.storePath, access: .readOnly).rungRatings(ladder: "talks")
        #expect(ratings.map(\.rung) == [2] && ratings.map(\.selfEfficacy) == [50], "only the first, valid rating was written")
    }

    @Test("rungctl upcoming warns once under a high-stakes performance without medium-stakes successes")
    func upcomingReadiness() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config)
        let text = try await rungd.rungctl(["upcoming", "--days", "3"])
        #expect(text.status == 0, "\(text.stderr)")
        let warning = "  Warning: Investor pitch is high-stakes, and your giving a talk ladder has no success at medium stakes or above (2 first): do reps at lower stakes first, at rung 4 \u{201C}Meetup lightning talk\u{201D} (medium stakes)\n"
        #expect(text.stdout.components(separatedBy: warning).count == 2, "\(text.stdout)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(try await rungd.rungctl(["upcoming", "--days", "3", "--json"]).stdout.utf8)) as? [[String: Any]])
        let warned = rows.filter { $0["warning"] != nil }
        #expect(warned.count == 1 && (warned.first?["subject"] as? [String: Any])?["id"] as? String == "pitch")
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath), "reading for warnings creates no store")

        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let planned = try await rungd.rungctl(["upcoming", "--days", "3"])
        #expect(planned.stdout.contains("as rungd plans them"), "\(planned.stdout)")
        #expect(planned.stdout.components(separatedBy: warning).count == 2, "rungd's plan gets the warning too: \(planned.stdout)")
        #expect(await rungd.stop() == 0)

        // Two medium-stakes successes on the ladder: ready, no warning.
        let store = try Store(path: rungd.storePath)
        let hourAgo = Instant.now().seconds - 3600
        for minute in [0, 1] {
            try store.recordDebrief(Debrief(
                performance: "demo", skill: "talks", rung: 3, outcome: .success, selfEfficacy: 80, recordedAt: Instant(seconds: hourAgo + Int64(minute) * 60)))
        }
        let ready = try await rungd.rungctl(["upcoming", "--days", "3"])
        #expect(ready.status == 0 && !ready.stdout.contains("Warning:"), "\(ready.stdout)")
    }

    @Test("check-config warns about a ladder too short to climb, and with a store about readiness and rungs rated far apart")
    func checkConfigWarnings() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.config + """

            [ladder.short]
            skill = "asking for help"
            rungs = [
                { title = "Ask a friend", stakes = "low" },
                { title = "Ask a colleague", stakes = "low" },
                { title = "Ask my manager", stakes = "medium" },
            ]
            """)
        let withoutStore = try await rungd.rungctl(["check-config"])
        #expect(withoutStore.status == 0, "warnings are not errors: \(withoutStore.stderr)")
        #expect(withoutStore.stderr.contains("\(rungd.configPath):29:1: warning: ladder 'short' has 3 rungs; 5 to 12 make steps small enough to climb: add rungs between them\n"), "\(withoutStore.stderr)")
        #expect(!withoutStore.stderr.contains(rungd.storePath))
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath), "check-config never creates the store")

        #expect(try await rungd.rungctl(["ladder", "rate", "talks", "--rung", "4", "--confidence", "80"]).status == 0)
        #expect(try await rungd.rungctl(["ladder", "rate", "talks", "--rung", "5", "--confidence", "40"]).status == 0)
        let withStore = try await rungd.rungctl(["check-config"])
        #expect(withStore.status == 0, "\(withStore.stderr)")
        #expect(withStore.stderr.contains("\(rungd.storePath): warning: ladder 'talks': you rated rung 4 \u{201C}Meetup lightning talk\u{201D} 80 and rung 5 \u{201C}Department talk\u{201D} 40, more than 15 points apart: add a rung between them (rungctl rung add talks --after 4 --title \"…\" --stakes medium)\n"), "\(withStore.stderr)")
        #expect(withStore.stderr.contains("\(rungd.storePath): warning: Investor pitch is high-stakes"))
        #expect(withStore.stdout.contains(": OK (4 warnings)\n"), "the file's 2 and the store's 2: \(withStore.stdout)")
        let json = try Self.object(try await rungd.rungctl(["check-config", "--json"]))
        #expect((json["store_warnings"] as? [String])?.count == 2)
    }
}

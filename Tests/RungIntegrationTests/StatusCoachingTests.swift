import Foundation
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// What rungd's status says of the ladders, through systemd's `STATUS=` and `rungctl status`.
@Suite("status reports the adaptive ladder")
struct StatusCoachingTests {
    @Test("a proposal to step back, a readiness warning and calibration still to come, in STATUS=, the text and the JSON")
    func proposalWarningAndCalibration() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "medium" }, { title = "Conference", stakes = "high" }]

            [performance.standup]
            title = "Team stand-up"
            ladder = "talks"
            rung = "current"
            on = "Mon *-*-* 09:30"

            [performance.keynote]
            title = "Keynote"
            ladder = "talks"
            rung = 3
            at = \(RungdHarness.tomlDate(secondsFromNow: 30 * 86_400))
            """)
        let store = try Store(path: rungd.storePath)
        let now = Instant.now()
        func ago(days: Int64) -> Instant { now.adding(microseconds: -days * 86_400_000_000) }
        try store.recordDebrief(Debrief(performance: "standup", skill: "talks", rung: 1, outcome: .success, selfEfficacy: 60, recordedAt: ago(days: 12)))
        try store.stepLadder("talks", at: ago(days: 10)) { _ in (.climb, 2, "by hand") }
        for days: Int64 in [6, 3] {
            try store.recordDebrief(Debrief(performance: "standup", skill: "talks", rung: 2, outcome: .miss, selfEfficacy: 50, recordedAt: ago(days: days)))
        }
        #expect(try await rungd.startUntilReady())
        let ready = rungd.notifications().first { $0.hasPrefix("READY=1") } ?? ""
        #expect(ready.hasSuffix("; proposed: talks step back"), "\(ready)")

        let text = try await rungd.rungctl(["status"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("""
               Proposed:
                         talks: step back to rung 1 \u{201C}Friend\u{201D}, because your last 2 attempts at \u{201C}Stand-up\u{201D} did not go as planned
               Warnings:
                         Keynote is high-stakes, and your giving a talk ladder has no success at medium stakes or above (2 first)
            """), "\(text.stdout)")
        #expect(text.stdout.contains("\nCalibration: 0 of the 10 predicted attempts it needs\n"), "\(text.stdout)")

        let json = try await rungd.rungctl(["status", "--json"])
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let proposals = try #require(fields["proposals"] as? [[String: Any]])
        #expect(proposals.count == 1)
        #expect(proposals.first?["ladder"] as? String == "talks" && proposals.first?["step"] as? String == "step_back")
        #expect(proposals.first?["to_rung"] as? Int == 1 && proposals.first?["to_title"] as? String == "Friend")
        #expect((fields["warnings"] as? [String])?.count == 1)
        #expect((fields["calibration"] as? [String: Any])?["needed"] as? Int == 10)
        #expect((fields["calibration"] as? [String: Any])?["brier"] == nil)
        #expect(await rungd.stop() == 0)
    }
}

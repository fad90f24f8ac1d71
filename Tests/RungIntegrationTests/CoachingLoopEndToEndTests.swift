import Foundation
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// The coaching loop with the real rungd on an accelerated schedule: a stand-up whose
/// prompts fall due seconds apart, answered through rungctl as a person would, and a demo
/// that follows the ladder the check-in moved.
@Suite("the coaching loop end to end")
struct CoachingLoopEndToEndTests {
    /// The next prompt of `kind` the hook received, waiting for it.
    static func delivered(_ kind: String, _ rungd: RungdHarness, after count: Int = 0, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        var found: [String: Any]?
        _ = await eventually(timeout: timeout) {
            found = rungd.hookDeliveries().filter { $0["kind"] as? String == kind }.dropFirst(count).first
            return found != nil
        }
        return try #require(found, "no \(kind) prompt arrived; stderr: \(rungd.stderr)")
    }

    @Test("predict, watch, reframe, debrief by button then in full, feedback, a check-in that climbs, a demo on the new rung")
    func loop() async throws {
        let rungd = try RungdHarness()
        let start = Instant(seconds: Instant.now().seconds + 40)
        let checkIn = Instant(seconds: start.seconds + 20)
        // The demo's reframe falls due two minutes after the check-in: time enough for a busy
        // machine to answer it first, which the reframe's rung depends on.
        let demo = Instant(seconds: start.seconds + 150)
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            check_in = "\(TimestampFormat.iso8601(checkIn, in: .utc).prefix(19).replacingOccurrences(of: "T", with: " ")) UTC"
            rungs = [
                { title = "Explain it to a friend", stakes = "low" },
                { title = "Stand-up update", stakes = "low" },
                { title = "Team demo", stakes = "medium" },
            ]

            [performance.standup]
            title = "Friend walkthrough"
            ladder = "talks"
            rung = 1
            at = \(RungdHarness.tomlDate(start))
            duration = "5s"
            peer = "Priya"
            observer = "Mira"

            [performance.demo]
            title = "Demo day"
            ladder = "talks"
            rung = "current"
            at = \(RungdHarness.tomlDate(demo))
            duration = "5s"

            [prompts.vicarious]
            offset = "-30s"
            expires_after = "25s"

            [prompts.reframe]
            offset = "-15s"
            expires_after = "14s"

            [prompts.debrief]
            offset = "+1s"
            renudge_after = "0"

            [prompts.affirmation]
            enabled = false
            """)
        // What the person already has: a debrief of an earlier try at rung 1, and entries.
        let store = try Store(path: rungd.storePath)
        let earlier = Instant(seconds: start.seconds - 86_400)
        try store.recordDebrief(Debrief(
            performance: "standup", skill: "talks", rung: 1, outcome: .partial, happened: "explained half of it before I stopped",
            keep: "start with the drawing", change: "say the goal in the first sentence", selfEfficacy: 40, recordedAt: earlier))
        for (rung, what) in [(1, "explained the idea to Sam without notes"), (1, "went fine"), (3, "gave the whole team demo")] {
            try store.addEvidence(Evidence(skill: "talks", rung: rung, what: what, happenedAt: earlier, recordedAt: earlier))
        }
        try await rungd.start()

        let predicted = try await rungd.rungctl(["predict", "standup", "--confidence", "40", "--fear", "I go blank halfway"])
        #expect(predicted.status == 0, "\(predicted.stderr)")

        // The rung has an attempt whose confidence was 40 (< 50): watching a peer is suggested.
        let vicarious = try await Self.delivered("vicarious", rungd)
        let vicariousID = try #require(vicarious["occurrence_id"] as? String)
        #expect((vicarious["actions"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.contains("watched") == true)
        #expect((vicarious["body"] as? String)?.contains("You said 40 of 100 that you can do it this time; you feared: I go blank halfway") == true,
                "the prediction made is shown, with how to change it: \(vicarious)")
        #expect((vicarious["body"] as? String)?.contains("rungctl predict standup --confidence N") == true, "\(vicarious)")
        #expect(try await rungd.rungctl(["respond", vicariousID, "watched"]).status == 0)

        // The reframe quotes the specific entry of this rung, never the vague one or one from
        // a higher rung, and the change chosen last time.
        let reframe = try await Self.delivered("reframe", rungd)
        let reframeBody = try #require(reframe["body"] as? String)
        #expect(reframeBody.contains("explained the idea to Sam without notes"), "\(reframeBody)")
        #expect(!reframeBody.contains("gave the whole team demo") && !reframeBody.contains("went fine"), "\(reframeBody)")
        #expect(reframeBody.contains("say the goal in the first sentence"), "\(reframeBody)")

        // The debrief: Success by its button's answer, then completed with rungctl debrief.
        let debrief = try await Self.delivered("debrief", rungd)
        let debriefID = try #require(debrief["occurrence_id"] as? String)
        let button = try await rungd.rungctl(["respond", debriefID, "success"])
        #expect(button.status == 0, "\(button.stderr)")
        let started = try #require(try store.debrief(answering: debriefID))
        #expect(started.outcome == .success && !started.isCompleted)
        let full = try await rungd.rungctl([
            "debrief", debriefID, "--outcome", "success", "--happened", "walked Sam through the whole idea in four minutes",
            "--why", "I said the goal first", "--keep", "say the goal first", "--change", "pause after each step",
            "--confidence", "70", "--feared-happened", "no",
        ])
        #expect(full.status == 0, "\(full.stdout)\(full.stderr)")
        let completed = try #require(try store.debrief(answering: debriefID))
        #expect(completed.id == started.id && completed.isCompleted && completed.selfEfficacy == 70 && completed.fearedHappened == false)
        #expect(try store.evidence(skill: "talks").contains { $0.source == .debrief(id: completed.id) }, "a success becomes evidence")

        let feedback = try await rungd.rungctl([
            "feedback", "add", "--from", "Mira", "--performance", "standup", "--saw", "you drew the diagram first and Sam got it at once",
        ])
        #expect(feedback.status == 0, "\(feedback.stderr)")

        // The check-in, answered Climb, moves the ladder.
        let check = try await Self.delivered("check_in", rungd)
        let climbed = try await rungd.rungctl(["respond", try #require(check["occurrence_id"] as? String), "climb"])
        #expect(climbed.status == 0, "\(climbed.stderr)")
        #expect(try store.ladderPosition("talks")?.rung == 2)

        // The demo follows the ladder: its reframe names the rung the ladder is on now.
        let demoReframe = try await Self.delivered("reframe", rungd, after: 1, timeout: .seconds(240))
        #expect((demoReframe["body"] as? String)?.contains("rung 2 of your giving a talk ladder: Stand-up update") == true, "\(demoReframe)")
        #expect(await rungd.stop() == 0)
    }
}

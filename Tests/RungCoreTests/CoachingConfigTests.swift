import RungTime
import Testing
@testable import RungCore

@Suite("[coaching] and its per-ladder overrides")
struct CoachingConfigTests {
    static let ladder = """
        [channel.desk]
        kind = "desktop"
        [ladder.talks]
        skill = "talks"
        rungs = [{ title = "a", stakes = "low" }]
        """

    @Test("defaults follow COACHING.md")
    func defaults() throws {
        let config = try ConfigLoader.load(Self.ladder, path: "rung.toml")
        let settings = try #require(config.ladder("talks")).coaching
        #expect(settings == CoachingSettings())
        #expect((settings.climbAfter, settings.climbWindow, settings.climbConfidence, settings.calmDistress) == (2, 3, 60, 20))
        #expect((settings.stepBackAfter, settings.stepBackConfidence, settings.rungGap) == (2, 40, 15))
        #expect((settings.mediumSuccesses, settings.calibrationAfter, settings.calibrationBand) == (2, 10, 15))
        #expect(settings.ownAttemptWithin == TimeSpan(microseconds: 7 * 24 * TimeSpanUnit.hour))
    }

    @Test("[coaching] sets every ladder's thresholds; a ladder's own keys win")
    func overrides() throws {
        let config = try ConfigLoader.load("""
            [coaching]
            climb_confidence = 70
            step_back_after = 3
            own_attempt_within = "3d"
            \(Self.ladder)
            climb_confidence = 55
            calibration_band = 20
            [ladder.exams]
            skill = "exams"
            rungs = [{ title = "b", stakes = "low" }]
            """, path: "rung.toml")
        #expect(config.coaching.climbConfidence == 70)
        let talks = try #require(config.ladder("talks")).coaching
        #expect(talks.climbConfidence == 55 && talks.calibrationBand == 20 && talks.stepBackAfter == 3)
        #expect(talks.ownAttemptWithin == TimeSpan(microseconds: 3 * 24 * TimeSpanUnit.hour))
        let exams = try #require(config.ladder("exams")).coaching
        #expect(exams.climbConfidence == 70 && exams.calibrationBand == 15)
    }

    @Test("out of range, unknown and inconsistent keys are errors where they are")
    func errors() {
        let check = ConfigLoader.check("""
            [coaching]
            climb_confidence = 101
            climb_windw = 3
            own_attempt_within = "0"
            \(Self.ladder)
            climb_after = 4
            """, path: "rung.toml")
        #expect(check.config == nil)
        #expect(check.errors.map(\.description) == [
            "rung.toml:2:20: error: 'climb_confidence' in [coaching] must be between 0 and 100, not 101",
            "rung.toml:3:1: error: unknown key 'climb_windw' in [coaching] (did you mean 'climb_window'?)",
            "rung.toml:4:22: error: 'own_attempt_within' in [coaching] must be a finite time longer than 0",
            "rung.toml:10:15: error: 'climb_after' (4) in [ladder.talks] must not exceed 'climb_window' (3): a climb needs that many successes among that many attempts",
        ])
    }

    @Test("a performance at the current rung without stakes takes each rung's; with stakes of its own, keeps them")
    func stakesFollowRung() throws {
        let config = try ConfigLoader.load("""
            \(Self.ladder.replacingOccurrences(of: "[{ title = \"a\", stakes = \"low\" }]", with: "[{ title = \"a\", stakes = \"low\" }, { title = \"b\", stakes = \"high\" }]"))
            [performance.chat]
            title = "Chat"
            ladder = "talks"
            rung = "current"
            at = 2030-01-07T09:30:00Z
            [performance.pitch]
            title = "Pitch"
            ladder = "talks"
            rung = "current"
            stakes = "low"
            at = 2030-01-08T09:30:00Z
            """, path: "rung.toml")
        let ladder = config.ladder("talks")
        let chat = try #require(config.performances.first { $0.id == "chat" })
        let pitch = try #require(config.performances.first { $0.id == "pitch" })
        #expect(chat.stakesFollowRung && !pitch.stakesFollowRung)
        #expect(chat.stakes(atRung: 2, of: ladder) == .high && chat.stakes(atRung: 1, of: ladder) == .low)
        #expect(pitch.stakes(atRung: 2, of: ladder) == .low)
    }
}

import RungCore
import RungStore
import RungTime
import Testing
@testable import RungDaemon

/// A performance at rung = "current": rungd names the rung its ladder is on when the
/// prompt goes out, read from the store then.
@Suite("Prompts at the ladder's current rung")
struct CurrentRungPromptTests {
    static let config = """
        [rung]
        timezone = "UTC"
        channels = ["desk"]

        [channel.desk]
        kind = "desktop"

        [ladder.talks]
        skill = "giving a talk"
        rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "low" }]

        [performance.demo]
        title = "Friday demo"
        ladder = "talks"
        rung = "current"
        peer = "Sam"
        at = 2027-03-01T10:00:00Z
        """

    @Test("the prompt names rung 1 before the ladder moves, and the rung it moved to after")
    func followsTheStore() async throws {
        let fixture = try OutboxTests.Fixture(config: Self.config)
        let vicarious = Occurrence(
            kind: .vicarious, subject: .performance("demo"), schedule: "performance:demo/vicarious",
            scheduledAt: OutboxTests.end, expires: OutboxTests.end.adding(microseconds: OutboxTests.minute * 60), channels: ["desk"])
        let before = await fixture.scheduler.message(for: vicarious)
        #expect(before.body.contains("(rung 1 of your giving a talk ladder: Friend)"))
        try fixture.store.stepLadder("talks", at: OutboxTests.end) { _ in (.climb, 2, "by hand") }
        let after = await fixture.scheduler.message(for: vicarious)
        #expect(after.body.contains("(rung 2 of your giving a talk ladder: Stand-up)"))
    }
}

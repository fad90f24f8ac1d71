import Foundation
import RungTime
import Testing
@testable import RungCore

@Suite("A performance at the ladder's current rung")
struct CurrentRungTests {
    static let followingConfig = """
        [ladder.talks]
        skill = "giving a talk"
        rungs = [{ title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "low" }]
        [performance.demo]
        title = "Friday demo"
        ladder = "talks"
        rung = "current"
        on = "Fri 15:00"
        """

    @Test("rung = \"current\" follows the ladder: the prompt names the rung it is on when it goes out")
    func currentRung() throws {
        let config = try ConfigLoader.load(Self.followingConfig, path: "rung.toml")
        let demo = try #require(config.performances.first)
        #expect(demo.followsLadder && demo.rung == nil && demo.ladder == "talks")
        let vicarious = Occurrence(
            kind: .vicarious, subject: .performance("demo"), schedule: "performance:demo/vicarious",
            scheduledAt: Instant(seconds: 0), expires: Instant(seconds: 60), channels: [])
        let notStarted = PromptText.render(vicarious, config: config)
        #expect(notStarted.body.contains("(rung 1 of your giving a talk ladder: Friend)"))
        let onRungTwo = PromptText.render(vicarious, config: config, context: PromptText.Context(currentRung: 2))
        #expect(onRungTwo.body.contains("(rung 2 of your giving a talk ladder: Stand-up)"))
    }

    @Test("a rung titled \"current\" keeps its meaning as a title")
    func rungTitledCurrent() throws {
        let config = try ConfigLoader.load(
            Self.followingConfig.replacingOccurrences(of: "title = \"Stand-up\"", with: "title = \"current\""), path: "rung.toml")
        let demo = try #require(config.performances.first)
        #expect(!demo.followsLadder && demo.rung == 1)
    }
}

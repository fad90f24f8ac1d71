import RungTime
import Testing
@testable import RungCore

/// Quantities beyond what a config allows still plan: the instant arithmetic saturates.
@Suite("Saturating plans")
struct PlannerSaturationTests {
    @Test("a planner given quantities no config allows plans without trapping")
    func plannerSaturates() throws {
        var config = try ConfigLoader.load("[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00Z", path: "rung.toml")
        config.performances[0].duration = TimeSpan(microseconds: UInt64(Int64.max))
        config.prompts.debrief.expiresAfter = .infinity
        config.prompts.debriefRenudgeAfter = TimeSpan(microseconds: UInt64(Int64.max))
        config.prompts.vicarious.offset = SignedTimeSpan(microseconds: .min)
        let start = try #require(TimestampFormat.parseISO8601("2030-01-01T10:00:00Z"))
        let plan = Planner(config: config, systemZone: .utc).plan(from: start.adding(microseconds: -900_000_000), through: start)
        #expect(plan.map(\.kind) == [.reframe])
        // The debrief, Int64.max microseconds after the start, is at the end of time.
        let latest = Planner(config: config, systemZone: .utc).occurrences(from: .distantFuture, through: .distantFuture)
        #expect(latest.map(\.kind) == [.debrief])
    }
}

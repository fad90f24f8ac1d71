import RungTime
import Testing
@testable import RungCore

/// A prompt found by its id in the plan around an instant, as answers and snoozes given
/// ahead of time find it.
@Suite("Planner lookup by id")
struct PlannerLookupTests {
    static let day: Int64 = 86_400_000_000
    static let now = TimestampFormat.parseISO8601("2027-03-20T12:00:00Z")!

    /// A prompt every day at 09:00 (a check-in), in UTC.
    static func planner() throws -> Planner {
        let config = try ConfigLoader.load("""
            [rung]
            timezone = "UTC"
            channels = ["desk"]

            [channel.desk]
            kind = "desktop"

            [ladder.talks]
            skill = "talks"
            check_in = "*-*-* 09:00"
            rungs = [{ title = "Friend", stakes = "low" }]
            """, path: "rung.toml")
        return Planner(config: config, systemZone: .utc)
    }

    /// The plan of a stretch around `now`, reaching `days` either side.
    static func plan(_ planner: Planner, days: Int64) -> [Occurrence] {
        planner.occurrences(from: now.adding(microseconds: -days * day), through: now.adding(microseconds: days * day))
    }

    @Test("a prompt of the window is found, as the plan has it")
    func found() throws {
        let planner = try Self.planner()
        let window = planner.occurrences(
            from: Self.now.adding(microseconds: -Planner.lookupBefore), through: Self.now.adding(microseconds: Planner.lookupAfter))
        #expect(window.count > 30)
        for wanted in [window.first!, window[window.count / 2], window.last!] {
            #expect(planner.occurrence(id: wanted.id.rawValue, near: Self.now) == wanted)
        }
    }

    @Test("an id the plan does not have is not found")
    func notFound() throws {
        let planner = try Self.planner()
        #expect(planner.occurrence(id: "ladder:talks/nothing", near: Self.now) == nil)
        #expect(planner.occurrence(id: "", near: Self.now) == nil)
    }

    @Test("a prompt outside the window is not found, one just inside is")
    func outsideTheWindow() throws {
        let planner = try Self.planner()
        let wide = Self.plan(planner, days: 40)
        let earliest = Self.now.adding(microseconds: -Planner.lookupBefore)
        let latest = Self.now.adding(microseconds: Planner.lookupAfter)
        let tooEarly = try #require(wide.last { $0.scheduledAt < earliest })
        let tooLate = try #require(wide.first { $0.scheduledAt > latest })
        let firstInside = try #require(wide.first { $0.scheduledAt >= earliest })
        let lastInside = try #require(wide.last { $0.scheduledAt <= latest })
        #expect(planner.occurrence(id: tooEarly.id.rawValue, near: Self.now) == nil)
        #expect(planner.occurrence(id: tooLate.id.rawValue, near: Self.now) == nil)
        #expect(planner.occurrence(id: firstInside.id.rawValue, near: Self.now) == firstInside)
        #expect(planner.occurrence(id: lastInside.id.rawValue, near: Self.now) == lastInside)
        // The same prompt is found from an instant whose window holds it.
        #expect(planner.occurrence(id: tooLate.id.rawValue, near: tooLate.scheduledAt) == tooLate)
    }

    @Test("a later start and a limit narrow the search")
    func startAndLimit() throws {
        let planner = try Self.planner()
        let yesterday = try #require(Self.plan(planner, days: 2).last { $0.scheduledAt < Self.now })
        #expect(planner.occurrence(id: yesterday.id.rawValue, near: Self.now, notBefore: Self.now) == nil)
        #expect(planner.occurrence(id: yesterday.id.rawValue, near: Self.now, notBefore: yesterday.scheduledAt) == yesterday)
        let window = planner.occurrences(from: Self.now.adding(microseconds: -Planner.lookupBefore), through: Self.now)
        let latest = try #require(window.last)
        #expect(window.count == 7)
        #expect(planner.occurrence(id: latest.id.rawValue, near: Self.now, limit: window.count - 1) == nil)
        #expect(planner.occurrence(id: latest.id.rawValue, near: Self.now, limit: window.count) == latest)
    }

    @Test("the promised prompt is due after quiet hours, and left out when it would expire first")
    func promised() throws {
        let config = try ConfigLoader.load("""
            [rung]
            timezone = "UTC"
            channels = ["desk"]
            quiet_hours = "08:00-10:00"

            [channel.desk]
            kind = "desktop"

            [ladder.talks]
            skill = "talks"
            check_in = "*-*-* 09:00"
            rungs = [{ title = "Friend", stakes = "low" }]
            """, path: "rung.toml")
        let planner = Planner(config: config, systemZone: .utc)
        let stretch = (from: Self.now, through: Self.now.adding(microseconds: 3 * Self.day))
        let promised = planner.occurrences(from: stretch.from, through: stretch.through).compactMap(planner.promised)
        #expect(promised == planner.plan(from: stretch.from, through: stretch.through))
        #expect(promised.count == 3)
        #expect(promised.allSatisfy { $0.due > $0.scheduledAt })
    }
}

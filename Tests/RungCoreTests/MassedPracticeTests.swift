import RungTime
import Testing
@testable import RungCore

@Suite("Massed practice before a high-stakes date")
struct MassedPracticeTests {
    static let hour: Int64 = 3_600_000_000
    static let start = Instant(seconds: 1_800_000_000)

    /// Attempts given in hours before the start.
    static func attempts(_ hoursBefore: [Int64]) -> [Instant] {
        hoursBefore.map { start.adding(microseconds: -$0 * hour) }
    }

    /// One case: attempts in hours before the start, how many hours before it "now" is, and
    /// the counts when the attempts are massed.
    struct Case: Sendable, CustomTestStringConvertible {
        var hoursBefore: [Int64]
        var nowHoursBefore: Int64 = 720
        var expected: [Int]?
        var testDescription: String { "\(hoursBefore) seen \(nowHoursBefore) h before: \(expected.map { "\($0)" } ?? "spaced")" }
    }

    static let cases: [Case] = [
        Case(hoursBefore: [], expected: nil),
        Case(hoursBefore: [10], expected: nil),
        Case(hoursBefore: [10, 20], expected: [2, 2]),
        Case(hoursBefore: [10, 100], expected: nil),
        Case(hoursBefore: [10, 20, 100], expected: [3, 2]),
        Case(hoursBefore: [10, 20, 100, 200], expected: nil),
        Case(hoursBefore: [47, 48, 49], expected: [3, 2]),
        Case(hoursBefore: [49, 50, 1], expected: nil),
        Case(hoursBefore: [10, 20, 100, 400], expected: [3, 2]),
        Case(hoursBefore: [10, 20, 100, 300], expected: nil),
        Case(hoursBefore: [10, 20, 100, 200], nowHoursBefore: 60, expected: [2, 2]),
        Case(hoursBefore: [0, -1, 10, 20], expected: [2, 2]),
    ]

    @Test("massed when at least 2 attempts in the 14 days before and more than half in its last 48 hours", arguments: cases)
    func rule(_ row: Case) {
        let now = Self.start.adding(microseconds: -row.nowHoursBefore * Self.hour)
        let counts = MassedPractice.counts(of: Self.attempts(row.hoursBefore), before: Self.start, at: now)
        #expect(counts.map { [$0.attempts, $0.inLastStretch] } == row.expected)
    }

    static func config(_ extra: String, days: String = "[10, 4, 1]") throws -> Config {
        try ConfigLoader.load("""
            [rung]
            timezone = "UTC"
            [channel.desk]
            kind = "desktop"
            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Keynote", stakes = "high" }]
            [performance.keynote]
            title = "Conference keynote"
            ladder = "talks"
            rung = "Keynote"
            at = 2026-06-12T18:00:00Z
            [prompts.rehearsal]
            days_before = \(days)
            \(extra)
            """, path: "rung.toml")
    }

    static let now = TimestampFormat.parseISO8601("2026-05-01T00:00:00Z")!

    @Test("the default rehearsals alone are spaced: no warning")
    func defaultsAreSpaced() throws {
        #expect(MassedPractice.warnings(in: try Self.config(""), systemZone: .utc, at: Self.now).isEmpty)
    }

    @Test("rehearsals and one-off practice crowded into the last two days are named with their counts")
    func crowded() throws {
        let config = try Self.config("""
            [performance.dry1]
            title = "Dry run"
            ladder = "talks"
            rung = 1
            at = 2026-06-11T09:00:00Z
            [performance.dry2]
            title = "Second dry run"
            ladder = "talks"
            rung = 1
            at = 2026-06-12T09:00:00Z
            """, days: "[10, 1]")
        let warnings = MassedPractice.warnings(in: config, systemZone: .utc, at: Self.now)
        // The 10-day rehearsal, then both dry runs; the 1-day rehearsal is skipped, as dry1 starts that day.
        #expect(warnings == [MassedPractice(
            performance: "keynote", title: "Conference keynote", ladder: "talks",
            start: TimestampFormat.parseISO8601("2026-06-12T18:00:00Z")!, attempts: 3, inLastStretch: 2)])
        #expect(warnings.first?.message(in: .utc).hasPrefix("2 of the 3 attempts planned on ladder 'talks' in the 14 days before Conference keynote (") == true)
    }

    @Test("a recurring practice on the ladder counts every start in the window")
    func recurring() throws {
        let daily = try Self.config("""
            [performance.daily]
            title = "Daily practice"
            ladder = "talks"
            rung = 1
            on = "*-*-* 08:00"
            """)
        #expect(MassedPractice.warnings(in: daily, systemZone: .utc, at: Self.now).isEmpty, "14 daily starts, spread (each rehearsal day has one, so no rehearsal)")
        let late = TimestampFormat.parseISO8601("2026-06-11T00:00:00Z")!
        let warnings = MassedPractice.warnings(in: daily, systemZone: .utc, at: late)
        #expect(warnings.map(\.attempts) == [2], "counted from now, only the last two mornings are left")
        #expect(warnings.map(\.inLastStretch) == [2])
    }

    @Test("no warning once the performance is over, nor about the low-stakes dry runs themselves")
    func notHighStakesOneOff() throws {
        let config = try Self.config("""
            [performance.dry1]
            title = "Dry run"
            ladder = "talks"
            rung = 1
            at = 2026-06-11T09:00:00Z
            [performance.dry2]
            title = "Second dry run"
            ladder = "talks"
            rung = 1
            at = 2026-06-11T19:00:00Z
            """, days: "[1]")
        let after = TimestampFormat.parseISO8601("2026-06-13T00:00:00Z")!
        #expect(MassedPractice.warnings(in: config, systemZone: .utc, at: after).isEmpty)
        #expect(MassedPractice.warnings(in: config, systemZone: .utc, at: Self.now).map(\.performance) == ["keynote"])
    }
}

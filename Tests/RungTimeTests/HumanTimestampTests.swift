import Testing
@testable import RungTime

/// Times for people: the minute in the person's zone, the year only when it differs, and a
/// distance in the units that matter, never `1 week 0 days`.
@Suite("Human timestamps")
struct HumanTimestampTests {
    /// Mon 7 Dec 2026 09:15:00 UTC.
    static let now = Instant(seconds: 1_796_634_900)

    static func after(_ seconds: Int64) -> Instant { now.adding(microseconds: seconds * 1_000_000) }

    @Test("distances", arguments: [
        (0, "now"), (40, "in 40 s"), (-40, "40 s ago"), (25 * 60, "in 25 min"), (60 * 60, "in 1 h"),
        (2 * 3600 + 10 * 60, "in 2 h 10 min"), (12 * 3600 + 59 * 60, "in 12 h"), (-12 * 3600, "12 h ago"),
        (86_400, "in 1 day"), (86_400 + 18 * 3600, "in 1 day 18 h"), (3 * 86_400 + 3600, "in 3 days"),
        (7 * 86_400, "in 1 week"), (7 * 86_400 + 3600, "in 1 week"), (17 * 86_400, "in 2 weeks 3 days"),
        (100 * 86_400, "in 3 months"), (800 * 86_400, "in 2 years"), (-800 * 86_400, "2 years ago"),
    ] as [(Int64, String)])
    func distances(seconds: Int64, text: String) {
        #expect(HumanTimestamp.relative(Self.after(seconds), now: Self.now) == text)
    }

    @Test("the minute in the zone, the year only when it is not this year's")
    func when() throws {
        let berlin = try TimeZoneRules.named("Europe/Berlin")
        #expect(HumanTimestamp.text(Self.after(12 * 3600), now: Self.now, in: .utc) == "Mon 7 Dec 21:15 (in 12 h)")
        #expect(HumanTimestamp.when(Self.now, now: Self.now, in: berlin) == "Mon 7 Dec 10:15")
        #expect(HumanTimestamp.when(Self.after(2 * 86_400 - 9 * 3600 - 15 * 60), now: Self.now, in: .utc) == "Wed 9 Dec 00:00")
        #expect(HumanTimestamp.when(Self.after(100 * 86_400 + 30), now: Self.now, in: berlin) == "Wed 17 Mar 2027 10:15")
        #expect(!HumanTimestamp.text(Self.after(1), now: Self.now, in: .utc).contains("."), "no fractions of a second")
    }
}

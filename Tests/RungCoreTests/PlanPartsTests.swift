import RungTime
import Testing
@testable import RungCore

@Suite("Plan parts")
struct PlanPartsTests {
    @Test("occurrence ids are FNV-1a 64 of schedule and instant, as 16 hex digits", arguments: [
        ("performance:talk/reframe", Instant(seconds: 1_894_005_000), "557888620009a127"),
        ("ladder:talks/check_in", Instant(microseconds: -1), "38c33fe78de282c3"),
        ("x", Instant(microseconds: 0), "bf396a197f87942f"),
        ("x", Instant(microseconds: 9), "bf3971197f87a014"),
        ("x", Instant(microseconds: 10), "761fe253b35d9724"),
        ("performance:a/debrief/renudge", Instant(microseconds: .max), "4424305bef204b29"),
        ("ladder:b/check_in", Instant(microseconds: .min), "116ee3faa24c111c"),
    ])
    func occurrenceID(_ schedule: String, _ instant: Instant, _ expected: String) {
        #expect(OccurrenceID(schedule: schedule, instant: instant).rawValue == expected)
    }

    @Test("occurrence ids differ when schedule or instant differ")
    func occurrenceIDsDiffer() {
        let base = OccurrenceID(schedule: "performance:talk/reframe", instant: Instant(seconds: 100))
        #expect(base != OccurrenceID(schedule: "performance:talk/debrief", instant: Instant(seconds: 100)))
        #expect(base != OccurrenceID(schedule: "performance:talk/reframe", instant: Instant(seconds: 101)))
        #expect(base == OccurrenceID(schedule: "performance:talk/reframe", instant: Instant(seconds: 100)))
    }

    @Test("prompt kinds order as declared")
    func promptKindOrder() {
        for (i, lhs) in PromptKind.allCases.enumerated() {
            for (j, rhs) in PromptKind.allCases.enumerated() {
                #expect((lhs < rhs) == (i < j), "\(lhs) < \(rhs)")
            }
        }
    }

    @Test("quiet hours contain their start, not their end, across midnight or not", arguments: [
        ("22:00-07:30", 22 * 60, true), ("22:00-07:30", 23 * 60 + 59, true), ("22:00-07:30", 0, true),
        ("22:00-07:30", 7 * 60 + 29, true), ("22:00-07:30", 7 * 60 + 30, false), ("22:00-07:30", 12 * 60, false),
        ("12:00-13:00", 12 * 60, true), ("12:00-13:00", 13 * 60, false), ("12:00-13:00", 11 * 60 + 59, false),
        ("0:00-6:00", 5 * 60, true),
    ])
    func quietHours(_ text: String, _ minute: Int, _ expected: Bool) throws {
        #expect(try QuietHours(parsing: text).contains(minuteOfDay: minute) == expected)
    }

    @Test("quiet hours print as HH:MM-HH:MM")
    func quietHoursDescription() throws {
        #expect(try QuietHours(parsing: "7:05-9:00").description == "07:05-09:00")
    }

    @Test("pauses cover their subject from start until end")
    func pauses() {
        let pause = Pause(start: Instant(seconds: 10), end: Instant(seconds: 20), subject: .ladder("talks"))
        #expect(pause.covers(Instant(seconds: 10), of: .ladder("talks")))
        #expect(!pause.covers(Instant(seconds: 20), of: .ladder("talks")))
        #expect(!pause.covers(Instant(seconds: 15), of: .performance("talks")))
        #expect(Pause(start: Instant(seconds: 10), end: nil).covers(Instant(seconds: 1_000_000), of: .performance("x")))
    }
}

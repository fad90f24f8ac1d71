import Foundation
import RungCore
import RungTime

/// The in-process cost of the calendar engine: parsing, and one next elapse, for a few
/// typical expressions in a zone with daylight-saving time.
enum CalendarBench {
    static let expressions = [
        "Mon..Fri 09:30", "Sun 18:00", "*-*-1 08:00 Europe/Berlin", "*-*~1 17:00",
        "Sat,Sun *-*-* 10:00/2:00", "*:0/15",
    ]

    static func run() throws {
        let zone = try TimeZoneRules.named("Europe/Berlin")
        let base = Instant(seconds: 1_764_061_200)
        let parses = 20_000
        let steps = 200_000
        print("subject: calendar (zone Europe/Berlin, base 2025-11-25T09:00:00Z)")
        for text in expressions {
            let parseTime = measure {
                for _ in 0..<parses { _ = try? CalendarSpec(parsing: text) }
            }
            let spec = try CalendarSpec(parsing: text)
            var cursor = base
            let elapseTime = measure {
                // Far-future elapses end (systemd stops at the year 2200); start over then.
                for _ in 0..<steps {
                    cursor = spec.nextElapse(after: cursor, in: zone) ?? base
                }
            }
            print(String(format: "  %-28@ parse %7.2f µs   next elapse %7.3f µs",
                         "'\(text)'" as NSString,
                         parseTime / Double(parses) * 1e6, elapseTime / Double(steps) * 1e6))
        }
    }
}

/// Seconds taken by `body`, on the monotonic clock.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

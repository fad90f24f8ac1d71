import Foundation
import RungCore
import RungTime

/// The cost of one `localTime` and one `makeTime` (the calls the calendar engine makes
/// per candidate), and of loading a zone again once it is cached.
enum TimeZoneBench {
    static func run() throws {
        let calls = 1_000_000
        print("subject: timezone (\(calls) calls each, instants 1970–2100)")
        for name in ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "EST5EDT,M3.2.0,M11.1.0"] {
            let zone = try TimeZoneRules.named(name)
            var generator = SystemRandomNumberGenerator()
            let instants = (0..<4096).map { _ in Int64.random(in: 0...4_102_444_800, using: &generator) }
            let times = instants.map { zone.localTime(at: $0) }
            var sink = 0
            let localTime = measure {
                for i in 0..<calls { sink &+= zone.localTime(at: instants[i & 4095]).hour }
            }
            let makeTime = measure {
                for i in 0..<calls {
                    var time = times[i & 4095]
                    time.isDST = -1
                    sink &+= Int(zone.makeTime(&time) ?? 0)
                }
            }
            let gap = measure {
                for _ in 0..<calls {
                    var time = BrokenDownTime(year: 2026, month: 3, day: 29, hour: 2, minute: 30)
                    sink &+= Int(zone.makeTime(&time) ?? 0)
                }
            }
            let load = measure {
                for _ in 0..<10_000 { sink &+= (try? TimeZoneRules.named(name))?.name.count ?? 0 }
            }
            print(String(
                format: "  %-24@ localTime %6.3f µs   makeTime %6.3f µs   makeTime(2026-03-29 02:30) %6.3f µs   named %6.2f µs  (%d)",
                name as NSString, localTime / Double(calls) * 1e6, makeTime / Double(calls) * 1e6,
                gap / Double(calls) * 1e6, load / 10_000 * 1e6, sink & 1
            ))
        }
    }
}

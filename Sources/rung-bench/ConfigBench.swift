import Foundation
import RungCore
import RungTime
import RungTOML

/// Parse + validate + plan one year for a large config: 1 000 performances (900 one-off,
/// 100 weekly) and 100 ladders with weekly check-ins. Target: under 200 ms, 50 MiB.
enum ConfigBench {
    static func run() throws {
        let text = generatedConfig(performances: 1_000, ladders: 100)
        let zone = try TimeZoneRules.named("Europe/Berlin")
        let from = Instant(seconds: 1_767_225_600)
        let through = from.adding(microseconds: 365 * Int64(TimeSpanUnit.day))
        print("subject: config (\(text.utf8.count / 1024) KiB, 1000 performances, 100 ladders, plan 2026-01-01 + 365 days)")
        var occurrences = 0
        var timings: [Double] = []
        for _ in 0..<10 {
            timings.append(try measure {
                let config = try ConfigLoader.load(text, path: "bench.toml", systemZone: zone)
                occurrences = Planner(config: config, systemZone: zone).plan(from: from, through: through).count
            })
        }
        let parseOnly = try measure { _ = try TOMLParser.parse(text) }
        var loaded: Config?
        let loadOnly = try measure { loaded = try ConfigLoader.load(text, path: "bench.toml", systemZone: zone) }
        let planOnly = measure { _ = Planner(config: loaded!, systemZone: zone).plan(from: from, through: through) }
        timings.sort()
        print(String(format: "  parse + validate + plan: median %.1f ms, min %.1f ms, max %.1f ms (10 runs, %d occurrences)",
                     timings[timings.count / 2] * 1e3, timings[0] * 1e3, timings[timings.count - 1] * 1e3, occurrences))
        print(String(format: "  of which TOML parse %.1f ms, parse + validate %.1f ms, plan %.1f ms", parseOnly * 1e3, loadOnly * 1e3, planOnly * 1e3))
        try longLine()
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        print(String(format: "  peak memory (max RSS of the process): %.1f MiB", Double(usage.ru_maxrss) / 1024))
    }

    /// One line of 1.2 MB, ASCII then accented: reading must cost time in proportion to
    /// its length (each position on it once counted its whole prefix again).
    static func longLine() throws {
        let numbers = "k = [" + Array(repeating: "12345", count: 200_000).joined(separator: ", ") + "]\n"
        let accented = "k = [" + Array(repeating: "\"e\u{301}t\u{e9}\"", count: 200_000).joined(separator: ", ") + "]\n"
        for (name, text) in [("numbers", numbers), ("accented strings", accented)] {
            let timings = try (0..<5).map { _ in try measure { _ = try TOMLParser.parse(text) } }.sorted()
            let size = String(format: "%.1f MB", Double(text.utf8.count) / 1e6)
            print("  one line of \(size) (200 000 \(name)): TOML parse median " + String(format: "%.1f ms (5 runs)", timings[2] * 1e3))
        }
    }

    /// A config shaped like a real one, scaled up.
    static func generatedConfig(performances: Int, ladders: Int) -> String {
        var text = """
            [rung]
            timezone = "Europe/Berlin"
            quiet_hours = "22:00-07:30"
            channels = ["desk", "mail"]
            [channel.desk]
            kind = "desktop"
            [channel.mail]
            kind = "email"
            to = "me@example.org"

            """
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for ladder in 0..<ladders {
            text += """
                [ladder.skill-\(ladder)]
                skill = "skill number \(ladder)"
                check_in = "\(weekdays[ladder % 7]) 18:00"
                rungs = [
                    { title = "first", stakes = "low" }, { title = "second", stakes = "low" },
                    { title = "third", stakes = "medium" }, { title = "fourth", stakes = "medium" },
                    { title = "fifth", stakes = "high" },
                ]

                """
        }
        for performance in 0..<performances {
            let when = performance % 10 == 0
                ? "on = \"\(weekdays[performance % 7]) \(8 + performance % 10):\(performance % 6)0\""
                : String(format: "at = 2026-%02d-%02dT%02d:30:00", 1 + performance % 12, 1 + performance % 28, 8 + performance % 12)
            text += """
                [performance.p\(performance)]
                title = "Performance \(performance)"
                ladder = "skill-\(performance % ladders)"
                rung = \(1 + performance % 5)
                \(when)
                duration = "45min"
                peer = "Peer \(performance)"
                observer = "Observer \(performance)"

                """
        }
        return text
    }
}

import Foundation
import RungTime
import RungTestSupport
import Testing

/// Compares Rung's calendar engine and time spans with the real `systemd-analyze` on
/// random input. Replay a run with RUNG_DIFF_SEED=<seed>; make it longer with
/// RUNG_DIFF_COUNT=<expressions> (default 1000).
@Suite("Differential against systemd-analyze")
struct SystemdDifferentialTests {
    static let zones = [
        "UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
        "America/Sao_Paulo", "Europe/Dublin", "Pacific/Chatham", "EST5EDT,M3.2.0,M11.1.0",
    ]

    /// A random base time, half of them in the months where DST changes.
    static func baseTime(using random: inout SplitMix64) -> Instant {
        let year = Int.random(in: 1995...2045, using: &random)
        let month = Bool.random(using: &random) ? [3, 4, 9, 10, 11].randomElement(using: &random)! : Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...28, using: &random)
        let days = Int64(TimestampFormatTestSupport.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64.random(in: 0..<86_400, using: &random)
        let micros = Bool.random(using: &random) ? 0 : Int64.random(in: 0..<1_000_000, using: &random)
        return Instant(seconds: seconds, microseconds: micros)
    }

    /// What one differential run found.
    struct Report: Sendable {
        var mismatches: [String] = []
        var compared = 0, rejected = 0, excluded = 0
    }

    @Test("random calendar expressions agree with systemd-analyze calendar")
    func calendarAgrees() async throws {
        try #require(SystemdAnalyze.path != nil, "systemd-analyze is needed: make test installs it")
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_DIFF_SEED")
        let count = Int(ProcessEnvironment.current["RUNG_DIFF_COUNT"] ?? "") ?? 1000
        let report = try await onOwnThread { try Self.compareCalendars(seed: seed, count: count) }
        print("calendar differential: seed \(seed), \(count) expressions, \(report.compared) compared with elapses, \(report.rejected) rejected by both, \(report.excluded) excluded (systemd issue 40260 or no elapse found), \(report.mismatches.count) mismatches")
        for mismatch in report.mismatches.prefix(50) {
            Issue.record(Comment(rawValue: mismatch))
        }
        #expect(report.mismatches.isEmpty, "seed \(seed): \(report.mismatches.count) mismatches")
    }

    static func compareCalendars(seed: UInt64, count: Int) throws -> Report {
        var random = SplitMix64(seed: seed)
        var generator = CalendarExpressionGenerator(random: SplitMix64(seed: seed ^ 0x5EED))
        var report = Report()
        for _ in 0..<count {
            let expression = generator.next()
            let zoneName = Self.zones.randomElement(using: &random)!
            let base = Self.baseTime(using: &random)
            let baseText = "@\(base.seconds).\(String(format: "%06lld", base.microsecondOfSecond))"
            let repro = "TZ='\(zoneName)' systemd-analyze calendar --iterations 5 --base-time=\(baseText) -- '\(expression.text)'"
            let expected = try SystemdAnalyze.calendar(expression.text, timeZone: zoneName, baseTime: baseText, iterations: 5)
            if expected.elapseFailed {
                report.excluded += 1
                continue
            }
            let zone = try TimeZoneRules.named(zoneName)
            let spec = try? CalendarSpec(parsing: expression.text, localZone: zone)
            guard let spec else {
                report.rejected += 1
                if let normalized = expected.normalized {
                    report.mismatches.append("\(repro)  # rung rejects, systemd normalizes to '\(normalized)'")
                }
                continue
            }
            guard let normalized = expected.normalized else {
                report.mismatches.append("\(repro)  # systemd rejects, rung normalizes to '\(spec.normalized)'")
                continue
            }
            if spec.normalized != normalized {
                report.mismatches.append("\(repro)  # normalized: rung '\(spec.normalized)', systemd '\(normalized)'")
                continue
            }
            var elapses: [Instant] = []
            var cursor = base
            while elapses.count < 5, let next = spec.nextElapse(after: cursor, in: zone) {
                elapses.append(next)
                cursor = next
            }
            if expression.hasDayRepetition, Self.crossesNewYear(from: base, through: elapses, zone: zone, expected: expected.localElapses) {
                report.excluded += 1
                continue
            }
            let local = elapses.map { TimestampFormat.systemd($0, in: zone) }
            let utc = elapses.map { TimestampFormat.systemd($0, in: .utc) }
            if local != expected.localElapses || (!expected.utcElapses.isEmpty && utc != expected.utcElapses) {
                report.mismatches.append("\(repro)  # elapses: rung \(local), systemd \(expected.localElapses)")
                continue
            }
            report.compared += 1
        }
        return report
    }

    @Test("calendar expressions at the edges of systemd's ranges agree with systemd-analyze calendar", arguments: [
        "1970-01-01", "1969-12-31", "2199-12-31 23:59:59", "2200-01-01", "9999-01-01", "10000-01-01",
        "1970..2199-*-*", "1969..2199-*-*", "@0", "@7258118399", "@7258118400",
        "*-*-* 00:00:00/0.000001", "*-*-* 00:00:00.99999999999999999999999999999999999", "*-*-* 23:59:59.9999995",
    ])
    func boundariesAgree(expression: String) throws {
        try #require(SystemdAnalyze.path != nil, "systemd-analyze is needed: make test installs it")
        let base = "@1800000000"
        let expected = try SystemdAnalyze.calendar(expression, timeZone: "UTC", baseTime: base, iterations: 2)
        let spec = try? CalendarSpec(parsing: expression, localZone: .utc)
        #expect(spec?.normalized == expected.normalized, "systemd-analyze calendar --base-time=\(base) -- '\(expression)'")
        guard let spec else { return }
        var elapses: [String] = []
        var cursor = Instant(seconds: 1_800_000_000)
        while elapses.count < 2, let next = spec.nextElapse(after: cursor, in: .utc) {
            elapses.append(TimestampFormat.systemd(next, in: .utc))
            cursor = next
        }
        #expect(elapses == expected.localElapses, "systemd-analyze calendar --base-time=\(base) -- '\(expression)'")
    }

    /// Whether the compared window runs from one year into the next.
    static func crossesNewYear(from base: Instant, through elapses: [Instant], zone: TimeZoneRules, expected: [String]) -> Bool {
        let startYear = zone.localTime(at: base.seconds).year
        let ours = elapses.map { zone.localTime(at: $0.seconds).year }
        let theirs = expected.compactMap { Int($0.dropFirst(4).prefix(4)) }
        return (ours + theirs).contains { $0 != startYear }
    }

    @Test("random time spans agree with systemd-analyze timespan")
    func timeSpansAgree() async throws {
        try #require(SystemdAnalyze.path != nil, "systemd-analyze is needed: make test installs it")
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_DIFF_SEED")
        let mismatches = try await onOwnThread { try Self.compareTimeSpans(seed: seed) }
        for mismatch in mismatches.prefix(50) {
            Issue.record(Comment(rawValue: mismatch))
        }
        #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.count) mismatches")
    }

    @Test("time spans with the micro sign or unusual white space agree with systemd-analyze timespan", arguments: [
        "5µs", "5μs", "5 µs", "5 µsec", "1h 2µs 3μs",
        "\u{0B}5min", "\u{0C}5min", "5\u{0B}min", "5min\u{0B}", "5 \u{0C}6min", "5s\u{0B}6min", "1\u{0B}\u{0C} 2",
        "\u{0B}-0", "\u{0B}-5", "\u{0B} -0.5s", "\u{0B}+5", "+\u{0B}5", "\u{0B}.5s", "\u{0B}infinity", " -0",
        "5min\r\n", "1h\n30min", "\r\n 5 \t\r\n",
    ])
    func unusualTimeSpansAgree(text: String) throws {
        try #require(SystemdAnalyze.path != nil, "systemd-analyze is needed: make test installs it")
        let result = try SystemdAnalyze.run(["timespan", "--", text])
        let theirs = result.status == 0
            ? result.stdout.split(separator: "\n").first { $0.hasPrefix("      μs: ") }.flatMap { UInt64($0.dropFirst(10)) }
            : nil
        #expect((try? TimeSpan(parsing: text))?.microseconds == theirs, "systemd-analyze timespan -- \(Self.shellQuoted(text)): \(result.stdout)\(result.stderr)")
    }

    /// `text` as bash's `$'…'` writes it, so a mismatch can be replayed by hand.
    static func shellQuoted(_ text: String) -> String {
        "$'" + text.unicodeScalars.map { scalar in
            switch scalar {
            case "'", "\\": "\\" + String(scalar)
            case _ where scalar.value < 0x20: String(format: "\\x%02x", scalar.value)
            default: String(scalar)
            }
        }.joined() + "'"
    }

    static func compareTimeSpans(seed: UInt64) throws -> [String] {
        var random = SplitMix64(seed: seed)
        let units = ["", "s", "sec", "min", "m", "h", "hr", "d", "w", "M", "month", "y", "ms", "us", "usec", "μs", "µs", "x", "."]
        // systemd's white space, mostly a space, and the vertical tab and form feed that
        // only strtoll skips, before a number.
        let spaces = [" ", " ", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        var mismatches: [String] = []
        for _ in 0..<200 {
            let parts = (0..<Int.random(in: 1...3, using: &random)).map { _ -> String in
                var number = String(Int.random(in: 0...5000, using: &random))
                if Int.random(in: 0..<4, using: &random) == 0 { number += "." + String(Int.random(in: 0...999, using: &random)) }
                return number + (Bool.random(using: &random) ? spaces.randomElement(using: &random)! : "") + units.randomElement(using: &random)!
            }
            let text = parts.joined(separator: Bool.random(using: &random) ? spaces.randomElement(using: &random)! : "")
            let result = try SystemdAnalyze.run(["timespan", "--", text])
            let ours = try? TimeSpan(parsing: text)
            let theirs = result.status == 0
                ? result.stdout.split(separator: "\n").first { $0.hasPrefix("   Human: ") }.map { String($0.dropFirst(10)) }
                : nil
            if ours?.normalized != theirs {
                mismatches.append("systemd-analyze timespan -- \(shellQuoted(text))  # rung \(ours?.normalized ?? "rejects"), systemd \(theirs ?? "rejects")")
            }
        }
        return mismatches
    }
}

/// Date arithmetic for building base times, independent of the code under test.
enum TimestampFormatTestSupport {
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return Int(calendar.date(from: components)!.timeIntervalSince1970 / 86_400)
    }
}

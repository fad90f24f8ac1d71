import Foundation
import Glibc
import RungTestSupport
import Testing
@testable import RungTime

/// The real glibc under `TZ=zone`, the oracle for `TimeZoneRules`.
enum Glibc236 {
    /// Runs `body` with `TZ` set to `zone`, restoring the previous value afterwards, all
    /// under the environment lock: a child started meanwhile would inherit the zone (a
    /// rungd started then planned its test's prompts hours away), and two tests would set
    /// each other's. `body` must not start a child. `tzset` runs twice: for a TZ string
    /// that borrows `posixrules`, glibc's state right after the first call differs from the
    /// one every later call (and every `mktime`) settles on.
    static func withTZ<T>(_ zone: String?, _ body: () throws -> T) rethrows -> T {
        try ProcessEnvironment.withLock {
            let saved = getenv("TZ").map { String(cString: $0) }
            if let zone { setenv("TZ", zone, 1) } else { unsetenv("TZ") }
            tzset()
            tzset()
            defer {
                if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
                tzset()
            }
            return try body()
        }
    }

    static func fields(_ tm: tm) -> BrokenDownTime {
        BrokenDownTime(
            year: Int(tm.tm_year) + 1900, month: Int(tm.tm_mon) + 1, day: Int(tm.tm_mday),
            hour: Int(tm.tm_hour), minute: Int(tm.tm_min), second: Int(tm.tm_sec),
            weekday: Int(tm.tm_wday), isDST: Int(tm.tm_isdst), utcOffset: tm.tm_gmtoff,
            abbreviation: tm.tm_zone.map { String(cString: $0) } ?? ""
        )
    }

    static func localTime(_ seconds: Int64) -> BrokenDownTime? {
        var t = time_t(seconds)
        var result = tm()
        guard localtime_r(&t, &result) != nil else { return nil }
        return fields(result)
    }

    /// `mktime` on `time`; nil when glibc fails (returns -1 with errno set).
    static func makeTime(_ time: inout BrokenDownTime) -> Int64? {
        var input = tm()
        input.tm_year = Int32(time.year - 1900)
        input.tm_mon = Int32(time.month - 1)
        input.tm_mday = Int32(time.day)
        input.tm_hour = Int32(time.hour)
        input.tm_min = Int32(time.minute)
        input.tm_sec = Int32(time.second)
        input.tm_isdst = Int32(time.isDST)
        errno = 0
        let seconds = mktime(&input)
        if seconds == -1 && errno != 0 { return nil }
        time = fields(input)
        return Int64(seconds)
    }

    /// `tzname[0]` and `tzname[1]`, read through the symbol so no Swift global is touched.
    static func tzname() -> (String, String) {
        let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "tzname")!
        let names = symbol.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
        return (String(cString: names[0]!), String(cString: names[1]!))
    }

    /// Brings glibc's hidden `mktime` offset guess to 0 (a fresh process's value).
    static func resetMakeTimeGuess() {
        withTZ("UTC0") {
            var time = BrokenDownTime(year: 2000, month: 1, day: 1)
            _ = makeTime(&time)
        }
    }
}

/// A seed that depends only on the zone's name, so a run can be replayed.
private func seed(for zone: String) -> UInt64 {
    zone.utf8.reduce(0x5EED) { ($0 &* 31) &+ UInt64($1) }
}

private func describeInput(_ t: BrokenDownTime) -> String {
    "\(t.year)-\(t.month)-\(t.day) \(t.hour):\(t.minute):\(t.second) isDST \(t.isDST)"
}

/// Every instant in 1900…2100 at which the zone's offset, DST flag or abbreviation
/// changes or a leap second is inserted: a TZif file's own records, and for rules given by a TZ string the changes
/// found by scanning day by day and bisecting to the second.
private func transitions(of rules: TimeZoneRules) -> [Int64] {
    let end: Int64 = 4_102_444_800
    var start: Int64 = -2_208_988_800
    var result: [Int64] = []
    if case .tzif(let zone) = rules.source {
        result = (zone.transitions + zone.leapSeconds.map(\.transition)).filter { $0 >= start && $0 < end }
        guard zone.footer != nil else { return result }
        start = max(start, zone.transitions.last ?? start)
    }
    let step: Int64 = 86_400
    var previous = rules.state(at: start)
    var t = start
    while t < end {
        let next = rules.state(at: t + step)
        if next != previous {
            var low = t
            var high = t + step
            while high - low > 1 {
                let middle = (low + high) / 2
                if rules.state(at: middle) == previous { low = middle } else { high = middle }
            }
            result.append(high)
            previous = next
        }
        t += step
    }
    return result
}

private let differentialZones = [
    "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
    "America/Sao_Paulo", "Pacific/Apia", "Europe/Dublin", "Africa/Casablanca", "Antarctica/Troll",
    "EST5EDT,M3.2.0,M11.1.0", "IST-1GMT0,M10.5.0,M3.5.0/1", "<+0530>-5:30",
    "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "AAA3BBB,J60/-2,J300/26", "CCC-2DDD-3,59/0:30,300/167:59:59",
    "EEE4FFF,M2.5.6/-25,M12.5.6/24", "XXX5YYY", "XXX-3YYY-5", "GGG-1HHH,", "right/Europe/Berlin", "right/UTC",
]

@Suite("TimeZoneRules against the real glibc", .serialized)
struct TimeZoneGlibcDifferentialTests {
    @Test("tzname after tzset", arguments: differentialZones)
    func abbreviations(zone: String) throws {
        let rules = try TimeZoneRules.named(zone)
        let glibc = Glibc236.withTZ(zone) { Glibc236.tzname() }
        #expect(rules.standardAbbreviation == glibc.0, "TZ=\(zone) tzname[0]")
        #expect((rules.daylightAbbreviation ?? rules.standardAbbreviation) == glibc.1, "TZ=\(zone) tzname[1]")
    }

    @Test("localtime_r at random instants and around every transition", arguments: differentialZones)
    func localTime(zone: String) throws {
        let rules = try TimeZoneRules.named(zone)
        var generator = SplitMix64(seed: seed(for: zone))
        var instants: [Int64] = (0..<3000).map { _ in Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator) }
        for transition in transitions(of: rules) {
            instants += [-3601, -3600, -1800, -1, 0, 1, 1800, 3599, 3600].map { transition + $0 }
        }
        var mismatches: [String] = []
        Glibc236.withTZ(zone) {
            for t in instants {
                let ours = TimeZoneTestFormat.fields(rules.localTime(at: t))
                let theirs = Glibc236.localTime(t).map(TimeZoneTestFormat.fields) ?? "failure"
                if ours != theirs {
                    mismatches.append("TZ='\(zone)' localtime(\(t)): glibc \(theirs), rung \(ours)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(instants.count):\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test("mktime on random and out-of-range fields and around every gap and fold", arguments: differentialZones)
    func makeTime(zone: String) throws {
        let rules = try TimeZoneRules.named(zone)
        var generator = SplitMix64(seed: seed(for: zone) ^ 0xC0FFEE)
        var inputs: [BrokenDownTime] = []
        for _ in 0..<3000 {
            let wild = Int.random(in: 0..<4, using: &generator) == 0
            inputs.append(BrokenDownTime(
                year: Int.random(in: 1900...2100, using: &generator),
                month: wild ? Int.random(in: -14...27, using: &generator) : Int.random(in: 1...12, using: &generator),
                day: wild ? Int.random(in: -40...70, using: &generator) : Int.random(in: 1...28, using: &generator),
                hour: wild ? Int.random(in: -30...50, using: &generator) : Int.random(in: 0...23, using: &generator),
                minute: wild ? Int.random(in: -90...130, using: &generator) : Int.random(in: 0...59, using: &generator),
                second: wild ? Int.random(in: -90...130, using: &generator) : Int.random(in: 0...59, using: &generator),
                isDST: Int.random(in: -1...1, using: &generator)
            ))
        }
        for transition in transitions(of: rules) {
            for base in [transition - 1, transition] {
                let local = rules.localTime(at: base)
                for shift in [-3600, -1800, -60, 0, 1, 900, 1800, 3600] {
                    for isDST in -1...1 {
                        var time = local
                        time.second += shift
                        time.isDST = isDST
                        inputs.append(time)
                    }
                }
            }
        }
        // Both sides start from the offset guess 0 and carry it from call to call.
        Glibc236.resetMakeTimeGuess()
        var guess = 0
        var mismatches: [String] = []
        Glibc236.withTZ(zone) {
            for input in inputs {
                var ours = input
                var theirs = input
                let guessBefore = guess
                let ourSeconds = rules.makeTime(&ours, offsetGuess: &guess)
                let theirSeconds = Glibc236.makeTime(&theirs)
                let ourText = ourSeconds.map { "\($0) \(TimeZoneTestFormat.fields(ours))" } ?? "failure"
                let theirText = theirSeconds.map { "\($0) \(TimeZoneTestFormat.fields(theirs))" } ?? "failure"
                if ourText != theirText {
                    mismatches.append(
                        "TZ='\(zone)' mktime(\(describeInput(input))) guess \(guessBefore): glibc \(theirText), rung \(ourText)"
                    )
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(inputs.count):\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test("makeTime(_:) is mktime in a fresh process", arguments: differentialZones)
    func freshMakeTime(zone: String) throws {
        let rules = try TimeZoneRules.named(zone)
        var mismatches: [String] = []
        for transition in transitions(of: rules).suffix(6) {
            var input = rules.localTime(at: transition - 1)
            input.isDST = -1
            var ours = input
            var theirs = input
            let ourSeconds = rules.makeTime(&ours)
            Glibc236.resetMakeTimeGuess()
            let theirSeconds = Glibc236.withTZ(zone) { Glibc236.makeTime(&theirs) }
            if ourSeconds != theirSeconds || ours != theirs {
                mismatches.append("TZ='\(zone)' fresh mktime(\(describeInput(input))): glibc \(String(describing: theirSeconds)) \(TimeZoneTestFormat.fields(theirs)), rung \(String(describing: ourSeconds)) \(TimeZoneTestFormat.fields(ours))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }
}

/// Every TZif zone under the system zone directory once, without the `posix/` and
/// `right/` copies.
private func allSystemZones() -> [String] {
    let root = TimeZoneRules.defaultZoneDirectory
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var zones: [String] = []
    while let path = walker.nextObject() as? String {
        if path.hasPrefix("posix") || path.hasPrefix("right") { continue }
        // Links repeat a zone under another name.
        if walker.fileAttributes?[.type] as? FileAttributeType == .typeSymbolicLink { continue }
        guard let handle = FileHandle(forReadingAtPath: root + "/" + path) else { continue }
        let magic = try? handle.read(upToCount: 4)
        try? handle.close()
        if magic == Data("TZif".utf8) { zones.append(path) }
    }
    return zones.sorted()
}

extension TimeZoneGlibcDifferentialTests {
    @Test("the system zone is the one glibc picks for the same TZ", arguments: [
        nil, "", ":", ":Europe/Berlin", "Mars/Base", "/usr/share/zoneinfo/Asia/Kolkata", "../zoneinfo/Europe/Berlin",
        "EST5EDT", "<+03>-3",
    ] as [String?])
    func systemZone(tz: String?) {
        var environment = ProcessEnvironment.current
        environment["TZ"] = tz
        environment["TZDIR"] = nil
        let rules = TimeZoneRules.system(environment: environment)
        let times: [Int64] = [-2_000_000_000, 0, 1_774_747_800, 1_792_891_800, 4_000_000_000]
        let theirs = Glibc236.withTZ(tz) { times.map { Glibc236.localTime($0).map(TimeZoneTestFormat.fields) ?? "failure" } }
        for (t, glibc) in zip(times, theirs) {
            #expect(TimeZoneTestFormat.fields(rules.localTime(at: t)) == glibc, "TZ=\(tz ?? "(unset)") localtime(\(t))")
        }
    }

    @Test("a version 1 file is read from its 32-bit data, without a footer")
    func versionOneFile() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/Europe/Berlin")))
        func count(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let v1Length = 44 + count(32) * 5 + count(36) * 6 + count(40) + count(28) * 8 + count(24) + count(20)
        bytes[4] = 0
        bytes.removeSubrange(v1Length...)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rung-tzif1-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("Berlin1").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let rules = try TimeZoneRules.named("Berlin1", zoneDirectory: directory.path)
        var mismatches: [String] = []
        Glibc236.withTZ(path) {
            for t in stride(from: Int64(-2_500_000_000), through: 4_500_000_000, by: 8_640_017) {
                let ours = TimeZoneTestFormat.fields(rules.localTime(at: t))
                let theirs = Glibc236.localTime(t).map(TimeZoneTestFormat.fields) ?? "failure"
                if ours != theirs { mismatches.append("TZ=\(path) localtime(\(t)): glibc \(theirs), rung \(ours)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    @Test("every system zone agrees with glibc around each transition")
    func everySystemZone() throws {
        let zones = allSystemZones()
        #expect(zones.count > 300)
        var mismatches: [String] = []
        var checks = 0
        Glibc236.resetMakeTimeGuess()
        var guess = 0
        for zone in zones {
            let rules = try TimeZoneRules.named(zone)
            if Glibc236.withTZ(zone, { Glibc236.tzname() }) != (rules.standardAbbreviation, rules.daylightAbbreviation ?? rules.standardAbbreviation) {
                mismatches.append("TZ='\(zone)' tzname: glibc \(Glibc236.withTZ(zone, { Glibc236.tzname() })), rung \(rules.standardAbbreviation) \(String(describing: rules.daylightAbbreviation))")
            }
            Glibc236.withTZ(zone) {
                for transition in transitions(of: rules) {
                    for t in [transition - 1, transition] {
                        checks += 1
                        let ours = TimeZoneTestFormat.fields(rules.localTime(at: t))
                        let theirs = Glibc236.localTime(t).map(TimeZoneTestFormat.fields) ?? "failure"
                        if ours != theirs {
                            mismatches.append("TZ='\(zone)' localtime(\(t)): glibc \(theirs), rung \(ours)")
                        }
                        for isDST in -1...1 {
                            for shift in [-1800, 0, 1800] {
                                var input = rules.localTime(at: t)
                                input.second += shift
                                input.isDST = isDST
                                var mine = input
                                var theirsTime = input
                                checks += 1
                                let guessBefore = guess
                                let ourText = rules.makeTime(&mine, offsetGuess: &guess).map { "\($0) \(TimeZoneTestFormat.fields(mine))" } ?? "failure"
                                let theirText = Glibc236.makeTime(&theirsTime).map { "\($0) \(TimeZoneTestFormat.fields(theirsTime))" } ?? "failure"
                                if ourText != theirText {
                                    mismatches.append("TZ='\(zone)' mktime(\(describeInput(input))) guess \(guessBefore): glibc \(theirText), rung \(ourText)")
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(checks) in \(zones.count) zones:\n\(mismatches.prefix(30).joined(separator: "\n"))")
    }
}

import RungCore
import RungTime

extension FuzzTarget {
    /// The config loader, then a day of the plan of whatever config it accepts.
    static let config = FuzzTarget(name: "config") { input throws(FuzzFailure) in
        let check = ConfigLoader.check(text(input), path: "fuzz.toml", now: fuzzNow, systemZone: fuzzZone)
        if check.config == nil, check.errors.isEmpty {
            throw FuzzFailure("no config and no error")
        }
        guard let config = check.config else { return }
        _ = Planner(config: config, systemZone: fuzzZone).occurrences(from: fuzzNow, through: fuzzNow.adding(microseconds: Int64(TimeSpanUnit.day)))
    }
}

/// 2026-03-29 00:30 UTC, the night Europe/Berlin moves to summer time.
let fuzzNow = Instant(seconds: 1_774_744_200)

/// A zone with a daylight-saving change, loaded once.
let fuzzZone: TimeZoneRules = (try? TimeZoneRules.named("Europe/Berlin")) ?? .utc

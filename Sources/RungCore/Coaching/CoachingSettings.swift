import RungTime

/// The thresholds the coaching rules decide by: `[coaching]`, each overridable per ladder
/// in `[ladder.ID]` under the same name. Every one is a *heuristic* (COACHING.md): the
/// research gives the direction, not the exact number, so the person may tune them.
public struct CoachingSettings: Sendable, Equatable {
    /// `climb_after`: successes among the last `climb_window` attempts at a rung before a
    /// climb is proposed. Default 2 (COACHING.md §1, "≥ 2 of the last 3 attempts").
    public var climbAfter = 2
    /// `climb_window`: how many of the latest attempts at a rung the climb rule looks at. Default 3.
    public var climbWindow = 3
    /// `climb_confidence`: the latest confidence (0–100) for the next rung a climb needs.
    /// Default 60 (COACHING.md §1).
    public var climbConfidence = 60
    /// `calm_distress`: two recent attempts with distress at or under this (0–100) also
    /// justify a climb — "bored means not scared" (COACHING.md §1). Default 20.
    public var calmDistress = 20
    /// `step_back_after`: missed attempts in a row at a rung before a step back is proposed.
    /// Default 2 (COACHING.md §1).
    public var stepBackAfter = 2
    /// `step_back_confidence`: confidence (0–100) for the current rung under which a step
    /// back is proposed. Default 40 (COACHING.md §1).
    public var stepBackConfidence = 40
    /// `rung_gap`: the largest difference in confidence between neighbouring rungs before
    /// a rung between them is suggested. Default 15 points (exposure hierarchies keep steps
    /// 10–15 points apart, COACHING.md §1).
    public var rungGap = 15
    /// `medium_successes`: successes at medium stakes or above a ladder needs before a
    /// high-stakes attempt on it. Default 2 (Bandura 1977, COACHING.md §2).
    public var mediumSuccesses = 2
    /// `calibration_after`: attempts with a prediction before calibration is reported.
    /// Default 10 (COACHING.md, "Calibration feedback").
    public var calibrationAfter = 10
    /// `calibration_band`: how far, in points of 100, the mean prediction may stray from the
    /// mean outcome before Rung says so (under: show the hit rate; over: lean to holding).
    /// Default 15, i.e. a bias of ±0.15 (COACHING.md, "Calibration feedback").
    public var calibrationBand = 15
    /// `own_attempt_within`: after watching a peer, how soon the person's own attempt is
    /// proposed. Default 7 days (COACHING.md §5, "watching never replaces doing").
    public var ownAttemptWithin = TimeSpan(microseconds: 7 * 24 * TimeSpanUnit.hour)

    public init() {}

    /// The bias band as a fraction of 1, as `Calibration.bias` is.
    public var biasBand: Double { Double(calibrationBand) / 100 }

    /// One key of `[coaching]`: its name, the range it accepts and where it is stored.
    public struct IntegerKey: Sendable {
        public let name: String
        public let range: ClosedRange<Int>
        public let keyPath: WritableKeyPath<CoachingSettings, Int> & Sendable
    }

    /// The integer keys, in the order the README lists them (`own_attempt_within` is a time span).
    public static let integerKeys: [IntegerKey] = [
        IntegerKey(name: "climb_after", range: 1...1000, keyPath: \.climbAfter),
        IntegerKey(name: "climb_window", range: 1...1000, keyPath: \.climbWindow),
        IntegerKey(name: "climb_confidence", range: 0...100, keyPath: \.climbConfidence),
        IntegerKey(name: "calm_distress", range: 0...100, keyPath: \.calmDistress),
        IntegerKey(name: "step_back_after", range: 1...1000, keyPath: \.stepBackAfter),
        IntegerKey(name: "step_back_confidence", range: 0...100, keyPath: \.stepBackConfidence),
        IntegerKey(name: "rung_gap", range: 1...100, keyPath: \.rungGap),
        IntegerKey(name: "medium_successes", range: 0...1000, keyPath: \.mediumSuccesses),
        IntegerKey(name: "calibration_after", range: 1...10000, keyPath: \.calibrationAfter),
        IntegerKey(name: "calibration_band", range: 1...100, keyPath: \.calibrationBand),
    ]

    /// Every key `[coaching]` and a ladder's table accept for these settings.
    public static let keyNames = integerKeys.map(\.name) + ["own_attempt_within"]
}

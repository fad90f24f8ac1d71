/// How well the person's predictions matched what happened (COACHING.md, Measures and
/// "Calibration feedback"): over the attempts that had a prediction, the Brier score
/// mean((confidence/100 − outcome)²) — always answering 50 scores 0.25 — and the bias
/// mean(confidence/100) − mean(outcome), with partial counting 0.5.
public struct Calibration: Sendable, Hashable {
    /// Attempts with a prediction the figures are computed from.
    public var attempts: Int
    public var brierScore: Double
    /// Positive: the person predicted more than happened; negative: less.
    public var bias: Double
    /// The mean prediction, 0–100.
    public var meanPredicted: Double
    /// The attempts that succeeded (partials not counted).
    public var successes: Int

    /// What the bias says about the person's predictions, against `band`.
    public enum Tendency: String, Sendable, Hashable {
        case underPredicts = "under-predicts"
        case overPredicts = "over-predicts"
        case calibrated
    }

    /// The figures over `attempts`, or nil when fewer than `minimum` of them had a
    /// prediction (too few to say anything fair).
    public init?(_ attempts: [LadderRecord.Attempt], minimum: Int) {
        let pairs = attempts.compactMap { attempt in attempt.predicted.map { (Double($0) / 100, attempt.outcome) } }
        guard pairs.count >= max(minimum, 1) else { return nil }
        let count = Double(pairs.count)
        self.attempts = pairs.count
        brierScore = pairs.map { ($0.0 - $0.1.score) * ($0.0 - $0.1.score) }.reduce(0, +) / count
        let meanConfidence = pairs.map(\.0).reduce(0, +) / count
        bias = meanConfidence - pairs.map(\.1.score).reduce(0, +) / count
        meanPredicted = meanConfidence * 100
        successes = pairs.filter { $0.1 == .success }.count
    }

    /// Under-predicting when the bias is below −`band`, over-predicting above +`band`
    /// (a bias exactly on the band, up to rounding, is within it).
    public func tendency(band: Double) -> Tendency {
        let rounding = 1e-9
        if bias < -band - rounding { return .underPredicts }
        if bias > band + rounding { return .overPredicts }
        return .calibrated
    }

    /// The hit rate in the person's terms: "you predicted 40 % on average and succeeded 8 of 10".
    public var hitRate: String {
        "you predicted \(Int(meanPredicted.rounded())) % on average and succeeded \(successes) of \(attempts)"
    }

    /// One line for `rungctl ladder` and `status`: the figures and what they mean, in words.
    public func summary(band: Double) -> String {
        let figures = "Brier \(Self.twoDecimals(brierScore)), bias \(bias >= 0 ? "+" : "−")\(Self.twoDecimals(abs(bias))) over \(attempts) predicted attempts"
        switch tendency(band: band) {
        case .underPredicts: return "\(figures): you tend to under-predict — \(hitRate)"
        case .overPredicts: return "\(figures): you tend to predict more than happens — \(hitRate)"
        case .calibrated: return "\(figures): your predictions match what happens"
        }
    }

    /// The calibration of `attempts` in words under `settings`: the figures and what they
    /// mean, or, while too few attempts had a prediction, how many it still needs.
    public static func words(_ attempts: [LadderRecord.Attempt], settings: CoachingSettings) -> String {
        words(Calibration(attempts, minimum: settings.calibrationAfter), predicted: attempts.count { $0.predicted != nil }, settings: settings)
    }

    /// `calibration`, made under `settings` from attempts of which `predicted` had a
    /// prediction, in words.
    public static func words(_ calibration: Calibration?, predicted: Int, settings: CoachingSettings) -> String {
        calibration?.summary(band: settings.biasBand) ?? "\(predicted) of the \(settings.calibrationAfter) predicted attempts it needs"
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

import RungTime

/// When a prediction may be made, and for which attempt. A prediction is how sure the
/// person is, 0–100 on Bandura's scale, that they can do one attempt (COACHING.md "Measures"). An attempt is one start of a performance,
/// so a prediction belongs to that start; once the attempt has begun, a prediction would
/// be hindsight and calibration (Brier score, bias) would mean nothing.
public enum PredictionRule {
    /// The confidence a prediction records. Any whole number is taken, not only multiples
    /// of 10: the scale is read in steps of 10 (COACHING.md "Measures"), but refusing a
    /// "75" would only make the person retype it, and the Brier score takes any value.
    public static let confidenceScale = 0...100

    /// Why a prediction cannot be made.
    public enum Refusal: Error, Hashable, Sendable {
        /// The config names no performance with this id.
        case unknownPerformance(String)
        /// The attempt began at this instant: too late to predict it.
        case attemptStarted(Instant)
        /// The performance has no start after now (a recurring one that ends, or a civil
        /// time that does not exist in its zone).
        case noUpcomingAttempt(performance: String)
        /// The confidence is not on the scale.
        case confidenceOutOfRange(Int)

        /// The refusal for a person, instants read in `zone`.
        public func message(in zone: TimeZoneRules) -> String {
            switch self {
            case .unknownPerformance(let id):
                "unknown performance '\(id)'; the config names each one as [performance.ID]"
            case .attemptStarted(let start):
                "this attempt started at \(TimestampFormat.systemd(start, in: zone)); a prediction is made before an attempt, so record how it went in the debrief instead"
            case .noUpcomingAttempt(let id):
                "'\(id)' has no attempt after now to predict"
            case .confidenceOutOfRange(let value):
                "\(value) is not on the scale; answer 0 (cannot do at all) to 100 (highly certain I can)"
            }
        }
    }

    /// What recording a prediction does.
    public enum Write: Hashable, Sendable {
        /// The first prediction for this attempt.
        case record
        /// Replaces the earlier prediction for this attempt: the person may change their mind
        /// until it starts.
        case replace
    }

    /// Whether a prediction for the attempt starting at `start` can be written at `now`, and
    /// whether it replaces one (`hasPrediction`). From the start on (`now >= start`, as the
    /// outbox counts a performance begun), it is refused.
    public static func write(forAttemptStartingAt start: Instant, at now: Instant, hasPrediction: Bool) -> Result<Write, Refusal> {
        guard now < start else { return .failure(.attemptStarted(start)) }
        return .success(hasPrediction ? .replace : .record)
    }

    /// `confidence` when it is on the scale.
    public static func checked(confidence: Int) -> Result<Int, Refusal> {
        confidenceScale.contains(confidence) ? .success(confidence) : .failure(.confidenceOutOfRange(confidence))
    }
}

extension Planner {
    /// The start of the attempt a prediction for `performanceID` made at `now` is about: a
    /// one-time performance's own start, refused once it has begun; for a recurring one,
    /// the next start after `now`. Starts are read as the plan reads them (the config's zone,
    /// a performance's own zone), so the prediction and the prompts name the same attempt.
    public func attemptToPredict(_ performanceID: String, at now: Instant) -> Result<Instant, PredictionRule.Refusal> {
        guard let performance = config.performances.first(where: { $0.id == performanceID }) else {
            return .failure(.unknownPerformance(performanceID))
        }
        switch PromptSeries.Anchors(startsOf: performance, in: zone) {
        case .once(nil):
            return .failure(.noUpcomingAttempt(performance: performanceID))
        case .once(let start?):
            return now < start ? .success(start) : .failure(.attemptStarted(start))
        case .recurring(let spec, let zone):
            guard let start = spec.nextElapse(after: now, in: zone) else {
                return .failure(.noUpcomingAttempt(performance: performanceID))
            }
            return .success(start)
        }
    }
}

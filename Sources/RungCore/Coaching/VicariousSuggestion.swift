/// Whether the vicarious prompt (watch a peer do it) is worth sending before an attempt
/// (COACHING.md §5: when a rung has no attempts yet, or confidence for it is below 50).
/// Once the person's own attempts have made them fairly sure, watching adds little and the
/// prompt would be noise.
public enum VicariousSuggestion {
    /// Confidence for the rung below which watching a peer is suggested
    /// (*heuristic*: COACHING.md §5, "SE … < 50").
    public static let confidenceBelow = 50

    /// Send the prompt, or skip it with a reason `rungctl upcoming` can show.
    public enum Decision: Hashable, Sendable {
        case send
        case skip(reason: String)
    }

    /// The decision for a rung the person has attempted `attempts` times, whose latest
    /// recorded confidence (0–100) is `latestConfidence`. With attempts but no confidence
    /// recorded the prompt is sent: nothing shows the person is sure yet, and sending is
    /// what Rung did before it knew.
    public static func decide(attempts: Int, latestConfidence: Int?) -> Decision {
        guard attempts > 0, let confidence = latestConfidence, confidence >= confidenceBelow else { return .send }
        return .skip(reason: "skipped: your last confidence for this rung was \(confidence) (watching a peer helps most under \(confidenceBelow))")
    }
}

/// How long the person's own words may be where Rung keeps them and may quote them back in
/// a prompt: evidence, feedback, debrief answers, a prediction's fear. The limits are
/// generous for what a person types and stop a pasted file from becoming an entry. Lengths
/// count characters as Unicode code points, so a limit also bounds what is stored.
public enum TextLimits {
    /// What happened, in a sentence or a short paragraph: an evidence entry's or feedback's
    /// text, a debrief's answer, what a person fears.
    public static let text = 2_000
    /// The detail that makes an entry evidence: room for a longer account.
    public static let detail = 10_000

    /// Why `value` is refused, naming `field`, the limit and the length given; nil when it fits.
    public static func problem(_ value: String, field: String, limit: Int) -> String? {
        let length = value.unicodeScalars.count
        guard length > limit else { return nil }
        return "\(field) is \(length) characters long; at most \(limit) are allowed"
    }
}

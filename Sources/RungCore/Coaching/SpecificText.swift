/// Whether a "what happened" text is specific enough to be evidence (COACHING.md §3: an
/// entry names something a camera could have recorded). "Went fine" is not: it says how
/// the person judged the attempt, not what they did, and a later reframe cannot quote it
/// as proof of anything.
public enum SpecificText {
    /// A text of fewer words than this is too vague to be evidence; "gave the update
    /// standing" is the shortest kind of camera detail (*heuristic*: COACHING.md §3 names no
    /// length).
    public static let minimumWords = 4

    /// Words that only judge how it went (COACHING.md §3, "went fine"). A text made only of
    /// these and `fillerWords` says nothing a camera could have recorded.
    public static let evaluationWords: Set<String> = [
        "fine", "ok", "okay", "good", "well", "went", "great", "alright", "bad", "not", "so", "nice",
        "decent", "better", "worse", "fun", "awful", "terrible", "meh", "solid", "right",
    ]

    /// Words that carry no event of their own ("it was pretty much fine, I think").
    public static let fillerWords: Set<String> = [
        "it", "it's", "was", "is", "i", "i'm", "think", "guess", "really", "very", "pretty", "quite", "rather",
        "all", "in", "overall", "mostly", "fairly", "kind", "sort", "of", "just", "honestly", "actually",
        "everything", "things", "that", "this", "and", "but", "a", "the", "much", "too", "more", "or", "less",
    ]

    /// The one follow-up for a vague text: it asks for something a camera could have recorded.
    public static let followUp =
        "What would a camera have recorded? One thing you said or did, e.g. 'answered the second question without looking at my notes'."

    /// Whether `text` is too vague to be evidence: fewer than `minimumWords` words, or only
    /// words that judge how it went.
    public static func isVague(_ text: String) -> Bool {
        let words = Words.of(text)
        return words.count < minimumWords || words.allSatisfy { evaluationWords.contains($0) || fillerWords.contains($0) }
    }

    /// Whether to keep `text` or ask `followUp` first. After the follow-up was asked
    /// (`followUpAsked`) the answer is always `.accept`: a vague entry gets exactly one
    /// follow-up question (COACHING.md §3).
    public static func review(_ text: String, followUpAsked: Bool) -> TextReview {
        followUpAsked || !isVague(text) ? .accept : .askOnce(followUp)
    }
}

/// What to do with a text a person gave as evidence or feedback: keep it, or ask one
/// question first.
///
/// COACHING.md §3 and §7 allow exactly one follow-up: asking again would be nagging. So the
/// rules that return this take whether the follow-up was already asked, and once it was
/// they always answer `.accept`; the caller keeps whatever came back (and can mark it
/// unspecific with the same rule's `is…` check).
public enum TextReview: Hashable, Sendable {
    /// The text can be kept as it is.
    case accept
    /// Ask this question, once, then keep the answer whatever it is.
    case askOnce(String)
}

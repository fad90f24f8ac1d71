import RungTime

/// What a person may answer to a prompt, and from when: the one rule rungd and rungctl
/// both apply, whichever way the answer comes.
///
/// An answer is one of the prompt's own buttons (a reframe offers done, snooze and skip, a
/// debrief success, partial and miss, a check-in climb, hold and step back), or `snooze`,
/// which postpones any prompt rather than answering it; free words are a note, which any
/// prompt takes. A debrief or an affirmation asks about a performance, so it takes
/// nothing, not even a snooze, before that performance has ended. Only a reframe takes a
/// rating, its 0–10 "did this help?" (COACHING.md §6).
public enum AnswerRule {
    /// The answer that postpones a prompt instead of answering it.
    public static let snooze = "snooze"

    /// Why an answer is refused.
    public enum Refusal: Error, Hashable, Sendable {
        /// `answer` is not one of the prompt's answers, which are `offered`.
        case notOffered(answer: String, offered: [String])
        /// The prompt asks about a performance that ends at `endsAt`, after now.
        case tooEarly(kind: PromptKind, endsAt: Instant)
        /// A prompt of `kind` asks no "did this help?": only a reframe takes a rating.
        case ratingNotAsked(kind: PromptKind)
        /// `rating` is off the 0–10 scale.
        case ratingOffScale(rating: Int)
    }

    /// The scale of the reframe's "did this help?", 0 not at all to 10 very much.
    public static let ratingScale = 0...10

    /// Whether a prompt of `kind` asks how much it helped: the reframe does, afterwards
    /// (COACHING.md §6); the others ask for an outcome, a move or nothing more.
    public static func asksRating(_ kind: PromptKind) -> Bool { kind == .reframe }

    /// Why `rating` cannot be given to a prompt of `kind`, or nil when it can.
    public static func check(rating: Int, for kind: PromptKind) -> Refusal? {
        guard asksRating(kind) else { return .ratingNotAsked(kind: kind) }
        return ratingScale.contains(rating) ? nil : .ratingOffScale(rating: rating)
    }

    /// The answers `occurrence` offers under `config`: the ids of its buttons, in order.
    public static func offered(by occurrence: Occurrence, config: Config) -> [String] {
        PromptText.render(occurrence, config: config).actions.map(\.id)
    }

    /// When the performance a debrief or affirmation asks about ends; nil for the other
    /// kinds, and when the config no longer names the performance.
    public static func performanceEnd(of occurrence: Occurrence, config: Config) -> Instant? {
        guard occurrence.kind == .debrief || occurrence.kind == .affirmation,
            let start = occurrence.performanceStart, case .performance(let id) = occurrence.subject,
            let performance = config.performances.first(where: { $0.id == id })
        else { return nil }
        return start.adding(microseconds: Int64(clamping: performance.duration.microseconds))
    }

    /// Why `answer` (nil: a note alone) cannot be given to `occurrence` at `now`, or nil
    /// when it can.
    public static func check(_ answer: String?, to occurrence: Occurrence, config: Config, at now: Instant) -> Refusal? {
        if let end = performanceEnd(of: occurrence, config: config), now < end {
            return .tooEarly(kind: occurrence.kind, endsAt: end)
        }
        if let answer, answer != snooze {
            let offered = offered(by: occurrence, config: config)
            if !offered.contains(answer) { return .notOffered(answer: answer, offered: offered) }
        }
        return nil
    }
}

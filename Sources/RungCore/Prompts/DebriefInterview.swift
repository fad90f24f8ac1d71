/// The debrief asked one question at a time, as `rungctl debrief` asks it at a terminal:
/// the questions in `DebriefQuestions` order, skipping those already answered (by flags),
/// each with its default; a refused answer asks the same question again, and a vague
/// "what happened" gets its one follow-up (`SpecificText.review`). It keeps no I/O of its
/// own, so the order and the rules can be checked without a terminal.
public struct DebriefInterview: Sendable {
    /// What to ask next.
    public enum Ask: Hashable, Sendable {
        /// A question, with the answer an empty line keeps (nil: none).
        case question(DebriefQuestion, default: String?)
        /// The one follow-up to a vague "what happened".
        case followUp(String)
    }

    /// The answers so far, by question.
    public private(set) var answers: [DebriefQuestion.ID: DebriefAnswer]
    private let defaults: [DebriefQuestion.ID: String]
    private var remaining: [DebriefQuestion]
    private var followUpPending = false

    /// An interview with `given` answered already and `defaults` offered for the rest:
    /// what was planned, from the prediction, and the outcome a button gave.
    public init(given: [DebriefQuestion.ID: DebriefAnswer] = [:], defaults: [DebriefQuestion.ID: String] = [:]) {
        answers = given
        self.defaults = defaults.filter { !$0.value.allSatisfy(\.isWhitespace) }
        remaining = DebriefQuestions.all.filter { given[$0.id] == nil }
        if case .text(let happened)? = given[.happened], case .askOnce = SpecificText.review(happened, followUpAsked: false) {
            followUpPending = true
        }
    }

    /// What to ask next; nil when every question was asked.
    public var next: Ask? {
        if followUpPending { return .followUp(SpecificText.followUp) }
        return remaining.first.map { .question($0, default: defaults[$0.id]) }
    }

    /// Takes `raw` as the answer to `next`; returns why it was refused (the same question
    /// is then asked again), or nil when it was taken. An empty line keeps the default. The
    /// follow-up's answer is added to what happened; an empty one keeps it as it was.
    public mutating func answer(_ raw: String) -> DebriefQuestions.Refusal? {
        if followUpPending {
            followUpPending = false
            let instance = raw.trimmingWhitespace()
            if !instance.isEmpty, case .text(let happened)? = answers[.happened] {
                answers[.happened] = .text(happened + "; " + instance)
            }
            return nil
        }
        guard let question = remaining.first else { return nil }
        let defaulted = raw.allSatisfy(\.isWhitespace) && !question.takesCallerDefault ? defaults[question.id] ?? raw : raw
        switch DebriefQuestions.answer(defaulted, to: question, callerDefault: defaults[question.id]) {
        case .failure(let refusal):
            return refusal
        case .success(let answer):
            remaining.removeFirst()
            answers[question.id] = answer
            if question.id == .happened, case .text(let happened)? = answer,
                case .askOnce = SpecificText.review(happened, followUpAsked: false) {
                followUpPending = true
            }
            return nil
        }
    }

    /// `given` with each question it leaves open answered by its default, when it has
    /// one that reads as an answer: a debrief given by flags, with nobody to ask.
    public static func withDefaults(
        _ given: [DebriefQuestion.ID: DebriefAnswer], defaults: [DebriefQuestion.ID: String]
    ) -> [DebriefQuestion.ID: DebriefAnswer] {
        var answers = given
        for question in DebriefQuestions.all where answers[question.id] == nil {
            if let value = defaults[question.id], case .success(let answer?) = DebriefQuestions.answer(value, to: question) {
                answers[question.id] = answer
            }
        }
        return answers
    }

    /// The required questions `answers` leaves open, in question order.
    public static func missing(in answers: [DebriefQuestion.ID: DebriefAnswer]) -> [DebriefQuestion.ID] {
        DebriefQuestions.all.filter { $0.isRequired && answers[$0.id] == nil }.map(\.id)
    }
}

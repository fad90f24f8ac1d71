/// One question of the debrief, with what a good answer looks like and how it is read.
public struct DebriefQuestion: Hashable, Sendable {
    /// Which question; the raw value is the name a command line flag or a stored field uses.
    public enum ID: String, Hashable, Sendable, CaseIterable {
        case outcome, planned, happened, why, keep, change, confidence
        case fearedHappened = "feared-happened"
        case distress
    }

    /// What kind of answer the question takes.
    public enum AnswerType: Hashable, Sendable {
        /// One of these words (or its first letter).
        case choice([String])
        /// Free words.
        case text
        /// A whole number from 0 to 100.
        case scale
        /// Yes or no.
        case yesNo
    }

    public var id: ID
    /// The question as the person reads it.
    public var text: String
    /// One line on what a good answer looks like, shown beside the question.
    public var hint: String
    /// Whether the debrief cannot be recorded without it; the others may be left empty.
    public var isRequired: Bool
    /// Whether the caller pre-fills the answer: what was planned comes from the prediction
    /// made before the attempt (COACHING.md §4), which only the caller's store knows.
    public var takesCallerDefault: Bool
    public var answerType: AnswerType
}

/// An answer to a debrief question, read and checked.
public enum DebriefAnswer: Hashable, Sendable {
    case choice(String)
    case text(String)
    case scale(Int)
    case yesNo(Bool)
}

/// The debrief's questions, in After Action Review order (COACHING.md §4): what was
/// planned, what happened, why, one thing to keep, one to change, confidence for the next
/// attempt; then whether the feared outcome happened (expectancy violation, §1) and the
/// distress felt (logged, never a gate). Structured debriefs improve performance by about
/// 25 % (Tannenbaum & Cerasoli 2013); this is the one place their wording lives, so the
/// prompt, the command and their tests cannot drift apart. The outcome comes first: it is
/// the one answer a notification button can give.
public enum DebriefQuestions {
    /// The outcomes a debrief records, as `rungctl` and the prompt's buttons name them.
    public static let outcomes = ["success", "partial", "miss"]

    public static let all: [DebriefQuestion] = [
        DebriefQuestion(
            id: .outcome, text: "How did it go: success, partial or miss?",
            hint: "success: done as this rung defines it; partial: part of it; miss: not this time.",
            isRequired: true, takesCallerDefault: false, answerType: .choice(outcomes)),
        DebriefQuestion(
            id: .planned, text: "What did you plan to do?",
            hint: "The task as you set it, e.g. 'give the 3-minute update without notes'.",
            isRequired: false, takesCallerDefault: true, answerType: .text),
        DebriefQuestion(
            id: .happened, text: "What happened? Just the facts a camera could have recorded.",
            hint: "e.g. 'answered two questions, looked at my notes once'.",
            isRequired: true, takesCallerDefault: false, answerType: .text),
        DebriefQuestion(
            id: .why, text: "Why did it go that way? What was in your control?",
            hint: "A cause you can act on, e.g. 'I rehearsed the opening twice'.",
            isRequired: false, takesCallerDefault: false, answerType: .text),
        DebriefQuestion(
            id: .keep, text: "One thing to keep doing?",
            hint: "An action, e.g. 'pause before answering'.",
            isRequired: false, takesCallerDefault: false, answerType: .text),
        DebriefQuestion(
            id: .change, text: "One thing to change next time?",
            hint: "An action you can take, e.g. 'open with the number'; you will see it again before the next attempt.",
            isRequired: false, takesCallerDefault: false, answerType: .text),
        DebriefQuestion(
            id: .confidence, text: "How sure are you, 0–100, that you can do this rung next time?",
            hint: "0 cannot do at all, 50 moderately certain I can, 100 highly certain I can.",
            isRequired: true, takesCallerDefault: false, answerType: .scale),
        DebriefQuestion(
            id: .fearedHappened, text: "Did what you feared happen?",
            hint: "Yes or no; either answer is worth knowing.",
            isRequired: false, takesCallerDefault: false, answerType: .yesNo),
        DebriefQuestion(
            id: .distress, text: "How tense did you feel, 0–100?",
            hint: "0 calm, 100 the most tense you can imagine; it is only logged, it never holds you back.",
            isRequired: false, takesCallerDefault: false, answerType: .scale),
    ]

    /// The question with this id.
    public static func question(_ id: DebriefQuestion.ID) -> DebriefQuestion {
        all.first { $0.id == id }!
    }

    /// Why an answer is refused; `description` is the sentence to show before asking again.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `raw` read as an answer to `question`, surrounding whitespace ignored. An empty
    /// answer takes `callerDefault` (for a question that takes one), else is nil for an
    /// optional question and refused for a required one.
    public static func answer(_ raw: String, to question: DebriefQuestion, callerDefault: String? = nil) -> Result<DebriefAnswer?, Refusal> {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            if question.takesCallerDefault, let callerDefault, !callerDefault.trimmingWhitespace().isEmpty {
                return .success(.text(callerDefault.trimmingWhitespace()))
            }
            return question.isRequired ? .failure(Refusal(description: "this one needs an answer: \(question.hint)")) : .success(nil)
        }
        let lowered = trimmed.lowercased()
        switch question.answerType {
        case .text:
            return .success(.text(trimmed))
        case .choice(let choices):
            guard let choice = choices.first(where: { $0 == lowered || String($0.prefix(1)) == lowered }) else {
                return .failure(Refusal(description: "'\(trimmed)' is not one of: \(choices.joined(separator: ", "))"))
            }
            return .success(.choice(choice))
        case .scale:
            guard let value = Int(trimmed) else {
                return .failure(Refusal(description: "'\(trimmed)' is not a whole number; answer 0 to 100"))
            }
            guard (0...100).contains(value) else {
                return .failure(Refusal(description: "\(value) is out of range; answer 0 to 100 (\(question.hint))"))
            }
            return .success(.scale(value))
        case .yesNo:
            switch lowered {
            case "yes", "y": return .success(.yesNo(true))
            case "no", "n": return .success(.yesNo(false))
            default: return .failure(Refusal(description: "'\(trimmed)' is not yes or no; answer yes (y) or no (n)"))
            }
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

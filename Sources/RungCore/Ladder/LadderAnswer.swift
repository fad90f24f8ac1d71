/// What answering a check-in does to its ladder: the answer (climb, hold or step back)
/// moves the ladder, whichever route the answer took, in the same write as the answer.
///
/// A button cannot show an error, so an answer the ladder cannot follow is never refused:
/// a climb at the top rung, or a step back at the first, records a hold that says so.
public struct LadderAnswer: Hashable, Sendable {
    /// The reason a move made by answering a check-in is recorded with.
    public static let reason = "answered the check-in"

    public var ladder: String
    public var step: LadderStep
    /// How many rungs the ladder has under the config the answer was checked by.
    public var rungCount: Int

    public init(ladder: String, step: LadderStep, rungCount: Int) {
        self.ladder = ladder
        self.step = step
        self.rungCount = rungCount
    }

    /// The move `answer` to a `kind` prompt about `subject` makes under `config`: nil
    /// unless it is a check-in's climb, hold or step back on a ladder the config names.
    public init?(answering answer: String?, kind: PromptKind, subject: PlanSubject, config: Config) {
        guard kind == .checkIn, case .ladder(let id) = subject, let ladder = config.ladder(id), !ladder.rungs.isEmpty,
            let answer, let step = LadderStep(rawValue: answer)
        else { return nil }
        self.init(ladder: id, step: step, rungCount: ladder.rungs.count)
    }

    /// The step recorded, the rung it leads to and why, from rung `current`. A climb from
    /// the top rung or a step back from the first holds instead; a ladder the config
    /// shortened below `current` steps back onto its top rung.
    public func move(from current: Int) -> (step: LadderStep, rung: Int, reason: String) {
        switch step {
        case .climb where current >= rungCount:
            (.hold, current, "answered climb at the top rung")
        case .climb:
            (.climb, current + 1, Self.reason)
        case .hold:
            (.hold, current, Self.reason)
        case .stepBack where current <= 1:
            (.hold, current, "answered step back at the first rung")
        case .stepBack:
            (.stepBack, min(current - 1, rungCount), Self.reason)
        }
    }
}

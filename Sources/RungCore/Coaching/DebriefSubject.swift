/// What a debrief of a performance is filed under, so that the ladder view, the reframe's
/// quotes and the ladder rules find it: the ladder's id as its skill (the performance's own
/// id when it is on no ladder) and the rung it was an attempt at.
public struct DebriefSubject: Hashable, Sendable {
    public var performance: String
    public var skill: String
    /// The rung from 1 that the performance names; nil when it names none or follows its
    /// ladder (then `followedLadder` says whose current rung it is).
    public var rung: Int?
    /// The ladder whose current rung the performance takes (`rung = "current"`).
    public var followedLadder: String?

    /// The subject of a debrief of performance `id` under `config`; nil when the config
    /// does not name it.
    public init?(performance id: String, config: Config) {
        guard let performance = config.performances.first(where: { $0.id == id }) else { return nil }
        self.performance = id
        skill = performance.ladder ?? id
        rung = performance.rung.map { $0 + 1 }
        followedLadder = performance.followsLadder ? performance.ladder : nil
    }

    /// The outcome a debrief prompt's button (or the same answer through `rungctl respond`
    /// or a hook) gives: the answer itself when it is one of `DebriefQuestions.outcomes`,
    /// nil for any other answer or prompt.
    public static func outcome(answering answer: String?, kind: PromptKind) -> String? {
        guard kind == .debrief, let answer, DebriefQuestions.outcomes.contains(answer) else { return nil }
        return answer
    }
}

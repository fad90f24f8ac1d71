/// The words of one prompt, written from the person's own practice: the performance,
/// the rung, the peer, the observer and their own evidence (COACHING.md: never generic).
public struct PromptText: Hashable, Sendable {
    /// One way to answer, as a button label and the answer it records.
    public struct Action: Hashable, Sendable {
        public var id: String
        public var label: String

        public init(_ id: String, _ label: String) {
            self.id = id
            self.label = label
        }
    }

    public var title: String
    public var body: String
    public var actions: [Action]

    /// Answers every prompt accepts besides its own: done, a short snooze, skip.
    public static let commonActions = [Action("done", "Done"), Action("snooze", "Snooze 15 min"), Action("skip", "Skip")]

    /// The vicarious prompt's own answer: the person watched the peer (COACHING.md §5),
    /// recorded like any other answer.
    public static let watchedAction = Action("watched", "Watched")

    /// What the person's own record adds to a prompt: a few evidence entries to quote (most
    /// relevant first), the one thing they said they would change last time, and the rung
    /// (from 1) the performance's ladder is on, for a performance that follows it (nil: a
    /// ladder not yet started, which stands on rung 1).
    public struct Context: Hashable, Sendable {
        public var evidence: [String]
        public var lastChange: String?
        public var currentRung: Int?

        public init(evidence: [String] = [], lastChange: String? = nil, currentRung: Int? = nil) {
            self.evidence = evidence
            self.lastChange = lastChange
            self.currentRung = currentRung
        }
    }

    /// The text of `occurrence` under `config`.
    public static func render(_ occurrence: Occurrence, config: Config, context: Context = Context()) -> PromptText {
        switch occurrence.subject {
        case .performance(let id):
            guard let performance = config.performances.first(where: { $0.id == id }) else {
                return PromptText(title: "Rung: \(occurrence.kind.rawValue)", body: "A prompt for '\(id)', which the config no longer names.", actions: commonActions)
            }
            return render(occurrence, performance: performance, config: config, context: context)
        case .ladder(let id):
            guard let ladder = config.ladder(id) else {
                return PromptText(title: "Rung: check-in", body: "A check-in for '\(id)', which the config no longer names.", actions: commonActions)
            }
            return checkIn(ladder: ladder)
        }
    }

    static func render(_ occurrence: Occurrence, performance: Performance, config: Config, context: Context) -> PromptText {
        let title = performance.title
        let rung = rungDescription(of: performance, config: config, currentRung: context.currentRung)
        switch occurrence.kind {
        case .vicarious:
            let peer = performance.peer ?? "someone at about your level"
            return PromptText(
                title: "Watch \(peer) do it: \(title)",
                body: """
                    Before \(title)\(rung), watch \(peer) do something like it — ideally a time \
                    they struggled and recovered, not a flawless run. Notice one thing they did \
                    that you could do too. Then plan your own attempt within the week: watching \
                    prepares you, doing is what counts.
                    """,
                actions: [watchedAction] + commonActions)
        case .reframe:
            var lines = [
                "\(title) starts soon. A fast heartbeat and sharp focus are your body getting ready to meet the demand; they don't need calming.",
                "Try saying \"I'm excited\" out loud, once.",
            ]
            if !context.evidence.isEmpty {
                lines.append("Your own evidence:\n" + context.evidence.prefix(2).map { "• \($0)" }.joined(separator: "\n"))
            }
            if let change = context.lastChange, !change.isEmpty {
                lines.append("Last time you chose to change: \(change)")
            }
            lines.append("Afterwards: did this help, 0–10?")
            return PromptText(title: "Ready for \(title)", body: lines.joined(separator: "\n\n"), actions: commonActions)
        case .debrief:
            let again = occurrence.isRenudge ? " (a last reminder while it is fresh)" : ""
            return PromptText(
                title: "Debrief: \(title)\(again)",
                body: """
                    While it is fresh: what did you plan, and what actually happened (just the \
                    facts)? Why did it go that way — what was in your control? Name one thing \
                    to keep and one thing to change next time. How sure are you, 0–100, that \
                    you can do it next time? Did what you feared happen?
                    """,
                actions: [Action("success", "Success"), Action("partial", "Partial"), Action("miss", "Miss")])
        case .affirmation:
            let observer = performance.observer ?? "someone who saw it"
            return PromptText(
                title: "Ask \(observer) about \(title)",
                body: """
                    Ask \(observer) for one specific thing you did in \(title), the effect it \
                    had, and one thing to try next time. If the answer is only \"you were \
                    great\", ask for an instance. Record it as evidence with \
                    `rungctl evidence add`.
                    """,
                actions: commonActions)
        case .checkIn:
            return PromptText(title: "Check-in: \(title)", body: "How is it going?", actions: checkInActions)
        }
    }

    static let checkInActions = [Action("climb", "Climb"), Action("hold", "Hold"), Action("step_back", "Step back")]

    static func checkIn(ladder: Ladder) -> PromptText {
        PromptText(
            title: "Check-in: \(ladder.skill)",
            body: """
                Time to look at your \(ladder.skill) ladder. Over the last attempts, did you \
                succeed, and did what you feared happen? Climb to the next rung, hold where you \
                are, or step back to an in-between rung — each is a good move.
                """,
            actions: checkInActions)
    }

    static func rungDescription(of performance: Performance, config: Config, currentRung: Int?) -> String {
        let followed = performance.followsLadder ? (currentRung ?? 1) - 1 : nil
        guard let ladderID = performance.ladder, let ladder = config.ladder(ladderID),
              let index = followed ?? performance.rung, ladder.rungs.indices.contains(index)
        else { return "" }
        return " (rung \(index + 1) of your \(ladder.skill) ladder: \(ladder.rungs[index].title))"
    }
}

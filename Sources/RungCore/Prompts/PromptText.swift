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
        /// The prediction already made for this attempt, if any: the prompt shows it
        /// instead of asking for one.
        public var predicted: Predicted?
        /// For a reframe, when the person tends to under-predict: their hit rate
        /// (COACHING.md, "Calibration feedback"), e.g. "you predicted 40 % on average and succeeded 8 of 10".
        public var hitRate: String?
        /// For a vicarious prompt before a first attempt at a rung or after a step back:
        /// ask for a coping model, someone about the person's level who struggled and
        /// recovered (Schunk 1987), rather than any peer's run.
        public var copingModel: Bool
        /// For a check-in: what changed since the last one and the proposal.
        public var review: LadderReview?

        public init(
            evidence: [String] = [], lastChange: String? = nil, currentRung: Int? = nil, predicted: Predicted? = nil,
            hitRate: String? = nil, copingModel: Bool = false, review: LadderReview? = nil
        ) {
            self.evidence = evidence
            self.lastChange = lastChange
            self.currentRung = currentRung
            self.predicted = predicted
            self.hitRate = hitRate
            self.copingModel = copingModel
            self.review = review
        }
    }

    /// A prediction as a prompt quotes it: how sure, 0–100, and what was feared.
    public struct Predicted: Hashable, Sendable {
        public var confidence: Int
        public var fear: String?

        public init(confidence: Int, fear: String? = nil) {
            self.confidence = confidence
            self.fear = fear
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
            return checkIn(ladder: ladder, review: context.review)
        }
    }

    static func render(_ occurrence: Occurrence, performance: Performance, config: Config, context: Context) -> PromptText {
        let title = performance.title
        let rung = rungDescription(of: performance, config: config, currentRung: context.currentRung)
        let occurrenceID = occurrence.id.rawValue
        switch occurrence.kind {
        case .vicarious:
            let peer = performance.peer ?? "someone at about your level"
            let watch = context.copingModel
                ? """
                    Before \(title)\(rung), watch \(peer) — or anyone about your level — at something \
                    like it, and look for a time they struggled and recovered: how they got going \
                    again matters more than a flawless run. Notice one thing they did that you \
                    could do too. Then it is your turn, within the week: watching prepares you, \
                    doing is what counts.
                    """
                : """
                    Before \(title)\(rung), watch \(peer) do something like it — ideally a time \
                    they struggled and recovered, not a flawless run. Notice one thing they did \
                    that you could do too. Then it is your turn, at \(title): watching prepares \
                    you, doing is what counts.
                    """
            return PromptText(
                title: "Watch \(peer) do it: \(title)",
                body: paragraphs(watch, predictionInvitation(performance, predicted: context.predicted)),
                actions: [watchedAction] + commonActions)
        case .reframe:
            var lines = [
                "\(title)\(rung) starts soon. A fast heartbeat and sharp focus are your body getting ready to meet the demand; they don't need calming.",
                "Try saying \"I'm excited\" out loud, once.",
            ]
            if !context.evidence.isEmpty {
                lines.append("Your own evidence:\n" + context.evidence.prefix(2).map { "• \($0)" }.joined(separator: "\n"))
            }
            if let change = context.lastChange, !change.isEmpty {
                lines.append("Last time you chose to change: \(change)")
            }
            if let hitRate = context.hitRate {
                lines.append("Your record says you can do more than you expect: \(hitRate).")
            }
            lines.append(predictionInvitation(performance, predicted: context.predicted))
            lines.append("Afterwards: did this help, 0–10?\n    rungctl respond \(occurrenceID) done --rating N")
            return PromptText(title: "Ready for \(title)", body: paragraphs(lines), actions: commonActions)
        case .debrief:
            let again = occurrence.isRenudge ? " (once more, while it is fresh)" : ""
            return PromptText(
                title: "Debrief: \(title)\(again)",
                body: paragraphs(
                    """
                    While \(title) is fresh: what did you plan, and what actually happened (just \
                    the facts)? Why did it go that way — what was in your control? Name one thing \
                    to keep and one thing to change next time. How sure are you, 0–100, that you \
                    can do it next time? Did what you feared happen?
                    """,
                    "Press how it went, then answer these in a terminal:\n    rungctl debrief \(occurrenceID)"),
                actions: [Action("success", "Success"), Action("partial", "Partial"), Action("miss", "Miss")])
        case .affirmation:
            let observer = performance.observer ?? "someone who saw it"
            let from = performance.observer.map { "\"\($0)\"" } ?? "NAME"
            return PromptText(
                title: "Ask \(observer) about \(title)",
                body: paragraphs(
                    """
                    Ask \(observer) for one specific thing you did in \(title), the effect it \
                    had, and one thing to try next time. If the answer is only \"you were \
                    great\", ask for an instance.
                    """,
                    "Keep what they said as evidence:\n    rungctl feedback add --from \(from) --performance \(performance.id) \"…\""),
                actions: commonActions)
        case .rehearsal:
            return rehearsal(occurrence, performance: performance, config: config)
        case .checkIn:
            return PromptText(
                title: "Check-in: \(title)",
                body: """
                    How did your last attempts at \(title)\(rung) go, and did what you feared \
                    happen? Climb to the next rung, hold where you are, or step back to an \
                    in-between rung — each is a good move.
                    """,
                actions: checkInActions)
        }
    }

    /// The invitation to predict this attempt (COACHING.md, Measures: ask "can", about one
    /// attempt), with the command that records it; once `predicted`, what was said, and how
    /// to change it before the attempt starts.
    static func predictionInvitation(_ performance: Performance, predicted: Predicted?) -> String {
        guard let predicted else {
            return """
                How sure are you, 0–100, that you can do it this time, and what do you fear might happen?
                    rungctl predict \(performance.id) --confidence N --fear "…"
                """
        }
        let fear = predicted.fear.map { "; you feared: \($0)" } ?? ""
        return """
            You said \(predicted.confidence) of 100 that you can do it this time\(fear). Changed your mind before it starts?
                rungctl predict \(performance.id) --confidence N
            """
    }

    static func paragraphs(_ parts: String...) -> String { paragraphs(parts) }

    static func paragraphs(_ parts: [String]) -> String { parts.joined(separator: "\n\n") }

    /// The sample of `rungctl test-notify` through `channel`: it says what it tests and
    /// that nothing needs an answer.
    public static func channelTest(_ channel: String) -> PromptText {
        PromptText(
            title: "Rung test prompt",
            body: """
                This is a test of the channel '\(channel)' from rungctl test-notify. If you can \
                read it, Rung's prompts reach you here. Nothing is recorded and nothing needs an answer.
                """,
            actions: [Action("done", "It works")])
    }

    /// The command that answers prompt `occurrenceID` from a terminal, `ANSWER` standing
    /// for the answer.
    public static func answerCommand(_ occurrenceID: String) -> String { "rungctl respond \(occurrenceID) ANSWER" }

    /// How to answer prompt `occurrenceID` from a terminal, for channels without buttons:
    /// the command with the `answers` it takes, e.g. `rungctl respond 0f3a9c2b7d4e1a55
    /// ANSWER, where ANSWER is success, partial or miss`.
    public static func answerHint(_ occurrenceID: String, answers: [String]) -> String {
        guard let last = answers.last else { return answerCommand(occurrenceID) }
        let choices = answers.count == 1 ? last : answers.dropLast().joined(separator: ", ") + " or " + last
        return "\(answerCommand(occurrenceID)), where ANSWER is \(choices)"
    }

    static let checkInActions = [Action("climb", "Climb"), Action("hold", "Hold"), Action("step_back", "Step back")]

    /// The check-in: with a review, the week's facts and the proposal, its button first and
    /// marked; without one, the plain question.
    static func checkIn(ladder: Ladder, review: LadderReview?) -> PromptText {
        if let review {
            let proposal = review.proposal
            let target = ladder.rungs.indices.contains(proposal.toRung - 1) ? " \u{201C}\(ladder.rungs[proposal.toRung - 1].title)\u{201D}" : ""
            let proposed = switch proposal.step {
            case .climb: "climb to rung \(proposal.toRung)\(target)"
            case .hold: "hold on rung \(proposal.toRung)\(target)"
            case .stepBack: "step back to rung \(proposal.toRung)\(target)"
            }
            var lines = [review.summary, "Proposed: \(proposed), because \(proposal.reason)."]
            if let suggestion = proposal.suggestion { lines.append("Next: \(suggestion).") }
            if proposal.ownAttemptBy != nil, ladder.rungs.indices.contains(proposal.fromRung - 1) {
                lines.append("You watched someone do it; now it is your turn: your own attempt at \u{201C}\(ladder.rungs[proposal.fromRung - 1].title)\u{201D} within \(ladder.coaching.ownAttemptWithin) of watching.")
            }
            lines.append("Your answer moves the ladder; each of the three is a good move.")
            var actions = checkInActions
            if let index = actions.firstIndex(where: { $0.id == proposal.step.rawValue }) {
                var marked = actions.remove(at: index)
                marked.label += " (proposed)"
                actions.insert(marked, at: 0)
            }
            return PromptText(title: "Check-in: \(ladder.skill)", body: paragraphs(lines), actions: actions)
        }
        return PromptText(
            title: "Check-in: \(ladder.skill)",
            body: """
                Time to look at your \(ladder.skill) ladder. Over the last attempts, did you \
                succeed, and did what you feared happen? Climb to the next rung, hold where you \
                are, or step back to an in-between rung — each is a good move.
                """,
            actions: checkInActions)
    }

    /// A rep at a rung below a high-stakes performance, days before it (COACHING.md §2):
    /// which rung and how little rides on it, why short spaced reps help, and that skipping
    /// one is a normal choice.
    static func rehearsal(_ occurrence: Occurrence, performance: Performance, config: Config) -> PromptText {
        let title = performance.title
        let days = Rehearsal.daysBefore(occurrence) ?? 1
        let when = days == 1 ? "tomorrow" : "in \(days) days"
        var rep = "a short rep at a rung below it"
        if let index = Rehearsal.rung(for: performance, in: config), let ladderID = performance.ladder, let ladder = config.ladder(ladderID) {
            let rung = ladder.rungs[index]
            rep = "a short rep at rung \(index + 1) of your \(ladder.skill) ladder: \(rung.title), where only \(rung.stakes.rawValue) stakes ride on it"
        }
        return PromptText(
            title: "\(days == 1 ? "The day" : "\(days) days") before \(title): a low-stakes rep",
            body: paragraphs(
                "\(title) is \(when). Today, if it suits you, do \(rep).",
                "Several short reps spread over the days before prepare you better than one long one the night before.",
                "Skipping is fine too: one missed rep barely matters."),
            actions: commonActions)
    }

    static func rungDescription(of performance: Performance, config: Config, currentRung: Int?) -> String {
        let followed = performance.followsLadder ? (currentRung ?? 1) - 1 : nil
        guard let ladderID = performance.ladder, let ladder = config.ladder(ladderID),
              let index = followed ?? performance.rung, ladder.rungs.indices.contains(index)
        else { return "" }
        return " (rung \(index + 1) of your \(ladder.skill) ladder: \(ladder.rungs[index].title))"
    }
}

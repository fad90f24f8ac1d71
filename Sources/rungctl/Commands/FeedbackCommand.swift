import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl feedback`: what an observer said about an attempt, kept as evidence.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Record what someone who watched you said.",
        subcommands: [FeedbackAddCommand.self]
    )
}

/// `rungctl feedback add`: one piece of feedback, with who gave it and whether they saw it.
struct FeedbackAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add feedback from an observer to the evidence log.",
        discussion: """
            The most useful feedback names one specific thing you did and the effect it \
            had ('you paused before answering the CFO and the answer landed'). Feedback \
            that only praises you ('you were great') is kept but flagged: on a terminal \
            you are asked once for one specific instance (or give it with --detail), and \
            reframes quote only feedback from someone who saw the attempt (--saw) that \
            names something specific. The text may be at most \(TextLimits.text) characters \
            long, the detail \(TextLimits.detail).
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Who gave the feedback.", valueName: "name"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The performance it is about, as in [performance.ID].", valueName: "id"))
    var performance: String?

    @Option(name: .long, help: ArgumentHelp("The skill it is about, when not a performance (a ladder's id).", valueName: "skill"))
    var skill: String?

    @Flag(help: "Whether they saw the attempt themselves.")
    var observation: Observation?

    @Option(name: .long, help: ArgumentHelp("One specific thing they saw you do, and its effect.", valueName: "text"))
    var detail: String = ""

    @Argument(help: ArgumentHelp("What they said.", valueName: "text"))
    var text: [String] = []

    enum Observation: EnumerableFlag {
        case saw, didNotSee

        static func name(for value: Observation) -> NameSpecification {
            switch value {
            case .saw: .customLong("saw")
            case .didNotSee: .customLong("did-not-see")
            }
        }

        static func help(for value: Observation) -> ArgumentHelp? {
            switch value {
            case .saw: "They saw the attempt themselves."
            case .didNotSee: "They did not see it (they heard about it, or saw a recording of part of it)."
            }
        }
    }

    func validate() throws {
        guard !from.allSatisfy(\.isWhitespace) else { throw ValidationError("Say who gave the feedback (--from NAME).") }
        guard !text.joined().allSatisfy(\.isWhitespace) else { throw ValidationError("Say what they said: the feedback text is empty.") }
        try EvidenceLimits.check(what: text.joined(separator: " "), detail: detail, textName: "the feedback text")
        guard (performance == nil) != (skill == nil) else {
            throw ValidationError("Say what the feedback is about: --performance ID, or --skill SKILL when it is about no performance (not both).")
        }
    }

    func run() async throws {
        let now = Instant.now()
        let said = text.joined(separator: " ")
        let store = try StoreAccess.open(storeOptions)
        let (skill, rung) = try subject(now: now, store: store)
        var detail = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        if detail.isEmpty, let instance = FollowUpQuestion.answer(to: PraiseOnly.review(said, about: "you", followUpAsked: false)) {
            detail = instance
        }
        let praiseOnly = PraiseOnly.isPraiseOnly(said + " " + detail)
        let entry = try StoreAccess.reportingFailures {
            try store.addEvidence(Evidence(
                skill: skill, rung: rung, what: said, detail: detail, source: .feedback(from: from),
                observed: observation.map { $0 == .saw }, performance: performance, praiseOnly: praiseOnly,
                happenedAt: now, recordedAt: now))
        }
        var text = "added feedback #\(entry.id ?? 0) from \(from)"
        if praiseOnly {
            text += "\nKept, marked as praise only: reframes quote feedback that names something you did. Next time, ask \(from) for one specific thing they saw and its effect."
        } else if entry.observed != true {
            text += "\nReframes quote feedback from someone who saw the attempt; this one is kept in the log."
        }
        output.print(json: ExportText.jsonObject(entry), text: text)
    }

    /// The skill and rung the feedback is filed under: the performance's ladder and the
    /// rung it is an attempt at, or the skill given (checked against the config's ladders
    /// when there is a config).
    private func subject(now: Instant, store: Store) throws -> (skill: String, rung: Int?) {
        if let skill {
            try configOptions.checkSkill(skill, rung: nil, now: now)
            return (skill, nil)
        }
        let checked = try configOptions.checkedConfig(now: now, defines: "performances ([performance.ID])")
        let performance = try checked.performance(self.performance ?? "")
        let skill = performance.ladder ?? performance.id
        return (skill, try StoreAccess.reportingFailures { try store.attemptRung(of: performance) })
    }
}

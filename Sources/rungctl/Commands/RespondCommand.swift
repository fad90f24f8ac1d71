import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungDelivery
import RungStore
import RungTime

struct RespondCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "Answer a prompt, as its buttons would.",
        discussion: """
            ANSWER is one of the prompt's own answers, as its buttons offer them: done or \
            skip for most prompts, success, partial or miss for a debrief, climb, hold or \
            step_back for a check-in; snooze, for any prompt, postpones it 15 minutes. Any \
            other answer is refused (exit 64) with the ones it offers. Your own words go with --note, alone or \
            with an answer. A reframe asks afterwards whether it helped: --rating N, 0 to 10, \
            alone answers done; any other prompt refuses a rating (exit 64). A debrief or \
            affirmation takes nothing before its performance ended. The first answer stands: another is refused, naming the first, unless \
            --replace. Answered, the prompt's notification comes off the screen. When rungd \
            is not running the answer goes straight into the store under the same rules, and \
            rungd sees it when it starts: nothing you answer is lost.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The occurrence id, as the prompt shows it.")
    var occurrence: String

    @Argument(help: "The answer, one the prompt offers.")
    var answer: String?

    @Option(name: .long, help: ArgumentHelp("Your own words, kept with the answer (or alone).", valueName: "text"))
    var note: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("For a reframe: did it help, 0 (not at all) to 10 (very much)?", valueName: "n"))
    var rating: Int?

    @Flag(name: .long, help: "Replace the prompt's answer instead of refusing a second one.")
    var replace = false

    private var trimmedAnswer: String? { answer.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
    private var trimmedNote: String? { note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }

    func validate() throws {
        guard trimmedAnswer != nil || trimmedNote != nil || rating != nil else {
            throw ValidationError("Give an answer, your words with --note, or a reframe's --rating.")
        }
        if let rating, !AnswerRule.ratingScale.contains(rating) {
            throw ValidationError("A rating is 0 (did not help) to 10 (helped very much), not \(rating).")
        }
        if trimmedAnswer == Store.snoozeAnswer, rating != nil { throw ValidationError("A snooze takes no rating.") }
        if trimmedAnswer?.isEmpty == true { throw ValidationError("The answer is empty.") }
        if trimmedNote?.isEmpty == true { throw ValidationError("The note is empty.") }
        if trimmedAnswer == Store.snoozeAnswer, note != nil { throw ValidationError("A snooze takes no note.") }
    }

    func run() throws {
        // The sample of `rungctl test-notify` shows how to answer, as every prompt does; the
        // answer works and is recorded nowhere.
        if TestPrompt.isTest(occurrence) {
            output.print(json: "{}", text: "'\(occurrence)' was a test prompt: the answer works, and nothing is recorded.")
            return
        }
        if storeOptions.store == nil, configOptions.config == nil, let daemon = try DaemonClient.ifRunning() {
            let request = ControlInterface.RespondRequest(
                occurrence: occurrence, answer: trimmedAnswer, note: trimmedNote, replace: replace ? true : nil,
                rating: rating.map(Int64.init))
            let reply = try daemon.call(request)
            output.print(json: DaemonClient.jsonText(reply.parameters), text: Self.describe(reply.value) + ".")
            return
        }
        let recorded = try recordInStore()
        let fields = try JSONValue(encoding: recorded).object ?? [:]
        output.print(
            json: DaemonClient.jsonText(fields),
            text: Self.describe(recorded) + " in the store (rungd is not running; it will see it when it starts).")
    }

    /// Records the answer in the store, under the rule rungd applies; returns what was
    /// recorded as `Respond` gives it.
    private func recordInStore() throws -> ControlInterface.RespondRequest.Reply {
        let store = try StoreAccess.open(storeOptions)
        let now = Instant.now()
        let loaded = loadConfig(now: now)
        let zone = loaded.map { $0.config.timeZone ?? $0.systemZone } ?? TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)
        let time = { (instant: Instant) in TimestampFormat.iso8601(instant, in: zone) }
        let answered: Store.Answered?
        do {
            answered = try StoreAccess.reportingFailures {
                try store.answer(
                    occurrence, with: trimmedAnswer, note: trimmedNote, rating: rating, via: .cli, replacing: replace, at: now,
                    planned: { loaded.flatMap { plannedOccurrence($0, now: now) } },
                    check: { occurrence in loaded.flatMap { AnswerRule.check(trimmedAnswer, to: occurrence, config: $0.config, at: now) } },
                    config: loaded?.config)
            }
        } catch let refused as Store.AnswerRefused {
            let error: any ControlError = switch refused {
            case .rule(let refusal): ControlInterface.refusal(refusal, occurrence: occurrence, time: time)
            case .alreadyAnswered(let first):
                ControlInterface.AlreadyAnswered(
                    occurrence: first.occurrenceID, answer: first.answer, note: first.note, via: first.via.rawValue, channel: first.channel,
                    at: time(first.answeredAt))
            }
            try DaemonClient.report(DaemonClient.describe(error), error: type(of: error).name.qualifiedName)
        }
        switch answered {
        case nil:
            try DaemonClient.report(
                DaemonClient.describe(ControlInterface.OccurrenceNotFound(occurrence: occurrence)),
                error: ControlInterface.OccurrenceNotFound.name.qualifiedName)
        case .response(let response):
            return ControlInterface.RespondRequest.Reply(
                occurrence: response.occurrenceID, answer: response.answer, note: response.note,
                rating: response.rating.map(Int64.init), via: response.via.rawValue, at: time(response.answeredAt), snoozedUntil: nil)
        case .snoozed(let until):
            return ControlInterface.RespondRequest.Reply(
                occurrence: occurrence, answer: Store.snoozeAnswer, note: nil, via: "cli", at: time(now), snoozedUntil: time(until))
        }
    }

    /// The config, when there is a valid one to plan from and check answers by.
    private func loadConfig(now: Instant) -> (config: Config, systemZone: TimeZoneRules)? {
        let path = configOptions.resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard FileManager.default.fileExists(atPath: path), let loaded = try? configOptions.check(now: now),
            let config = loaded.config
        else { return nil }
        return (config, loaded.systemZone)
    }

    /// The prompt from the config's plan, for an answer given before it was delivered.
    private func plannedOccurrence(_ loaded: (config: Config, systemZone: TimeZoneRules), now: Instant) -> Occurrence? {
        let planner = Planner(config: loaded.config, systemZone: loaded.systemZone)
        return planner.occurrence(id: occurrence, near: now).flatMap(planner.promised)
    }

    /// What was recorded, for people, without the final stop.
    static func describe(_ recorded: ControlInterface.RespondRequest.Reply) -> String {
        if let until = recorded.snoozedUntil { return "Snoozed \(recorded.occurrence) until \(PersonTime.text(iso: until))" }
        let rated = recorded.rating.map { ", helped \($0) of 10," } ?? ""
        return "Recorded \(DaemonClient.answerText(answer: recorded.answer, note: recorded.note))\(rated) for \(recorded.occurrence)"
    }
}

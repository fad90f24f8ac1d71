import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungReport
import RungStore
import RungTime

/// `rungctl debrief`: the whole After Action Review of one attempt, asked one question at
/// a time at a terminal or given by flags, completing the debrief a button started.
struct DebriefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debrief",
        abstract: "After an attempt: say how it went, what happened, and what to keep and change.",
        discussion: """
            TARGET is a debrief prompt's occurrence id or a performance's id (its latest \
            debrief prompt not yet debriefed); without it, the latest delivered debrief \
            prompt not yet debriefed. At a terminal the questions come one at a time, each \
            with what a good answer looks like and its default in brackets (what you \
            predicted, the outcome a button gave), which an empty line keeps; a vague \
            'what happened' is asked once for what a camera would have recorded. End of \
            input or Ctrl-C records nothing. Flags answer questions ahead; without a \
            terminal, --outcome (unless a button gave it), --happened and --confidence are \
            needed. A success or partial also adds what happened to the evidence log, with \
            what to keep (else why) as its detail. A debrief takes nothing before its \
            performance ended, and a prompt is debriefed in full once.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("A debrief prompt's occurrence id, or a performance's id.", valueName: "target"))
    var target: String?

    @Option(name: .long, help: ArgumentHelp("How it went: success, partial or miss.", valueName: "outcome"))
    var outcome: String?
    @Option(name: .long, help: ArgumentHelp("What you planned to do.", valueName: "text"))
    var planned: String?
    @Option(name: .long, help: ArgumentHelp("What happened: facts a camera could have recorded.", valueName: "text"))
    var happened: String?
    @Option(name: .long, help: ArgumentHelp("Why it went that way: what was in your control.", valueName: "text"))
    var why: String?
    @Option(name: .long, help: ArgumentHelp("One thing to keep doing.", valueName: "text"))
    var keep: String?
    @Option(name: .long, help: ArgumentHelp("One thing to change next time.", valueName: "text"))
    var change: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How sure you are, 0–100, that you can do this rung next time.", valueName: "n"))
    var confidence: String?
    @Option(name: .customLong("feared-happened"), help: ArgumentHelp("Whether what you feared happened: yes or no.", valueName: "yes|no"))
    var fearedHappened: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How tense you felt, 0–100 (only logged).", valueName: "n"))
    var distress: String?
    @Option(name: .long, help: ArgumentHelp("Aids you used (notes, a friend in the room).", valueName: "text"))
    var aids: String?

    /// The debrief prompt being answered, and what the store already knows about it.
    private struct Target {
        var id: String
        var occurrence: Occurrence
        /// Its ledger line; nil for a prompt planned but not yet recorded (rungd stopped).
        var record: OccurrenceRecord?
        var performance: Performance
        /// The outcome-only debrief a button started, if one did.
        var started: Debrief?
    }

    func run() async throws {
        let now = Instant.now()
        let loaded = try configOptions.checkedConfig(now: now, defines: "performances ([performance.ID])")
        let given = try givenAnswers()
        let store = try StoreAccess.open(storeOptions)
        let target = try StoreAccess.reportingFailures { try resolve(store: store, loaded: loaded, now: now) }
        if let refusal = AnswerRule.check(nil, to: target.occurrence, config: loaded.config, at: now), case .tooEarly = refusal {
            let error = ControlInterface.refusal(refusal, occurrence: target.id) { TimestampFormat.iso8601($0, in: loaded.zone) }
            TerminalOutput.error("" + DaemonClient.describe(error) + "; nothing was recorded")
            throw ExitCode.failure
        }
        let attemptStart = target.occurrence.performanceStart ?? target.record?.performanceStart
        let prediction = try attemptStart.flatMap { start in
            try StoreAccess.reportingFailures { try store.prediction(performance: target.performance.id, attemptStart: start) }
        }
        var defaults: [DebriefQuestion.ID: String] = [:]
        if let prediction {
            defaults[.planned] = "confidence \(prediction.selfEfficacy)" + (prediction.fear.map { "; feared: \($0)" } ?? "")
        }
        if let started = target.started { defaults[.outcome] = started.outcome.rawValue }

        let answers: [DebriefQuestion.ID: DebriefAnswer]
        if FollowUpQuestion.personAtTerminal {
            answers = try interview(DebriefInterview(given: given, defaults: defaults), about: target, zone: loaded.zone)
        } else {
            let filled = DebriefInterview.withDefaults(given, defaults: defaults)
            let missing = DebriefInterview.missing(in: filled)
            guard missing.isEmpty else {
                throw ValidationError(
                    "Missing \(missing.map { "--\($0.rawValue)" }.joined(separator: ", ")): without a terminal to ask at, a debrief needs them as flags.")
            }
            answers = filled
        }
        try record(answers, target: target, attemptStart: attemptStart, fear: prediction?.fear, store: store, loaded: loaded, now: now)
    }

    /// The answers the flags give, each read as its question reads it; a flag it refuses
    /// is a usage error naming the flag.
    private func givenAnswers() throws -> [DebriefQuestion.ID: DebriefAnswer] {
        let flags: [(DebriefQuestion.ID, String?)] = [
            (.outcome, outcome), (.planned, planned), (.happened, happened), (.why, why), (.keep, keep), (.change, change),
            (.confidence, confidence), (.fearedHappened, fearedHappened), (.distress, distress),
        ]
        var given: [DebriefQuestion.ID: DebriefAnswer] = [:]
        for case let (id, raw?) in flags {
            switch DebriefQuestions.answer(raw, to: DebriefQuestions.question(id)) {
            case .failure(let refusal): throw ValidationError("--\(id.rawValue): \(refusal)")
            case .success(let answer): given[id] = answer
            }
        }
        return given
    }

    /// The debrief prompt `target` names (or the latest one waiting for its debrief).
    private func resolve(store: Store, loaded: CheckedConfig, now: Instant) throws -> Target {
        let config = loaded.config
        func target(_ record: OccurrenceRecord?, _ occurrence: Occurrence) throws -> Target {
            let id = record?.id ?? occurrence.id.rawValue
            guard occurrence.kind == .debrief else { throw Self.refused("\(id) is a \(occurrence.kind.rawValue) prompt, not a debrief") }
            guard case .performance(let name) = occurrence.subject, let performance = config.performances.first(where: { $0.id == name }) else {
                throw Self.refused("the config no longer names the performance debrief \(id) asks about")
            }
            let started = try store.debrief(answering: id)
            if let started, started.isCompleted {
                throw Self.refused("the debrief of \(id) was already given; it stands as #\(started.id ?? 0)")
            }
            return Target(id: id, occurrence: occurrence, record: record, performance: performance, started: started)
        }
        func waiting(subject: String?) throws -> Target? {
            let lines = try store.occurrences(in: [.delivered, .failed, .answered])
                .filter { $0.kind == .debrief && (subject == nil || $0.subject == subject) }
                .sorted { ($0.performanceStart ?? $0.dueAt, $0.dueAt) > ($1.performanceStart ?? $1.dueAt, $1.dueAt) }
            for line in lines {
                guard let occurrence = line.occurrence(channels: []) else { continue }
                let started = try store.debrief(answering: line.id)
                if started?.isCompleted == true { continue }
                if line.state == .answered, started == nil { continue }
                guard case .performance(let id) = occurrence.subject, config.performances.contains(where: { $0.id == id }) else { continue }
                return try target(line, occurrence)
            }
            return nil
        }
        guard let name = self.target else {
            guard let found = try waiting(subject: nil) else {
                throw Self.refused("no delivered debrief prompt is waiting for its debrief; name one with 'rungctl debrief ID' (ids: 'rungctl upcoming --json')")
            }
            return found
        }
        if let record = try store.occurrence(id: name) {
            guard let occurrence = record.occurrence(channels: []) else {
                throw Self.refused("the ledger line of \(name) predates the plan it needs; it cannot be debriefed here")
            }
            return try target(record, occurrence)
        }
        let planner = Planner(config: config, systemZone: loaded.systemZone)
        if let occurrence = planner.occurrence(id: name, near: now).flatMap(planner.promised) {
            return try target(nil, occurrence)
        }
        if config.performances.contains(where: { $0.id == name }) {
            guard let found = try waiting(subject: PlanSubject.performance(name).description) else {
                throw Self.refused(
                    "no delivered debrief prompt of '\(name)' is waiting for its debrief; name the prompt with 'rungctl debrief ID' (ids: 'rungctl upcoming --json')")
            }
            return found
        }
        throw Self.refused("no debrief prompt or performance '\(name)' (see 'rungctl upcoming --json' and the config's performances)")
    }

    /// Asks the questions `interview` has left, one at a time on standard error (standard
    /// output stays for the result); end of input stops with nothing recorded.
    private func interview(_ start: DebriefInterview, about target: Target, zone: TimeZoneRules) throws -> [DebriefQuestion.ID: DebriefAnswer] {
        var interview = start
        let attempt = target.occurrence.performanceStart.map { " at " + PersonTime.when($0) } ?? ""
        ask("Debrief of \(target.performance.title)\(attempt) (\(target.id)); an empty answer keeps the one in brackets.\n")
        while let next = interview.next {
            switch next {
            case .question(let question, let defaultAnswer):
                ask("\n\(question.text)" + (defaultAnswer.map { " [\($0)]" } ?? "") + "\n  \(question.hint)\n> ")
            case .followUp(let followUp):
                ask("\(followUp)\n> ")
            }
            guard let line = TerminalInput.line() else {
                TerminalOutput.error(afterLine: true, "the debrief was not finished; nothing was recorded")
                throw ExitCode.failure
            }
            if let refusal = interview.answer(line) { ask("  \(refusal)\n") }
        }
        return interview.answers
    }

    /// Prints `message` as the reason nothing was recorded; the command exits with status 1.
    private static func refused(_ message: String) -> ExitCode {
        TerminalOutput.error("" + message)
        return .failure
    }

    private func ask(_ text: String) {
        FileHandle.standardError.write(Data(TerminalStyle.escaped(text).utf8))
    }

    /// Records the debrief (with its evidence for a success or partial) and says what was recorded.
    private func record(
        _ answers: [DebriefQuestion.ID: DebriefAnswer], target: Target, attemptStart: Instant?, fear: String?, store: Store,
        loaded: CheckedConfig, now: Instant
    ) throws {
        func text(_ id: DebriefQuestion.ID) -> String { if case .text(let value)? = answers[id] { value } else { "" } }
        func scale(_ id: DebriefQuestion.ID) -> Int? { if case .scale(let value)? = answers[id] { value } else { nil } }
        guard case .choice(let given)? = answers[.outcome], let outcome = Debrief.Outcome(rawValue: given),
            let subject = DebriefSubject(performance: target.performance.id, config: loaded.config)
        else { throw Self.refused("the debrief of \(target.id) has no outcome to record") }
        let fearedHappened: Bool? = if case .yesNo(let value)? = answers[.fearedHappened] { value } else { nil }
        let aids = aids?.trimmingCharacters(in: .whitespacesAndNewlines)
        let rung = try target.started?.rung ?? StoreAccess.reportingFailures { try store.attemptRung(of: target.performance) }
        let debrief = Debrief(
            occurrenceID: target.id, performance: target.performance.id, skill: subject.skill, rung: rung, attemptStart: attemptStart,
            outcome: outcome, planned: text(.planned), happened: text(.happened), why: text(.why), keep: text(.keep),
            change: text(.change), selfEfficacy: scale(.confidence), fearedHappened: fearedHappened, distress: scale(.distress),
            aids: aids?.isEmpty == false ? aids : nil, recordedAt: now, completedAt: now)
        // What to keep is what worked, the detail a reframe quotes beside what happened;
        // without it, why it went that way.
        let evidence: Evidence? = outcome == .miss ? nil : Evidence(
            skill: subject.skill, rung: rung, what: debrief.happened, detail: debrief.keep.isEmpty ? debrief.why : debrief.keep,
            source: .debrief(id: nil), feared: fear, fearedHappened: fearedHappened, aids: debrief.aids,
            performance: target.performance.id, happenedAt: attemptStart ?? now, recordedAt: now)
        let (recorded, entry) = try StoreAccess.reportingFailures {
            if target.record == nil { try store.recordPlanned(OccurrenceRecord(planned: target.occurrence, at: now)) }
            return try store.recordDebrief(debrief, evidence: evidence)
        }
        var summary = "Recorded the debrief of \(target.id) as #\(recorded.id ?? 0): \(outcome.rawValue), confidence \(recorded.selfEfficacy ?? 0) for next time"
        if let entry { summary += "; evidence #\(entry.id ?? 0) added to the log" }
        summary += recorded.change.isEmpty ? "." : ".\nYou will see what to change before the next attempt: \(recorded.change)"
        let object = ExportText.jsonObject(recorded)
        output.print(json: String(object.dropLast()) + ",\"evidence_id\":\(entry?.id.map(String.init) ?? "null")}", text: summary)
    }
}

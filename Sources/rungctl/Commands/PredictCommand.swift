import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl predict`: how sure the person is, before an attempt, that they can do it.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Before an attempt: say how sure you are that you can do it, and what you fear.",
        discussion: """
            Rate this one attempt, not yourself: 0 means you cannot do it at all, 50 that \
            you are moderately certain you can, 100 that you are highly certain. For a \
            recurring performance the prediction is for its next attempt. Until the \
            attempt starts a new prediction replaces the last (which is kept); from its \
            start on, predictions are refused: say how it went in the debrief instead. \
            The debrief starts from what you predicted here.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("The performance's id, as in [performance.ID].", valueName: "performance"))
    var performance: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How sure you are that you can do it, 0–100.", valueName: "n"))
    var confidence: Int

    @Option(name: .long, help: ArgumentHelp("What you fear will happen, in a few words.", valueName: "text"))
    var fear: String?

    func run() async throws {
        let now = Instant.now()
        let loaded = try configOptions.checkedConfig(now: now, defines: "performances ([performance.ID])")
        let zone = loaded.zone
        if case .failure(let refusal) = PredictionRule.checked(confidence: confidence) {
            throw ValidationError(refusal.message(in: zone))
        }
        let fear = fear?.trimmingCharacters(in: .whitespacesAndNewlines)
        if fear == "" { throw ValidationError("The feared outcome (--fear) is empty; say what you fear will happen, or leave it out.") }
        _ = try loaded.performance(performance)
        let attemptStart: Instant
        switch Planner(config: loaded.config, systemZone: loaded.systemZone).attemptToPredict(performance, at: now) {
        case .success(let start):
            attemptStart = start
        case .failure(let refusal):
            TerminalOutput.error("\(refusal.message(in: zone)); nothing was recorded")
            throw ExitCode.failure
        }
        let store = try StoreAccess.open(storeOptions)
        let predicted = try StoreAccess.reportingFailures {
            try store.predict(Prediction(performance: performance, attemptStart: attemptStart, selfEfficacy: confidence, fear: fear, recordedAt: now))
        }
        let attempt = "\(performance) at \(PersonTime.when(attemptStart))"
        switch predicted {
        case .recorded(let prediction):
            output.print(json: ExportText.jsonObject(prediction), text: "\(attempt): confidence \(confidence) recorded")
        case .replaced(let prediction, let previous):
            output.print(
                json: ExportText.jsonObject(prediction),
                text: "\(attempt): confidence \(confidence) recorded, replacing \(previous.selfEfficacy) (kept in the history)")
        }
    }
}

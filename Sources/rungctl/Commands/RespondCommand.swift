import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungDelivery
import RungStore

struct RespondCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "Answer a prompt, as its buttons would.",
        discussion: """
            ANSWER is one of the prompt's actions (done, skip, success, partial, miss, climb, \
            hold, step_back; snooze postpones it 15 minutes) or your own words. When rungd is \
            not running the answer goes straight into the store, and rungd sees it when it \
            starts: nothing you answer is lost.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The occurrence id, as the prompt shows it.")
    var occurrence: String

    @Argument(help: "The answer.")
    var answer: String

    func validate() throws {
        guard !answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("The answer is empty.") }
    }

    func run() throws {
        let answer = self.answer.trimmingCharacters(in: .whitespacesAndNewlines)
        // The sample of `rungctl test-notify` shows how to answer, as every prompt does; the
        // answer works and is recorded nowhere.
        if TestPrompt.isTest(occurrence) {
            print(output.json ? "{}" : "'\(occurrence)' was a test prompt: the answer '\(answer)' works, and nothing is recorded.")
            return
        }
        if storeOptions.store == nil, configOptions.config == nil, let daemon = DaemonClient() {
            let reply = try daemon.call(.respond, ["occurrence": .string(occurrence), "answer": .string(answer)])
            print(output.json ? DaemonClient.jsonText(reply) : "Recorded '\(answer)' for \(occurrence).")
            return
        }
        let store = try StoreAccess.open(storeOptions)
        let now = Instant.now()
        let known = try StoreAccess.reportingFailures {
            try store.answer(occurrence, with: answer, via: .cli, at: now) { plannedOccurrence(now: now) }
        }
        guard known else {
            StoreAccess.printError("rungctl: no prompt '\(occurrence)' is planned or recorded (see 'rungctl upcoming --json')")
            throw ExitCode.failure
        }
        print(output.json ? "{}" : "Recorded '\(answer)' for \(occurrence) in the store (rungd is not running; it will see it when it starts).")
    }

    /// The prompt from the config's plan, for an answer given before it was delivered.
    private func plannedOccurrence(now: Instant) -> Occurrence? {
        let path = configOptions.resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard FileManager.default.fileExists(atPath: path), let loaded = try? configOptions.check(now: now),
              let config = loaded.config
        else { return nil }
        let day: Int64 = 86_400_000_000
        return Planner(config: config, systemZone: loaded.systemZone)
            .plan(from: now.adding(microseconds: -7 * day), through: now.adding(microseconds: 30 * day))
            .first { $0.id.rawValue == occurrence }
    }
}

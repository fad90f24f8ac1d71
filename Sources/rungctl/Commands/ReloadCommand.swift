import ArgumentParser
import RungControl

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make rungd read its config again.",
        discussion: "An invalid config is refused with every error, and rungd keeps running the previous one (exit 1)."
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        let reply = try DaemonClient.connect().call(.reload)
        print(output.json ? DaemonClient.jsonText(reply) : "Reloaded. \(reply["status"]?.string ?? "")")
    }
}

struct RespondCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "Answer a prompt, as its buttons would.",
        discussion: """
            ANSWER is one of the prompt's actions (done, skip, success, partial, miss, climb, \
            hold, step_back; snooze postpones it 15 minutes) or your own words.
            """
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: "The occurrence id, as the prompt shows it.")
    var occurrence: String

    @Argument(help: "The answer.")
    var answer: String

    func run() throws {
        let reply = try DaemonClient.connect().call(.respond, ["occurrence": .string(occurrence), "answer": .string(answer)])
        print(output.json ? DaemonClient.jsonText(reply) : "Recorded '\(answer)' for \(occurrence).")
    }
}

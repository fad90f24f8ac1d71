import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl evidence add`: one entry, written by hand.
struct EvidenceAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an entry to the evidence log.",
        discussion: """
            Say what you did, specifically: 'gave the 3-minute stand-up update without \
            notes', not 'went fine'. The entry is written at once and never lost; its \
            number is printed. When a config file exists, the skill must be one of its \
            ladders (its id, e.g. talks) and the rung one of that ladder's.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("The skill (e.g. public-speaking).", valueName: "skill"))
    var skill: String

    @Option(name: .long, help: ArgumentHelp("The rung of the skill's ladder, from 1.", valueName: "n"))
    var rung: Int?

    @Option(name: .long, help: ArgumentHelp("The specific detail that makes it evidence.", valueName: "text"))
    var detail: String = ""

    @Argument(help: ArgumentHelp("What happened.", valueName: "what"))
    var what: [String] = []

    func run() async throws {
        try checkAgainstConfig()
        let store = try StoreAccess.open(storeOptions)
        let now = Instant.now()
        let entry = try StoreAccess.reportingFailures {
            try store.addEvidence(Evidence(
                skill: skill, rung: rung, what: what.joined(separator: " "), detail: detail,
                source: .manual, happenedAt: now, recordedAt: now))
        }
        if output.json {
            print(ExportText.jsonObject(entry))
        } else {
            TerminalOutput.write("added evidence #\(entry.id ?? 0)")
        }
    }

    /// With a config, the skill names one of its ladders and the rung one of its rungs.
    /// Without one (a person keeping only an evidence log), any well-formed skill will do.
    private func checkAgainstConfig() throws {
        let path = configOptions.resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard configOptions.config != nil || FileManager.default.fileExists(atPath: path) else { return }
        guard let config = try configOptions.check(now: Instant.now()).config else {
            throw ValidationError("The config \(path) has errors ('rungctl check-config' shows them); fix it to check the skill.")
        }
        let ladders = config.ladders.map(\.id)
        guard let ladder = config.ladder(skill) else {
            let known = ladders.isEmpty ? "it defines no ladders" : "its ladders are \(ladders.joined(separator: ", "))"
            throw ValidationError("unknown skill '\(skill)': \(path) does not name it; \(known)\(ConfigSuggestion.hint(for: skill, among: ladders)).")
        }
        if let rung, !(1...ladder.rungs.count).contains(rung) {
            throw ValidationError("rung \(rung) is not on the \(skill) ladder, which has rungs 1 to \(ladder.rungs.count).")
        }
    }
}

import ArgumentParser
import RungStore

/// `rungctl evidence add`: one entry, written by hand.
struct EvidenceAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an entry to the evidence log.",
        discussion: """
            Say what you did, specifically: 'gave the 3-minute stand-up update without \
            notes', not 'went fine'. The entry is written at once and never lost; its \
            number is printed.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
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
        let store = try StoreAccess.open(storeOptions)
        let now = StoreAccess.now()
        let entry = try StoreAccess.reportingFailures {
            try store.addEvidence(Evidence(
                skill: skill, rung: rung, what: what.joined(separator: " "), detail: detail,
                source: .manual, happenedAt: now, recordedAt: now))
        }
        if output.json {
            print(ExportText.jsonObject(entry))
        } else {
            print("added evidence #\(entry.id ?? 0)")
        }
    }
}

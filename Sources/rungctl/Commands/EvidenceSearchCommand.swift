import ArgumentParser
import RungStore

/// `rungctl evidence search`: full-text search of the log.
struct EvidenceSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the evidence log, best match first.",
        discussion: """
            Finds the entries that contain every word of TEXT in what happened, its \
            detail, its skill or who gave it, ignoring case, accents and word endings \
            ('present' finds 'presented'). Words are taken literally.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("At most this many entries.", valueName: "n"))
    var limit: Int = 50

    @Argument(help: ArgumentHelp("The words to look for.", valueName: "text"))
    var text: [String] = []

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let store = try StoreAccess.open(storeOptions)
        let entries = try StoreAccess.reportingFailures {
            try store.searchEvidence(text.joined(separator: " "), limit: limit)
        }
        print(output.json ? ExportText.jsonArray(entries) : EvidenceText.table(entries), terminator: "")
        if output.json { print() }
    }
}

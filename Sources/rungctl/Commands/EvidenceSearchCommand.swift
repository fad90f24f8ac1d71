import ArgumentParser
import RungStore

/// `rungctl evidence search`: full-text search of the log.
struct EvidenceSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the evidence log, newest first.",
        discussion: """
            Finds the entries that contain every word of TEXT in what happened, its \
            detail, its skill or who gave it, ignoring case, accents and word endings \
            ('present' finds 'presented'). Words are taken literally. Shows the newest \
            matches, up to --limit.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("At most this many entries.", valueName: "n"))
    var limit: Int = 50

    @Argument(help: ArgumentHelp("The words to look for.", valueName: "text"))
    var text: [String] = []

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1, not \(limit).") }
    }

    func run() async throws {
        let store = try StoreAccess.open(storeOptions, access: .readOnly)
        let entries = try StoreAccess.reportingFailures {
            try store.searchEvidence(text.joined(separator: " "), limit: limit)
        }
        if output.json {
            print(ExportText.jsonArray(entries))
        } else {
            TerminalOutput.write(EvidenceText.table(entries), terminator: "")
        }
    }
}

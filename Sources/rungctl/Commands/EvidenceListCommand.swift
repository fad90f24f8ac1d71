import ArgumentParser
import RungCore
import RungStore
import RungTime

/// `rungctl evidence list`: the log, oldest first.
struct EvidenceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the evidence log, oldest first.",
        discussion: "With --json, prints an array of entries in the shape of `rungctl export`."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Only entries on this skill.", valueName: "skill"))
    var skill: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Only entries since this ISO 8601 date or date-time with offset.", valueName: "date"),
        transform: DateArgument.instant)
    var since: Instant?

    func run() async throws {
        let store = try StoreAccess.open(storeOptions, access: .readOnly)
        let entries = try StoreAccess.reportingFailures { try store.evidence(skill: skill, since: since) }
        if output.json {
            print(ExportText.jsonArray(entries))
        } else {
            TerminalOutput.write(EvidenceText.table(entries), terminator: "")
        }
    }
}

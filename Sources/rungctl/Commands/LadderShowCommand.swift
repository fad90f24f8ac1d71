import ArgumentParser
import RungCore
import RungStore
import RungTime

/// `rungctl ladder show`: each ladder's rungs, where it stands and how it got there.
struct LadderShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show each ladder, or one: rungs, current rung, attempts and moves.",
        discussion: """
            For each rung: its stakes and title, the attempts at it (debriefs, with their \
            outcomes), the confidence (self-efficacy) of the newest one and the evidence \
            logged at it; then the ladder's moves with their reasons, oldest first. The \
            current rung is marked with '>'. Reads the store without writing; with no \
            store yet, nothing was tried. With --json, prints one object for ID, else an \
            array of them, with the moves in the shape of `rungctl export`.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The ladder's id, as in [ladder.ID]; all ladders when left out.")
    var ladder: String?

    func run() async throws {
        let config = try configOptions.checkedConfig(now: Instant.now(), defines: "ladders ([ladder.ID])").config
        let ladders = try ladder.map { [try LadderCommand.ladder($0, in: config)] } ?? config.ladders
        let store = try openStore()
        let reports = try StoreAccess.reportingFailures { try ladders.map { try LadderReport($0, store: store) } }
        if output.json {
            print(ladder == nil ? JSONText.array(reports.map(\.json)) : reports[0].json)
        } else if reports.isEmpty {
            TerminalOutput.write("the config defines no ladders")
        } else {
            TerminalOutput.write(reports.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }

    /// The store, read only; nil when the default one does not exist yet (nothing was
    /// tried). A missing store named with --store is an error: the path may be wrong.
    private func openStore() throws -> Store? {
        do {
            return try Store(path: storeOptions.store ?? StoreFile.defaultPath(), access: .readOnly)
        } catch let error as StoreError where error.code == .noStore && storeOptions.store == nil {
            return nil
        } catch let error as StoreError {
            StoreAccess.printError(error.description)
            throw ExitCode.failure
        }
    }
}

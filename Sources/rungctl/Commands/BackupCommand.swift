import ArgumentParser
import RungStore

/// `rungctl backup FILE`: a consistent copy of the store, safe while the daemon runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store to a new file, safely while Rung runs.",
        discussion: """
            Uses SQLite's online backup: the copy is one consistent snapshot, even while \
            rungd and other rungctl commands write. The copy is checked, private (0600), \
            and appears only when complete. FILE must not exist yet. To restore, stop \
            rungd and use the copy as --store (or move it to the default path).
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The new file.", valueName: "file"), completion: .file())
    var file: String

    func run() async throws {
        let store = try StoreAccess.open(storeOptions, access: .readOnly)
        try StoreAccess.reportingFailures { try store.backup(to: file) }
        TerminalOutput.write("backed up \(store.path) to \(file)")
    }
}

import ArgumentParser
import RungStore
#if canImport(Glibc)
import Glibc
#endif

/// `rungctl backup FILE`: a consistent copy of the store, safe while the daemon runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the store to a new file, safely while Rung runs.",
        discussion: """
            Uses SQLite's online backup: the copy is one consistent snapshot, even while \
            rungd and other rungctl commands write. The copy is checked, private (0600), \
            and appears only when complete. FILE must not exist yet. To restore, stop \
            rungd and use the copy as --store (or move it to the default path). --json \
            prints {"store", "path", "bytes"}: the store copied, the copy and its size.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("The new file.", valueName: "file"), completion: .file())
    var file: String

    func run() async throws {
        let store = try StoreAccess.open(storeOptions, access: .readOnly)
        try StoreAccess.reportingFailures { try store.backup(to: file) }
        var status = stat()
        let bytes = stat(file, &status) == 0 ? Int64(status.st_size) : 0
        output.print(
            json: JSONText.object([
                ("store", JSONText.string(store.path)), ("path", JSONText.string(file)), ("bytes", String(bytes)),
            ]),
            text: "backed up \(store.path) to \(file)")
    }
}

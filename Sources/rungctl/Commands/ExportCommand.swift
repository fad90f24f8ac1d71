import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime
#if canImport(Glibc)
import Glibc
#endif

/// `rungctl export`: everything in the store, in a documented, stable shape.
struct ExportCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export everything in the store as JSON or CSV.",
        discussion: """
            JSON (the default) is one document: {"format": "rung-export", "version": 1, \
            "exported_at", "since", and one array per table: \(Store.exportNames.joined(separator: ", "))}. \
            Instants are UTC RFC 3339 strings with microseconds. CSV writes one file per \
            table, named after it, into the directory given by --output. Existing files \
            are never overwritten. With --output, --json prints what was written: \
            {"path", "format", "since", "files", "counts": {TABLE: ROWS, ...}}; without \
            it, the JSON export itself is the output.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var printing: OutputOptions

    @Option(name: .long, help: "The format.")
    var format: Format = .json

    @Option(
        name: .long,
        help: ArgumentHelp("Only what happened since this ISO 8601 date or date-time with offset.", valueName: "date"),
        transform: DateArgument.instant)
    var since: Instant?

    @Option(name: .long, help: ArgumentHelp("Write to this file (JSON) or directory (CSV) instead of stdout.", valueName: "path"))
    var output: String?

    func validate() throws {
        if format == .csv, output == nil {
            throw ValidationError("CSV export writes one file per table; give the directory with --output")
        }
    }

    func run() async throws {
        let store = try StoreAccess.open(storeOptions, access: .readOnly)
        try StoreAccess.reportingFailures {
            do {
                switch (format, output) {
                case (.json, nil):
                    try store.exportJSON(since: since, exportedAt: Instant.now()) { chunk in
                        try FileHandle.standardOutput.write(contentsOf: Data(chunk.utf8))
                    }
                case (.json, let path?):
                    let file = try OutputFile(path)
                    let counts = try store.exportJSON(since: since, exportedAt: Instant.now(), to: file.write)
                    try file.commit()
                    report(path: path, files: [path], counts: counts)
                case (.csv, let directory?):
                    let counts = try exportCSV(store, into: directory)
                    report(path: directory, files: counts.map { directory + "/" + $0.table + ".csv" }, counts: counts)
                case (.csv, nil):
                    break
                }
            } catch let error as OutputFileError {
                TerminalOutput.error(error.description)
                throw ExitCode.failure
            }
        }
    }

    /// With --json, what was written: where, in which format, since when, and the rows of
    /// each table; nothing otherwise (the files are the output).
    private func report(path: String, files: [String], counts: [ExportCount]) {
        guard printing.json else { return }
        print(JSONText.object([
            ("path", JSONText.string(path)),
            ("format", JSONText.string(format.rawValue)),
            ("since", since.map { ExportText.json(.instant($0)) } ?? "null"),
            ("files", JSONText.array(files.map(JSONText.string))),
            ("counts", JSONText.object(counts.map { ($0.table, String($0.rows)) })),
        ]))
    }

    private func exportCSV(_ store: Store, into directory: String) throws -> [ExportCount] {
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw OutputFileError("\(directory): cannot create the directory: \(String(cString: strerror(errno)))")
        }
        let files = try Dictionary(uniqueKeysWithValues: Store.exportNames.map { name in
            (name, try OutputFile(directory + "/" + name + ".csv"))
        })
        let counts = try store.exportCSV(since: since) { table, text in try files[table]?.write(text) }
        for name in Store.exportNames { try files[name]?.commit() }
        return counts
    }
}

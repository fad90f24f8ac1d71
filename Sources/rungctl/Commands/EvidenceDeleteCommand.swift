import ArgumentParser
import Foundation
import RungCore
import RungReport
import RungStore

/// `rungctl evidence delete ID`: an entry taken out of the log for good.
struct EvidenceDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete an entry of the evidence log.",
        discussion: """
            On a terminal, asks first: 'y' or 'yes' deletes, anything else (an empty \
            line, end of input, Ctrl-C) deletes nothing and exits 1. Without a terminal, \
            --yes is needed. The entry is erased from the store file, not only hidden, in \
            one transaction, whether or not rungd runs. An unknown ID is refused with \
            nothing written.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("The entry's number, as `rungctl evidence list` shows it.", valueName: "id"))
    var id: Int64

    @Flag(name: .long, help: "Delete without asking (needed when not at a terminal).")
    var yes = false

    func validate() throws {
        guard yes || FollowUpQuestion.personAtTerminal else {
            throw ValidationError("not at a terminal to confirm: give --yes to delete evidence #\(id) without being asked.")
        }
    }

    func run() async throws {
        let store = try StoreAccess.open(storeOptions)
        guard let entry = try StoreAccess.reportingFailures({ try store.evidence(id: id) }) else {
            throw EvidenceEditCommand.unknown(id)
        }
        if !yes, !Self.confirmed("Delete evidence #\(id) \u{201C}\(EvidenceQuote.excerpt(entry.what, maxSentences: 1, maxLength: 60))\u{201D}? [y/N] ") {
            TerminalOutput.error("not confirmed; nothing was deleted")
            throw ExitCode.failure
        }
        guard let deleted = try StoreAccess.reportingFailures({ try store.deleteEvidence(id: id) }) else {
            throw EvidenceEditCommand.unknown(id)
        }
        output.print(json: ExportText.jsonObject(deleted), text: "deleted evidence #\(id)")
    }

    /// Asks `question` on standard error and reads one line: true for "y" or "yes" in any case.
    private static func confirmed(_ question: String) -> Bool {
        FileHandle.standardError.write(Data(TerminalStyle.escaped(question).utf8))
        guard let line = TerminalInput.line() else {
            FileHandle.standardError.write(Data("\n".utf8))
            return false
        }
        return ["y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

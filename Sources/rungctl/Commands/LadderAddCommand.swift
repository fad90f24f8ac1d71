import ArgumentParser
import Foundation
import RungCore
import RungTime

/// `rungctl ladder add`: a `[ladder.ID]` table appended to the config in place.
struct LadderAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a ladder to the config file, keeping its comments and layout.",
        discussion: """
            Appends a [ladder.ID] table after the config's last ladder (at the end when it \
            has none); every other byte of the file stays as it was. Give the rungs in order, \
            from just manageable to genuinely challenging, each as --rung "TITLE:STAKES" \
            (stakes low, medium or high; 5 to 12 rungs make steps small enough to climb). \
            The new file is checked and written only when it is valid; a running rungd then \
            reloads it.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The ladder's id, as in [ladder.ID]: letters, digits, '-' and '_'.")
    var id: String

    @Option(name: .long, help: ArgumentHelp("What the ladder trains.", valueName: "text"))
    var skill: String

    @Option(name: .customLong("rung"), help: ArgumentHelp("A rung as TITLE:STAKES, e.g. 'Ten-minute demo to my team:medium'; repeat, easiest first.", valueName: "title:stakes"))
    var rungs: [String] = []

    @Option(name: .customLong("check-in"), help: ArgumentHelp("When to look back and decide, a calendar expression such as 'Sun 18:00'.", valueName: "calendar"))
    var checkIn: String?

    func validate() throws {
        guard ConfigEdit.isWellFormedID(id) else {
            throw ValidationError("ill-formed ladder id '\(id)': use letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters.")
        }
        guard !rungs.isEmpty else { throw ValidationError("give the ladder's rungs, easiest first, each as --rung \"TITLE:STAKES\".") }
        _ = try parsedRungs()
    }

    /// Each `--rung` split at its last colon into a title and stakes.
    func parsedRungs() throws -> [Rung] {
        try rungs.map { text in
            guard let colon = text.lastIndex(of: ":"), let stakes = Stakes(rawValue: String(text[text.index(after: colon)...])) else {
                throw ValidationError("give each rung as --rung \"TITLE:STAKES\" with stakes low, medium or high, not '\(text)'.")
            }
            return Rung(title: String(text[..<colon]), stakes: stakes)
        }
    }

    func run() throws {
        let editor = try ConfigFileEditor(configOptions, now: Instant.now())
        var entries: [(key: String, value: String)] = [("skill", ConfigEdit.quoted(skill))]
        if let checkIn { entries.append(("check_in", ConfigEdit.quoted(checkIn))) }
        let rungList = try parsedRungs()
        entries.append(("rungs", ConfigEdit.rungsArray(rungList)))
        try ConfigFileEditor.checkValues("ladder", id: id, entries: entries)
        let text = try editor.edited { text throws(ConfigEditError) in
            try ConfigEdit.appendingTable("ladder", id: id, entries: entries, to: text)
        }
        _ = try editor.validate(text, change: "adding [ladder.\(id)]")
        try editor.write(text)
        let daemon = try editor.reloadDaemon()
        output.print(
            json: editor.json(changed: "ladder.\(id)", daemon: daemon),
            text: "Added [ladder.\(id)] with \(rungList.count) rung\(rungList.count == 1 ? "" : "s") to \(editor.path).\n\(daemon)")
    }
}

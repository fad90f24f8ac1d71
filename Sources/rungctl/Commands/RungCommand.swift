import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl rung`: a ladder's rungs, changed without opening the config.
struct RungCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rung",
        abstract: "Add a rung to a ladder in the config.",
        subcommands: [RungAddCommand.self]
    )
}

/// `rungctl rung add`: one rung put into a ladder's `rungs = [ … ]`, and every number that
/// names a rung above it moved up by one, in the config and in the store.
struct RungAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a rung to a ladder, between two rungs or at either end.",
        discussion: """
            Puts the rung into the ladder's rungs = [ … ] in the config, written as its \
            neighbours are; every other byte of the file stays as it was. The rungs after it \
            move up by one: performances that name them by number are renumbered in the \
            config, and the store's debriefs, evidence, ratings and ladder moves for the \
            ladder move with them, so your record stays with the rung it happened at. The \
            config and the store change together or not at all. A running rungd then reloads \
            the config.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The ladder's id, as in [ladder.ID].")
    var ladder: String

    @Option(name: .long, help: ArgumentHelp("The rung the new one follows: its number (0 for first) or its title.", valueName: "rung"))
    var after: String

    @Option(name: .long, help: ArgumentHelp("The new rung, in your words.", valueName: "text"))
    var title: String

    @Option(name: .long, help: ArgumentHelp("low, medium or high.", valueName: "stakes"))
    var stakes: String

    func validate() throws {
        guard Stakes(rawValue: stakes) != nil else { throw ValidationError("--stakes must be low, medium or high, not '\(stakes)'.") }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--title must not be empty.") }
    }

    func run() throws {
        let editor = try ConfigFileEditor(configOptions, now: Instant.now())
        let ladder = try LadderCommand.ladder(self.ladder, in: editor.config)
        let after = try LadderCommand.rung(named: self.after, on: ladder)
        guard (0...ladder.rungs.count).contains(after) else {
            throw ValidationError("--after must be 0 (first) to \(ladder.rungs.count) (last) or a rung's title, not \(after).")
        }
        if let existing = ladder.rungs.firstIndex(where: { $0.title == title }) {
            throw ValidationError("ladder '\(ladder.id)' already has a rung titled '\(title)' (rung \(existing + 1)).")
        }
        let text = try editor.edited { text throws(ConfigEditError) in
            try ConfigEdit.insertingRung(title: title, stakes: Stakes(rawValue: stakes)!, into: ladder.id, after: after, in: text)
        }
        _ = try editor.validate(text, change: "adding the rung")
        let storePath = storeOptions.store ?? StoreFile.defaultPath()
        var renumbered = 0
        let hasStore = FileManager.default.fileExists(atPath: storePath)
        if after < ladder.rungs.count, hasStore {
            // The new config is staged on disk first; the store's renumbering runs in one
            // transaction that puts the file in place as its last step before committing.
            // A failure before the rename rolls the store back and leaves the old file; a
            // failed commit after it puts the old text back. Either way the config and the
            // store keep agreeing on which number is which rung.
            let store = try StoreAccess.open(storeOptions)
            try editor.write(text) { putInPlace in
                renumbered = try StoreAccess.reportingFailures {
                    try store.shiftRungs(ofLadder: ladder.id, after: after, beforeCommit: putInPlace)
                }
            }
        } else {
            try editor.write(text)
        }
        let daemon = try editor.reloadDaemon()
        let number = after + 1
        var lines = ["Added rung \(number) \u{201C}\(title)\u{201D} to ladder '\(ladder.id)' in \(editor.path)."]
        if after < ladder.rungs.count {
            let moved = number == ladder.rungs.count
                ? "Rung \(number) is now rung \(number + 1)"
                : "Rungs \(number) to \(ladder.rungs.count) are now \(number + 1) to \(ladder.rungs.count + 1)"
            let records = "\(renumbered) record\(renumbered == 1 ? "" : "s") in the store moved with \(number == ladder.rungs.count ? "it" : "them")"
            lines.append(moved + (hasStore ? "; \(records)." : "."))
        }
        lines.append(daemon)
        output.print(
            json: JSONText.object([
                ("path", JSONText.string(editor.path)), ("changed", JSONText.string("ladder.\(ladder.id)")), ("rung", "\(number)"),
                ("store_records_renumbered", "\(renumbered)"), ("rungd", JSONText.string(daemon)),
            ]),
            text: lines.joined(separator: "\n"))
    }
}

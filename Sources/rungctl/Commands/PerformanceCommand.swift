import ArgumentParser
import Foundation
import RungCore
import RungTime

/// `rungctl performance`: performances in the config, changed without opening the file.
struct PerformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performance",
        abstract: "Add a performance to the config.",
        subcommands: [PerformanceAddCommand.self]
    )
}

/// `rungctl performance add`: a `[performance.ID]` table appended to the config in place.
struct PerformanceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a performance to the config file, keeping its comments and layout.",
        discussion: """
            Appends a [performance.ID] table after the config's last performance (at the end \
            when it has none); every other byte of the file stays as it was. Each option sets \
            the key of the same name. The file is the one given by --config, else the one \
            rungd runs on, else the default. The new file is checked as check-config checks \
            it and written only when it is valid (exit 1 with every problem otherwise, the \
            file unchanged). A running rungd then reloads it; otherwise the performance \
            takes effect when rungd starts.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The performance's id, as in [performance.ID]: letters, digits, '-' and '_'.")
    var id: String

    @Option(name: .long, help: ArgumentHelp("What it is, as prompts will name it.", valueName: "text"))
    var title: String

    @Option(name: .long, help: ArgumentHelp("One date and time: 2027-03-18 19:00, with a zone name after it to use another zone, or 2027-03-18T19:00:00.", valueName: "date"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("A recurring practice: a calendar expression such as 'Mon,Wed 09:30'.", valueName: "calendar"))
    var on: String?

    @Option(name: .long, help: ArgumentHelp("The ladder it is an attempt on.", valueName: "id"))
    var ladder: String?

    @Option(name: .long, help: ArgumentHelp("The rung: its number from 1, its title, or 'current' to follow the ladder.", valueName: "rung"))
    var rung: String?

    @Option(name: .long, help: ArgumentHelp("low, medium or high (default: the rung's stakes).", valueName: "stakes"))
    var stakes: String?

    @Option(name: .long, help: ArgumentHelp("Whom to watch do it well first (the vicarious prompt).", valueName: "name"))
    var peer: String?

    @Option(name: .long, help: ArgumentHelp("Who will see it and can tell you one specific thing (the affirmation prompt).", valueName: "name"))
    var observer: String?

    @Option(name: .long, help: ArgumentHelp("How long it lasts, e.g. 15min (default 1h).", valueName: "span"))
    var duration: String?

    @Option(name: .customLong("channel"), help: ArgumentHelp("A channel for its prompts (the 'channels' key); repeat for a fallback chain.", valueName: "name"))
    var channels: [String] = []

    func validate() throws {
        guard ConfigEdit.isWellFormedID(id) else {
            throw ValidationError("ill-formed performance id '\(id)': use letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters.")
        }
        guard (at == nil) != (on == nil) else {
            throw ValidationError("give --at DATE for one performance or --on CALENDAR for a recurring practice (one of them).")
        }
        if rung != nil, ladder == nil { throw ValidationError("--rung needs --ladder: the rung is one of a ladder's.") }
        if let stakes, Stakes(rawValue: stakes) == nil { throw ValidationError("--stakes must be low, medium or high, not '\(stakes)'.") }
    }

    func run() throws {
        let editor = try ConfigFileEditor(configOptions, now: Instant.now())
        var entries: [(key: String, value: String)] = [("title", ConfigEdit.quoted(title))]
        if let ladder {
            let known = try LadderCommand.ladder(ladder, in: editor.config)
            entries.append(("ladder", ConfigEdit.quoted(ladder)))
            if let rung { entries.append(("rung", try rungValue(rung, on: known))) }
        }
        var scheduleAndMore: [(key: String, value: String)] = []
        if let stakes { scheduleAndMore.append(("stakes", ConfigEdit.quoted(stakes))) }
        if let at { scheduleAndMore.append(("at", ConfigEdit.dateTimeValue(at))) }
        if let on { scheduleAndMore.append(("on", ConfigEdit.quoted(on))) }
        if let duration { scheduleAndMore.append(("duration", ConfigEdit.quoted(duration))) }
        if let peer { scheduleAndMore.append(("peer", ConfigEdit.quoted(peer))) }
        if let observer { scheduleAndMore.append(("observer", ConfigEdit.quoted(observer))) }
        try ConfigFileEditor.checkValues("performance", id: id, entries: [entries[0]] + scheduleAndMore)
        entries += scheduleAndMore
        if !channels.isEmpty { entries.append(("channels", try ConfigFileEditor.channelList(channels, in: editor.config))) }
        let text = try editor.edited { text throws(ConfigEditError) in
            try ConfigEdit.appendingTable("performance", id: id, entries: entries, to: text)
        }
        _ = try editor.validate(text, change: "adding [performance.\(id)]")
        try editor.write(text)
        let daemon = try editor.reloadDaemon()
        output.print(json: editor.json(changed: "performance.\(id)", daemon: daemon), text: "Added [performance.\(id)] to \(editor.path).\n\(daemon)")
    }

    /// `rung` as TOML: a number stays a number (its range checked here), a title or
    /// "current" becomes a string.
    private func rungValue(_ rung: String, on ladder: Ladder) throws -> String {
        if rung == "current" { return ConfigEdit.quoted(rung) }
        let number = try LadderCommand.rung(named: rung, on: ladder)
        guard (1...ladder.rungs.count).contains(number) else {
            throw ValidationError("ladder '\(ladder.id)' has no rung \(number): its rungs are 1 to \(ladder.rungs.count).")
        }
        return Int(rung) != nil ? String(number) : ConfigEdit.quoted(rung)
    }
}

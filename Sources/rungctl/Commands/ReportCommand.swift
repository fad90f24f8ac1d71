import ArgumentParser
import RungCore
import RungReport
import RungStore
import RungTime

/// `rungctl report`: the person's progress, a screen per ladder, from the config and the
/// store; `--json` for programs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show your progress on each ladder: attempts, confidence, calibration, moves and what is ahead.",
        discussion: """
            For each ladder: where it stands, each rung (the current one marked) with the \
            attempts at it and their outcomes, the evidence logged and the latest confidence \
            rated for it; your confidence over time as a sparkline; calibration (how well \
            your predictions matched what happened, once enough attempts had one: the Brier \
            score and the bias in words); what Rung proposes and why; the moves with their \
            reasons; the next high-stakes performance with its readiness and the rehearsals \
            planned before it; and the debriefs written. There are no streaks: a prompt that \
            passed is not a lapse. Then the performances of the next 90 days. With --since, \
            what happened counts from that date on; where a ladder stands and what Rung \
            proposes read the whole record. Colour and Unicode blocks on a terminal; plain \
            ASCII with NO_COLOR set or when piped, laid out for 80 columns. On a terminal a \
            report longer than the screen is shown through $PAGER, else less, as `rungctl \
            log` shows it; --no-pager writes it directly. Reads the store \
            without writing; with no store yet, nothing was tried. With --json, prints one \
            object with every figure and list, times in ISO 8601. With --html FILE, writes \
            the report as one self-contained HTML page instead (charts, the whole evidence \
            log by month, no script and nothing fetched; light or dark, printable) to a new \
            file readable by you alone, never replacing one, and prints its path.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var pager: PagerOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Count what happened from this date (2024-05-01, local midnight) or date-time with offset.", valueName: "date"),
        transform: DateArgument.instant)
    var since: Instant?

    @Option(name: .long, help: ArgumentHelp("Only this ladder, as in [ladder.ID].", valueName: "id"))
    var ladder: String?

    @Option(name: .long, help: ArgumentHelp("Write the report as an HTML page to this new file, and print its path.", valueName: "file"))
    var html: String?

    func run() throws {
        let now = Instant.now()
        let config = try configOptions.checkedConfig(now: now, defines: "ladders ([ladder.ID])")
        if let ladder { _ = try LadderCommand.ladder(ladder, in: config.config) }
        let store = try StoreAccess.openExisting(storeOptions)
        let report = try StoreAccess.reportingFailures {
            try ProgressReport(
                config: config.config, systemZone: config.systemZone, zone: PersonTime.zone, store: store, now: now, since: since,
                ladder: ladder, withEvidence: html != nil)
        }
        if let html {
            try writePage(report, to: html)
        } else if output.json {
            print(ReportJSON.object(report))
        } else {
            pager.show(ReportText(report, style: .standardOutput).text)
        }
    }

    /// The page, written whole under its name (0600) or not at all; its path, or with --json
    /// `{"path": …}`, printed.
    private func writePage(_ report: ProgressReport, to path: String) throws {
        do {
            let file = try OutputFile(path)
            try file.write(ReportPage.html(report))
            try file.commit()
        } catch let error as OutputFileError {
            TerminalOutput.error(error.description)
            throw ExitCode.failure
        }
        if output.json {
            print(JSONText.object([("path", JSONText.string(path))]))
        } else {
            TerminalOutput.write(path)
        }
    }
}

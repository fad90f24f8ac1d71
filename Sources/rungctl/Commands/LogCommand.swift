import ArgumentParser
import Foundation
import RungCore
import RungReport
import RungStore
import RungTime

/// `rungctl log`: the person's timeline, everything Rung recorded, oldest first.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show everything that happened, oldest first: prompts, answers, debriefs, evidence, moves.",
        discussion: """
            One line per thing that happened, under a heading for each day, in your time \
            zone: 'YYYY-MM-DD HH:MM  KIND  WHAT'. KIND is prompt (a prompt came due, and \
            what became of it), delivery (an attempt on one channel, and its outcome), \
            answer, snooze, debrief, evidence, edit (an evidence entry corrected), predict, \
            rating, ladder (a move, with its reason) or pause. Performances, ladders and \
            rungs are named by their titles in the config; without a usable config, by \
            their ids (with a warning). On a terminal the log is shown through $PAGER, else \
            less (with LESS=FRX unless LESS is set); PAGER=cat or --no-pager writes it \
            directly. Reads the store without writing; with no store yet, nothing was \
            recorded. With --json, prints an array of objects, oldest first, each with \
            "at" (UTC ISO 8601), "type" and the fields of its type (README.md, "Your \
            data: the store"); ids, never titles.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Only what happened since this ISO 8601 date or date-time with offset.", valueName: "date"),
        transform: DateArgument.instant)
    var since: Instant?

    @OptionGroup var pager: PagerOptions

    func run() async throws {
        let now = Instant.now()
        let entries = try StoreAccess.openExisting(storeOptions).map { store in
            try StoreAccess.reportingFailures { try store.timeline(since: since, until: now) }
        } ?? []
        if output.json {
            print(ActivityLog(entries: entries, names: SubjectNames(config: nil)).json())
            return
        }
        guard !entries.isEmpty else {
            TerminalOutput.write(since.map { "nothing recorded since \(StoreAccess.localMinute($0))" } ?? "nothing recorded yet")
            return
        }
        let log = ActivityLog(entries: entries, names: SubjectNames(config: config(now: now)))
        let text = log.text(in: PersonTime.zone)
        pager.show(text)
    }

    /// The config whose titles name what the store keeps by id: --config, else the one
    /// rungd runs on, else the default. Without one that can be read and has no errors,
    /// a warning, and the log names everything by its id.
    private func config(now: Instant) -> Config? {
        let environment = ProcessInfo.processInfo.environment
        let path = configOptions.config ?? ConfigOptions.runningDaemonConfig() ?? configOptions.resolvedPath(environment: environment)
        let idsInstead = "performances and ladders are shown by their ids"
        guard FileManager.default.fileExists(atPath: path) else {
            TerminalOutput.warning("no config at \(path): \(idsInstead)")
            return nil
        }
        let text: String
        do {
            text = try ConfigFile.read(atPath: path)
        } catch {
            TerminalOutput.warning("\(path): \(error.message); \(idsInstead)")
            return nil
        }
        guard let config = ConfigLoader.check(text, path: path, now: now, systemZone: PersonTime.zone).config else {
            TerminalOutput.warning("the config \(path) has errors ('rungctl check-config' shows them): \(idsInstead)")
            return nil
        }
        return config
    }
}

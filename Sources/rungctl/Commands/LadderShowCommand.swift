import ArgumentParser
import RungCore
import RungStore
import RungTime

/// `rungctl ladder show`: each ladder's rungs, where it stands, how it got there and
/// what Rung proposes next, with `--explain` the facts behind the proposal.
struct LadderShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show each ladder, or one: rungs, current rung, attempts, proposal and moves.",
        discussion: """
            For each rung: its stakes and title, the attempts at it (debriefs, with their \
            outcomes), the latest confidence (self-efficacy) rated for it (by `rungctl \
            ladder rate`, a prediction or a debrief) and the evidence logged at it. Then \
            what Rung proposes (climb, hold or step back) with its reason and what to do \
            next, how well your predictions matched what happened, warnings (a \
            high-stakes performance ahead without enough medium-stakes successes before \
            it, neighbouring rungs rated far apart), and the ladder's moves with their \
            reasons, oldest first. The current rung is marked with '>'. A proposal never \
            moves the ladder: your answer to the check-in or `rungctl ladder climb`, \
            `hold` or `back` does. With --explain, prints the proposal, every fact it was \
            computed from and the thresholds in force instead. Reads the store without \
            writing; with no store yet, nothing was tried. With --json, prints one object \
            for ID, else an array of them, with the moves in the shape of `rungctl \
            export`.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The ladder's id, as in [ladder.ID]; all ladders when left out.")
    var ladder: String?

    @Flag(help: "Print the proposal, every fact it was computed from and the thresholds in force.")
    var explain = false

    func run() async throws {
        let now = Instant.now()
        let config = try configOptions.checkedConfig(now: now, defines: "ladders ([ladder.ID])")
        let ladders = try ladder.map { [try LadderCommand.ladder($0, in: config.config)] } ?? config.config.ladders
        let store = try StoreAccess.openExisting(storeOptions)
        let reports = try StoreAccess.reportingFailures { try ladders.map { try LadderReport($0, config: config, store: store, now: now) } }
        if output.json {
            let objects = reports.map { $0.json(explained: explain) }
            print(ladder == nil ? JSONText.array(objects) : objects[0])
        } else if reports.isEmpty {
            TerminalOutput.write("the config defines no ladders")
        } else if explain {
            TerminalOutput.write(reports.map(\.explanation).joined(separator: "\n"), terminator: "")
        } else {
            TerminalOutput.write(reports.map(\.text).joined(separator: "\n"), terminator: "")
        }
    }
}

import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// What `rungctl ladder climb`, `hold` and `back` share: the ladder, the rung and the
/// reason, and the one way a move by hand is recorded.
struct LadderStepOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The ladder's id, as in [ladder.ID].")
    var ladder: String

    @Option(name: .long, help: ArgumentHelp("The rung to move to: its number from 1, or its title.", valueName: "rung"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("Why, kept with the move.", valueName: "text"))
    var why: String = "moved by hand"

    static let discussion = """
        Moves are recorded in the store with their reason, whether or not rungd is \
        running. A ladder with no recorded move stands on rung 1: its start is recorded \
        with the move. A move the ladder cannot take (past the top rung, below rung 1, or \
        a --to that goes the other way) is refused and nothing is written.
        """

    /// Records `step` on the ladder and prints the moves it recorded.
    func record(_ step: LadderStep) throws {
        let config = try configOptions.checkedConfig(now: Instant.now(), defines: "ladders ([ladder.ID])").config
        let ladder = try LadderCommand.ladder(self.ladder, in: config)
        let requested = try to.map { try LadderCommand.rung(named: $0, on: ladder) }
        let reason = why.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ValidationError("The reason (--why) is empty.") }
        let store = try StoreAccess.open(storeOptions)
        let moves: [LadderMove]
        do {
            moves = try StoreAccess.reportingFailures {
                try store.stepLadder(ladder.id, at: Instant.now()) { current in
                    (step, try step.target(on: ladder, from: current, requested: requested), reason)
                }
            }
        } catch let refusal as LadderStep.Refusal {
            TerminalOutput.error("\(refusal.description); nothing was recorded")
            throw ExitCode.failure
        }
        let last = moves[moves.count - 1]
        let title = ladder.rungs[last.toRung - 1].title
        output.print(
            json: JSONText.array(moves.map(ExportText.jsonObject)),
            text: "\(ladder.id): \(last.kind.rawValue) to rung \(last.toRung) of \(ladder.rungs.count), \(title) (\(last.reason))")
    }
}

import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl ladder`: see the ladders and move them by hand.
struct LadderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Show your ladders and what Rung proposes, move one, or rate a rung.",
        discussion: """
            A ladder's rungs and its current rung come from the config and the store. \
            A ladder with no recorded move stands on rung 1. Rung proposes to climb, \
            hold or step back from your record, with its reason; only you move the \
            ladder: by hand here, or by answering a check-in climb, hold or step back.
            """,
        subcommands: [LadderShowCommand.self, LadderClimbCommand.self, LadderHoldCommand.self, LadderBackCommand.self, LadderRateCommand.self, LadderAddCommand.self],
        defaultSubcommand: LadderShowCommand.self
    )

    /// The ladder `id` names; a usage error listing the ladders the config has otherwise.
    static func ladder(_ id: String, in config: Config) throws -> Ladder {
        if let ladder = config.ladder(id) { return ladder }
        let ids = config.ladders.map(\.id)
        let known = ids.isEmpty ? "the config defines no ladders" : "the config's ladders are \(ids.joined(separator: ", "))"
        throw ValidationError("unknown ladder '\(id)': \(known)\(ConfigSuggestion.hint(for: id, among: ids)).")
    }

    /// The rung `text` names on `ladder`: a number (its range is checked where it is
    /// used) or a rung's exact title; a usage error naming the titles otherwise.
    static func rung(named text: String, on ladder: Ladder) throws -> Int {
        if let number = Int(text) { return number }
        if let index = ladder.rungs.firstIndex(where: { $0.title == text }) { return index + 1 }
        let titles = ladder.rungs.map(\.title)
        throw ValidationError("ladder '\(ladder.id)' has no rung titled '\(text)'; give a number from 1 to \(ladder.rungs.count) or a title\(ConfigSuggestion.hint(for: text, among: titles)).")
    }
}

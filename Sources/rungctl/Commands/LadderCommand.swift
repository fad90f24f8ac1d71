import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl ladder`: see the ladders and move them by hand.
struct LadderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Show your ladders, or climb, hold or step back on one.",
        discussion: """
            A ladder's rungs and its current rung come from the config and the store. \
            A ladder with no recorded move stands on rung 1. A check-in answered climb, \
            hold or step back moves its ladder too.
            """,
        subcommands: [LadderShowCommand.self, LadderClimbCommand.self, LadderHoldCommand.self, LadderBackCommand.self],
        defaultSubcommand: LadderShowCommand.self
    )

    /// The ladder `id` names; a usage error listing the ladders the config has otherwise.
    static func ladder(_ id: String, in config: Config) throws -> Ladder {
        if let ladder = config.ladder(id) { return ladder }
        let ids = config.ladders.map(\.id)
        let known = ids.isEmpty ? "the config defines no ladders" : "the config's ladders are \(ids.joined(separator: ", "))"
        throw ValidationError("unknown ladder '\(id)': \(known)\(ConfigSuggestion.hint(for: id, among: ids)).")
    }
}

import ArgumentParser

/// `rungctl evidence`: the mastery evidence log.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Add to, correct, list and search your mastery evidence log.",
        discussion: """
            The evidence log is your record of what you did: specific things a camera \
            could have recorded, on a skill and a rung of its ladder. Debriefs and \
            feedback add to it; so can you, by hand.
            """,
        subcommands: [
            EvidenceAddCommand.self, EvidenceEditCommand.self, EvidenceDeleteCommand.self, EvidenceListCommand.self,
            EvidenceSearchCommand.self,
        ]
    )
}

import ArgumentParser

/// `rungctl ladder back`.
struct LadderBackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "back", abstract: "Step back a rung (by default the one below).", discussion: LadderStepOptions.discussion)

    @OptionGroup var options: LadderStepOptions

    func run() throws {
        try options.record(.stepBack)
    }
}

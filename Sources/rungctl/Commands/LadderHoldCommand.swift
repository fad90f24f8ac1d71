import ArgumentParser

/// `rungctl ladder hold`.
struct LadderHoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Stay on the current rung, and say why.", discussion: LadderStepOptions.discussion)

    @OptionGroup var options: LadderStepOptions

    func run() throws {
        try options.record(.hold)
    }
}

import ArgumentParser

/// `rungctl ladder climb`.
struct LadderClimbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "climb", abstract: "Move up a rung (by default the next one).", discussion: LadderStepOptions.discussion)

    @OptionGroup var options: LadderStepOptions

    func run() throws {
        try options.record(.climb)
    }
}

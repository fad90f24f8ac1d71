import ArgumentParser
import RungCore

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "Normalize calendar expressions and show when they elapse.")
    @Argument var expressions: [String]
    func run() async throws {}
}

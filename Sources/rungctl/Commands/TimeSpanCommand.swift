import ArgumentParser
import RungCore

struct TimeSpanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timespan", abstract: "Parse time spans and show them normalized.")
    @Argument var spans: [String]
    func run() async throws {}
}

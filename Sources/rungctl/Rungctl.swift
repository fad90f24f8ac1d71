import ArgumentParser
import Foundation

/// `rungctl`: the control CLI of Rung.
@main
struct Rungctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rungctl",
        abstract: "Control Rung, the mastery-experience coach.",
        subcommands: [
            CalendarCommand.self,
            TimeSpanCommand.self,
            CheckConfigCommand.self,
            UpcomingCommand.self,
            StatusCommand.self,
            SnoozeCommand.self,
            PauseCommand.self,
            ResumeCommand.self,
            ReloadCommand.self,
            RespondCommand.self,
            TestNotifyCommand.self,
            EvidenceCommand.self,
            ExportCommand.self,
            BackupCommand.self,
        ]
    )

    /// Runs the command the arguments name. Errors are printed as ArgumentParser would, but
    /// through `TerminalOutput`: they repeat the arguments, which may hold escape sequences.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                TerminalOutput.writeError(message)
            }
            Foundation.exit(status.rawValue)
        }
    }
}

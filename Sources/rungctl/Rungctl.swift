import ArgumentParser
import Foundation

/// `rungctl`: the control CLI of Rung.
@main
struct Rungctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rungctl",
        abstract: "Control Rung, the mastery-experience coach.",
        subcommands: [
            InitCommand.self,
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
            PredictCommand.self,
            DebriefCommand.self,
            FeedbackCommand.self,
            LadderCommand.self,
            ExportCommand.self,
            BackupCommand.self,
        ]
    )

    /// Runs the command the arguments name. Errors are printed as ArgumentParser would, but
    /// through `TerminalOutput` (they repeat the arguments, which may hold escape sequences),
    /// and a usage error found while running names the usage of the command that found it.
    static func main() async {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(reporting: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            let usage = usageString(for: type(of: command))
            let path = usage.split(separator: " ").prefix { !["[", "<", "-"].contains($0.first) }.joined(separator: " ")
            TerminalOutput.writeError("Error: \(error.message)\nUsage: \(usage)\n  See '\(path) --help' for more information.")
            Foundation.exit(exitCode(for: error).rawValue)
        } catch {
            exit(reporting: error)
        }
    }

    /// Prints what `error` says (help to standard output, the rest escaped to standard
    /// error) and exits with its status.
    static func exit(reporting error: Error) -> Never {
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

import ArgumentParser
import Foundation
import RungCore
import RungStore

/// `rungctl`: the control CLI of Rung.
@main
struct Rungctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rungctl",
        abstract: "Control Rung, the mastery-experience coach.",
        discussion: """
            Errors are printed as 'rungctl: error: …'. Exit statuses: 0 done; 1 it could not \
            be done (the message says why); 3 rungd is not running and the command needs it; \
            64 the command line was wrong. Times are shown in your own time zone; --json keeps \
            exact ISO 8601 times. Colour only on a terminal, never with NO_COLOR set.
            """,
        version: "rungctl \(RungVersion.current)",
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
            PerformanceCommand.self,
            RungCommand.self,
            ReportCommand.self,
            ExportCommand.self,
            BackupCommand.self,
        ]
    )

    /// Runs the command the arguments name. Every error has one form, `rungctl: error: …`
    /// (see `TerminalOutput.error`), a usage error followed by the usage of the command
    /// that found it; see `ExitStatus` for the statuses.
    /// Arguments that are not valid UTF-8 are refused before any is read.
    static func main() async {
        if let position = ArgumentEncoding.firstInvalidArgument() {
            TerminalOutput.error(ArgumentEncoding.refusal(position: position))
            Foundation.exit(ExitStatus.usage)
        }
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
            TerminalOutput.error("\(error.message)\nUsage: \(usage)\n  See '\(path) --help' for more information.")
            Foundation.exit(ExitStatus.usage)
        } catch {
            exit(reporting: error)
        }
    }

    /// Prints what `error` says (help to standard output, the rest escaped to standard
    /// error, as `rungctl: error: …`) and exits with its status.
    static func exit(reporting error: Error) -> Never {
        if let error = error as? StoreError {
            TerminalOutput.error(error.reason)
            Foundation.exit(ExitStatus.failure)
        }
        let status = exitCode(for: error)
        let message = fullMessage(for: error)
        if status == .success {
            if !message.isEmpty { print(message) }
        } else if !message.isEmpty {
            let parserPrefix = "Error: "
            TerminalOutput.error(message.hasPrefix(parserPrefix) ? String(message.dropFirst(parserPrefix.count)) : message)
        }
        Foundation.exit(status.rawValue)
    }
}

/// rungctl's exit statuses, the same for every command (and rungd's where they meet).
enum ExitStatus {
    /// It did what was asked.
    static let success: Int32 = 0
    /// It could not: the store, a file, rungd or the rules refused, and said why.
    static let failure: Int32 = 1
    /// rungd is not running, for a command that needs it (as `systemctl status` says it).
    static let notRunning: Int32 = 3
    /// The command line was wrong: an unknown command, option, id or value, a value out of
    /// its range (EX_USAGE).
    static let usage: Int32 = 64
}

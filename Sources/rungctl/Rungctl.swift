import ArgumentParser

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
}

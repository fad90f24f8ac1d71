import ArgumentParser
import Foundation
import RungControl
import RungCore

struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Hold back the prompts of one performance or ladder, or all of them.",
        discussion: """
            SUBJECT is a performance or ladder id (or performance:ID, ladder:ID); without \
            one, everything pauses. Without --for the pause lasts until 'rungctl resume'. \
            Pausing is a normal thing to do; prompts that fall in a pause are not sent later. \
            When rungd is not running the pause goes into the store, and rungd honours it \
            when it starts.
            """
    )

    @Option(name: .customLong("for"), help: ArgumentHelp("How long to pause, e.g. 3d; at most 1y.", valueName: "span"))
    var duration: String?

    @OptionGroup var output: OutputOptions

    @Argument(help: "The performance or ladder to pause.")
    var subject: String?

    func run() throws {
        let seconds = try duration.map { duration in
            try SpanArgument.seconds(duration, atMost: TimeLimits.pause, what: "A pause", note: " Without --for it lasts until resumed.")
        }
        let daemon = try DaemonClient.connectOrOffline()
        let reply = try daemon.call(ControlInterface.PauseRequest(subject: subject, seconds: seconds))
        if output.json {
            print(DaemonClient.jsonText(reply.parameters))
            return
        }
        let pause = reply.value.pause
        TerminalOutput.write("Paused \(pause.subject ?? "everything") \(pause.until.map { "until \(PersonTime.text(iso: $0))" } ?? "until you resume")\(daemon.offlineNote).")
    }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "End the pauses of one performance or ladder, or every pause.",
        discussion: "When rungd is not running the pauses end in the store, and rungd sees it when it starts."
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: "The performance or ladder to resume.")
    var subject: String?

    func run() throws {
        let daemon = try DaemonClient.connectOrOffline()
        let reply = try daemon.call(ControlInterface.ResumeRequest(subject: subject))
        if output.json {
            print(DaemonClient.jsonText(reply.parameters))
            return
        }
        let count = reply.value.resumed
        TerminalOutput.write((count == 0 ? "Nothing was paused" : "Resumed \(count) pause\(count == 1 ? "" : "s")") + daemon.offlineNote + ".")
    }
}

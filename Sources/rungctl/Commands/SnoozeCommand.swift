import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungTime

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Postpone a prompt, or every pending one, by a time span or until a time.",
        discussion: """
            'rungctl snooze ID 15min' postpones one prompt (its id is in the prompt, and in \
            'rungctl upcoming --json'); 'rungctl snooze --all 1h' postpones everything \
            delivered and unanswered or due within the hour (however long the span, it is \
            one record); --until TIME instead of a span postpones until then. Snoozes are \
            kept in the store and survive restarts; when rungd is not running a snooze goes \
            straight into the store under the same rules, and rungd honours it when it starts.
            """
    )

    @Flag(name: .long, help: "Snooze every pending prompt instead of one.")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Snooze until this time (ISO 8601 with an offset).", valueName: "time"))
    var until: String?

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("The occurrence id (unless --all), then the time span, at most 4w (unless --until).", valueName: "occurrence-or-span"))
    var words: [String] = []

    func run() throws {
        var words = self.words
        var request = ControlInterface.SnoozeRequest()
        if all {
            request.all = true
        } else {
            guard !words.isEmpty else { throw ValidationError("Name the occurrence to snooze, or use --all.") }
            request.occurrence = words.removeFirst()
        }
        if let until {
            guard words.isEmpty else { throw ValidationError("Give either a time span or --until, not both.") }
            guard let instant = TimestampFormat.parseISO8601(until) else {
                throw ValidationError("--until '\(until)' is not ISO 8601 with an offset, e.g. 2026-11-25T18:00:00+01:00.")
            }
            request.until = TimestampFormat.iso8601(instant, in: .utc)
        } else {
            guard words.count == 1 else { throw ValidationError("Give one time span (e.g. 15min), or --until TIME.") }
            request.seconds = try SpanArgument.seconds(words[0], atMost: TimeLimits.snooze, what: "A snooze")
        }
        let daemon = try DaemonClient.connectOrOffline()
        let reply = try daemon.call(request)
        if output.json {
            print(DaemonClient.jsonText(reply.parameters))
            return
        }
        let snoozed = reply.value.snoozed
        let until = PersonTime.text(iso: reply.value.until)
        guard reply.value.all == true else {
            TerminalOutput.write("Snoozed \(snoozed.count) prompt\(snoozed.count == 1 ? "" : "s") until \(until)\(snoozed.isEmpty ? "" : ": " + snoozed.joined(separator: ", "))\(daemon.offlineNote).")
            return
        }
        TerminalOutput.write("Snoozed everything until \(until): whatever falls due before then comes then\(daemon.offlineNote).")
        if !snoozed.isEmpty { TerminalOutput.write("Delivered and unanswered, they come again then: \(snoozed.joined(separator: ", "))\(daemon.offlineNote).") }
        let expiring = reply.value.expireFirst
        if !expiring.isEmpty { TerminalOutput.write("Delivered, they expire first and are left as they are: \(expiring.joined(separator: ", ")).") }
    }
}

import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungReport

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether rungd runs, what comes next, what failed or waits for a channel, and what is snoozed or paused.",
        discussion: """
            Also shows the ladders Rung proposes to climb or step back, with the reason; \
            warnings about high-stakes performances ahead without enough medium-stakes \
            successes; and how well your predictions match what happens, once enough \
            attempts had one ([coaching] calibration_after, 10 by default).

            Exits 3 when rungd is not running, like 'systemctl status'.
            """
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        let reply = try DaemonClient.connect().call(ControlInterface.StatusRequest())
        if output.json {
            print(DaemonClient.jsonText(reply.parameters))
            return
        }
        let status = reply.value
        let style = TerminalStyle.standardOutput
        // Labels right-aligned in 12 columns; what a label has is indented past them, wrapped to the terminal.
        let indent = String(repeating: " ", count: 13)
        var lines: [String] = []
        func add(_ label: String, _ value: String, colour: TerminalStyle.Colour? = nil) {
            let padded = String(repeating: " ", count: max(0, 12 - label.count)) + label
            let shown = value.isEmpty ? "" : " " + Self.wrapped(value, indent: indent.count)
            lines.append((colour.map { style.coloured($0, padded) } ?? padded) + shown)
        }
        func item(_ value: String, depth: Int = 0) {
            let prefix = indent + String(repeating: " ", count: 2 * depth)
            lines.append(prefix + Self.wrapped(value, indent: prefix.count))
        }
        lines.append(style.coloured(.green, "●") + " rungd is running")
        add("Status:", status.status)
        add("Config:", status.config)
        add("Store:", status.store)
        if let next = status.next { add("Next:", OccurrenceLine(next).text) }
        add("Counts:", "\(status.delivered) delivered, \(status.answered) answered, \(status.failed) failed, \(status.missed) missed or expired, \(status.paused) paused")
        add("Failed:", status.failures.isEmpty ? "none in the last 7 days" : "", colour: status.failures.isEmpty ? nil : .red)
        for failure in status.failures {
            item(OccurrenceLine(failure).text)
            for reason in failure.reasons.isEmpty ? ["no attempt recorded"] : failure.reasons { item(reason, depth: 1) }
        }
        add("Waiting:", status.waiting.isEmpty ? "for no channel" : "")
        for waiting in status.waiting {
            item(OccurrenceLine(waiting).text)
            item("for \(waiting.channel) until \(PersonTime.text(iso: waiting.until)): \(waiting.reason)", depth: 1)
        }
        let snoozed = status.snoozed
        add("Snoozed:", status.snoozedUntil.map { "everything due before \(PersonTime.text(iso: $0)) comes then" } ?? (snoozed.isEmpty ? "none" : ""))
        for occurrence in snoozed { item(OccurrenceLine(occurrence).text) }
        if status.snoozedCount > Int64(snoozed.count) { item("and \(status.snoozedCount - Int64(snoozed.count)) more") }
        add("Paused:", status.pauses.isEmpty ? "nothing" : status.pauses.map { pause in
            "\(pause.subject ?? "everything") \(pause.until.map { "until \(PersonTime.text(iso: $0))" } ?? "until resumed")"
        }.joined(separator: "; "))
        add("Proposed:", status.proposals.isEmpty ? "nothing to change: every ladder holds" : "")
        for proposal in status.proposals {
            let step = proposal.step == LadderStep.stepBack.rawValue ? "step back" : proposal.step
            item("\(proposal.ladder): \(step) to rung \(proposal.toRung) \u{201C}\(proposal.toTitle)\u{201D}, because \(proposal.reason)")
        }
        if !status.warnings.isEmpty {
            add("Warnings:", "", colour: .yellow)
            status.warnings.forEach { item($0) }
        }
        let calibration = status.calibration
        add("Calibration:", calibration.summary ?? "\(calibration.attempts) of the \(calibration.needed) predicted attempts it needs")
        let errors = status.configErrors
        if !errors.isEmpty {
            lines.append(style.coloured(.red, "The last reload was refused; rungd keeps the previous config:"))
            errors.forEach { item($0) }
        }
        TerminalOutput.writePrepared(lines.joined(separator: "\n"))
    }

    /// `text` escaped for the terminal and wrapped to its width, for text that starts
    /// `indent` columns in.
    private static func wrapped(_ text: String, indent: Int) -> String {
        TerminalStyle.wrapped(
            TerminalStyle.escaped(text), width: TerminalStyle.standardOutput.width.map { $0 - indent }, indent: indent)
    }
}

/// One occurrence from the daemon, in a line:
/// `reframe for 'Lightning talk' at Thu 18 Mar 2027 18:45 (in 3 months), id 3f2a…`.
struct OccurrenceLine {
    let text: String

    init(_ occurrence: ControlInterface.Occurrence) {
        text = Self.text(kind: occurrence.kind, title: occurrence.title, due: occurrence.due, id: occurrence.id)
    }

    init(_ failure: ControlInterface.Failure) {
        text = Self.text(kind: failure.kind, title: failure.title, due: failure.due, id: failure.id)
    }

    init(_ waiting: ControlInterface.Waiting) {
        text = Self.text(kind: waiting.kind, title: waiting.title, due: waiting.due, id: waiting.id)
    }

    private static func text(kind: String, title: String, due: String, id: String) -> String {
        "\(kind) for '\(title)' at \(PersonTime.text(iso: due)), id \(id)"
    }
}

import ArgumentParser
import Foundation
import RungControl
import RungCore

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
        var lines = ["● rungd is running", "   Status: \(status.status)"]
        lines.append("   Config: \(status.config)")
        lines.append("    Store: \(status.store)")
        if let next = status.next {
            lines.append("     Next: \(OccurrenceLine(next).text)")
        }
        lines.append("   Counts: \(status.delivered) delivered, \(status.answered) answered, \(status.failed) failed, \(status.missed) missed or expired, \(status.paused) paused")
        lines.append("   Failed: " + (status.failures.isEmpty ? "none in the last 7 days" : ""))
        for failure in status.failures {
            lines.append("           \(OccurrenceLine(failure).text)")
            lines += (failure.reasons.isEmpty ? ["no attempt recorded"] : failure.reasons).map { "             \($0)" }
        }
        lines.append("  Waiting: " + (status.waiting.isEmpty ? "for no channel" : ""))
        for item in status.waiting {
            lines.append("           \(OccurrenceLine(item).text)")
            lines.append("             for \(item.channel) until \(item.until): \(item.reason)")
        }
        let snoozed = status.snoozed
        lines.append("  Snoozed: " + (status.snoozedUntil.map { "everything due before \($0) comes then" } ?? (snoozed.isEmpty ? "none" : "")))
        for item in snoozed { lines.append("           \(OccurrenceLine(item).text)") }
        if status.snoozedCount > Int64(snoozed.count) {
            lines.append("           and \(status.snoozedCount - Int64(snoozed.count)) more")
        }
        lines.append("   Paused: " + (status.pauses.isEmpty ? "nothing" : status.pauses.map { pause in
            "\(pause.subject ?? "everything") \(pause.until.map { "until \($0)" } ?? "until resumed")"
        }.joined(separator: "; ")))
        lines.append(" Proposed: " + (status.proposals.isEmpty ? "nothing to change: every ladder holds" : ""))
        for proposal in status.proposals {
            let step = proposal.step == LadderStep.stepBack.rawValue ? "step back" : proposal.step
            lines.append("           \(proposal.ladder): \(step) to rung \(proposal.toRung), because \(proposal.reason)")
        }
        if !status.warnings.isEmpty {
            lines.append(" Warnings:")
            lines += status.warnings.map { "           \($0)" }
        }
        let calibration = status.calibration
        lines.append("Calibration: " + (calibration.summary ?? "\(calibration.attempts) of the \(calibration.needed) predicted attempts it needs"))
        let errors = status.configErrors
        if !errors.isEmpty {
            lines.append("The last reload was refused; rungd keeps the previous config:")
            lines += errors.map { "  \($0)" }
        }
        TerminalOutput.write(lines.joined(separator: "\n"))
    }
}

/// One occurrence from the daemon, in a line: `reframe  Lightning talk  2027-03-18T18:45:00+01:00  (id 3f2a…)`.
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
        "\(kind) for '\(title)' at \(due) (id \(id))"
    }
}

import ArgumentParser
import Foundation
import RungControl
import RungCore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether rungd runs, what comes next, what failed or waits for a channel, and what is snoozed or paused.",
        discussion: "Exits 3 when rungd is not running, like 'systemctl status'."
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        let parameters = try DaemonClient.connect().call(.status)
        if output.json {
            print(DaemonClient.jsonText(parameters))
            return
        }
        var lines = ["● rungd is running", "   Status: \(parameters["status"]?.string ?? "")"]
        lines.append("   Config: \(parameters["config"]?.string ?? "")")
        lines.append("    Store: \(parameters["store"]?.string ?? "")")
        if let next = parameters["next"]?.object {
            lines.append("     Next: \(OccurrenceLine(next).text)")
        }
        let count = { (key: String) in parameters[key]?.integer ?? 0 }
        lines.append("   Counts: \(count("delivered")) delivered, \(count("answered")) answered, \(count("failed")) failed, \(count("missed")) missed or expired, \(count("paused")) paused")
        let failures = parameters["failures"].flatMap(\.array)?.compactMap(\.object) ?? []
        lines.append("   Failed: " + (failures.isEmpty ? "none in the last 7 days" : ""))
        for failure in failures {
            lines.append("           \(OccurrenceLine(failure).text)")
            let reasons = failure["reasons"].flatMap(DaemonClient.strings) ?? []
            lines += (reasons.isEmpty ? ["no attempt recorded"] : reasons).map { "             \($0)" }
        }
        let waiting = parameters["waiting"].flatMap(\.array)?.compactMap(\.object) ?? []
        lines.append("  Waiting: " + (waiting.isEmpty ? "for no channel" : ""))
        for item in waiting {
            lines.append("           \(OccurrenceLine(item).text)")
            let channel = item["channel"]?.string ?? ""
            lines.append("             for \(channel) until \(item["until"]?.string ?? ""): \(item["reason"]?.string ?? "")")
        }
        let snoozed = parameters["snoozed"].flatMap(\.array) ?? []
        let everything = parameters["snoozed_until"]?.string
        lines.append("  Snoozed: " + (everything.map { "everything due before \($0) comes then" } ?? (snoozed.isEmpty ? "none" : "")))
        for item in snoozed.compactMap(\.object) { lines.append("           \(OccurrenceLine(item).text)") }
        if let total = parameters["snoozed_count"]?.integer, total > Int64(snoozed.count) {
            lines.append("           and \(total - Int64(snoozed.count)) more")
        }
        let pauses = parameters["pauses"].flatMap(\.array)?.compactMap(\.object) ?? []
        lines.append("   Paused: " + (pauses.isEmpty ? "nothing" : pauses.map { pause in
            "\(pause["subject"]?.string ?? "everything") \(pause["until"]?.string.map { "until \($0)" } ?? "until resumed")"
        }.joined(separator: "; ")))
        let errors = parameters["config_errors"].flatMap(DaemonClient.strings) ?? []
        if !errors.isEmpty {
            lines.append("The last reload was refused; rungd keeps the previous config:")
            lines += errors.map { "  \($0)" }
        }
        TerminalOutput.write(lines.joined(separator: "\n"))
    }
}

/// One occurrence from the daemon, in a line: `reframe  Lightning talk  2027-03-18T18:45:00+01:00  (id 3f2a…)`.
struct OccurrenceLine {
    let fields: [String: JSONValue]

    init(_ fields: [String: JSONValue]) {
        self.fields = fields
    }

    var text: String {
        let kind = fields["kind"]?.string ?? "?"
        let title = fields["title"]?.string ?? fields["subject"]?.string ?? "?"
        return "\(kind) for '\(title)' at \(fields["due"]?.string ?? "?") (id \(fields["id"]?.string ?? "?"))"
    }
}

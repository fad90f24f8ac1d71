import ArgumentParser
import Foundation
import RungCore
import RungTime

struct TimeSpanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timespan",
        abstract: "Parse time spans and show them normalized.",
        discussion: """
            Behaves like `systemd-analyze timespan`: '1h 30min', '2d', '500ms', '1.5h', or a \
            bare number of seconds. Put a span that starts with '-' after '--'.
            """
    )

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Time spans, e.g. '1h 30min'.", valueName: "span"))
    var spans: [String]

    /// Like systemd-analyze, stops at the first span that does not parse.
    func run() throws {
        for (index, text) in spans.enumerated() {
            let span: TimeSpan
            do {
                span = try TimeSpan(parsing: text)
            } catch {
                TerminalOutput.writeError("\(error.description)")
                throw ExitCode.failure
            }
            if output.json {
                print(JSONText.object([
                    ("original", JSONText.string(text)),
                    ("microseconds", String(span.microseconds)),
                    ("normalized", JSONText.string(span.normalized)),
                ]))
            } else {
                print("Original: \(Self.originalValue(text))\n      μs: \(span.microseconds)\n   Human: \(span.normalized)")
                if index < spans.count - 1 { print() }
            }
        }
    }

    /// `text` laid out as systemd-analyze's table lays out the value of "Original:": one
    /// row per line (a final newline starts none), each without its trailing white space,
    /// the rows after the first indented to stand under the first.
    static func originalValue(_ text: String) -> String {
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { line in
            let end = line.lastIndex { !" \t\r".unicodeScalars.contains($0) }.map(line.index(after:)) ?? line.startIndex
            return String(Substring(line[..<end]))
        }.joined(separator: "\n" + String(repeating: " ", count: "Original: ".count))
    }
}

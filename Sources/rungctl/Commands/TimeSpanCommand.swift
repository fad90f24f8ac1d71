import ArgumentParser
import Foundation
import RungCore

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
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode.failure
            }
            if output.json {
                print(JSONText.object([
                    ("original", JSONText.string(text)),
                    ("microseconds", String(span.microseconds)),
                    ("normalized", JSONText.string(span.normalized)),
                ]))
            } else {
                print("Original: \(text)\n      μs: \(span.microseconds)\n   Human: \(span.normalized)")
                if index < spans.count - 1 { print() }
            }
        }
    }
}

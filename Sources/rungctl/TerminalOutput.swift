import Foundation
import RungReport
import RungStore

/// The one way rungctl writes text for people: what it prints comes from the store, the
/// daemon, hooks and config files, and a control character in it (an escape sequence, a
/// bell, a carriage return) could clear or rewrite the terminal, or hide what was written.
/// Such characters are shown escaped instead (`\x1b`, `\x07`, `\r`, `\u009b`, `\u202e`);
/// line breaks and tabs stay as they are. JSON output (`--json`) and exported files are
/// written exactly, never through here.
enum TerminalOutput {
    /// Writes `text` escaped, then `terminator`, to standard output (through `print`, whose
    /// buffer the rest of rungctl's output shares, so that the order holds).
    static func write(_ text: String, terminator: String = "\n") {
        print(TerminalStyle.escaped(text), terminator: terminator)
    }

    /// Writes `text` as it is: text whose parts from elsewhere went through `escaped`
    /// already, put together with `TerminalStyle`'s colours.
    static func writePrepared(_ text: String, terminator: String = "\n") {
        print(text, terminator: terminator)
    }

    /// Writes `message` escaped, then a line break, to standard error.
    static func writeError(_ message: String) {
        FileHandle.standardError.write(Data((TerminalStyle.escaped(message) + "\n").utf8))
    }

    /// The one form of rungctl's errors, to standard error: `rungctl: error: MESSAGE`
    /// (`error:` in bold red on a terminal that takes colour). `afterLine` starts it on a
    /// line of its own, after a prompt the person was typing at.
    static func error(afterLine: Bool = false, _ message: String) {
        writeError((afterLine ? "\n" : "") + prefix("error", colour: .red) + TerminalStyle.escaped(message), escaping: false)
    }

    /// A warning in the same form: `rungctl: warning: MESSAGE`.
    static func warning(_ message: String) {
        writeError(prefix("warning", colour: .yellow) + TerminalStyle.escaped(message), escaping: false)
    }

    /// An error in words for the message it goes into: a store error without its own
    /// `error:` (the message has one).
    static func describe(_ error: any Error) -> String {
        (error as? StoreError)?.reason ?? "\(error)"
    }

    /// `rungctl: KIND: `, the kind coloured when standard error is a terminal that takes it.
    private static func prefix(_ kind: String, colour: TerminalStyle.Colour) -> String {
        "rungctl: " + TerminalStyle.standardError.bold(colour, kind + ":") + " "
    }

    private static func writeError(_ text: String, escaping: Bool) {
        FileHandle.standardError.write(Data(((escaping ? TerminalStyle.escaped(text) : text) + "\n").utf8))
    }
}

extension OutputOptions {
    /// Prints `json` exactly with `--json`, else `text` for people (see `TerminalOutput`).
    func print(json: @autoclosure () -> String, text: @autoclosure () -> String) {
        if self.json {
            Swift.print(json())
        } else {
            TerminalOutput.write(text())
        }
    }
}

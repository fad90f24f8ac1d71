import Foundation
import RungStore

/// The one way rungctl writes text for people: what it prints comes from the store, the
/// daemon, hooks and config files, and a control character in it (an escape sequence, a
/// bell, a carriage return) could clear or rewrite the terminal, or hide what was written.
/// Such characters are shown escaped instead (`\x1b`, `\x07`, `\r`, `\u009b`, `\u202e`);
/// line breaks and tabs stay as they are. JSON output (`--json`) and exported files are
/// written exactly, never through here.
enum TerminalOutput {
    /// `text` with every character a terminal would act on, other than a line break or a
    /// tab, written as an escape: C0 controls, DEL, C1 controls, and the bidirectional
    /// overrides and isolates that reorder what is shown.
    static func escaped(_ text: String) -> String {
        // Most text needs nothing escaped: none of its bytes is a control character or can
        // start one of the others (C1 controls are 0xC2 0x80–0x9F, the bidirectional
        // characters 0xE2 0x80/0x81 …), which spares a scan scalar by scalar.
        let isPlain = text.utf8.allSatisfy { ($0 >= 0x20 && $0 != 0x7F && $0 != 0xC2 && $0 != 0xE2) || $0 == 0x0A || $0 == 0x09 }
        if isPlain { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09:
                result.unicodeScalars.append(scalar)
            case 0x0D:
                result += "\\r"
            case 0x00..<0x20, 0x7F:
                result += "\\x" + hex(scalar.value, width: 2)
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                result += "\\u" + hex(scalar.value, width: 4)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Writes `text` escaped, then `terminator`, to standard output (through `print`, whose
    /// buffer the rest of rungctl's output shares, so that the order holds).
    static func write(_ text: String, terminator: String = "\n") {
        print(escaped(text), terminator: terminator)
    }

    /// Writes `text` as it is: text whose parts from elsewhere went through `escaped`
    /// already, put together with `TerminalStyle`'s colours.
    static func writePrepared(_ text: String) {
        print(text)
    }

    /// Writes `message` escaped, then a line break, to standard error.
    static func writeError(_ message: String) {
        FileHandle.standardError.write(Data((escaped(message) + "\n").utf8))
    }

    /// The one form of rungctl's errors, to standard error: `rungctl: error: MESSAGE`
    /// (`error:` in bold red on a terminal that takes colour). `afterLine` starts it on a
    /// line of its own, after a prompt the person was typing at.
    static func error(afterLine: Bool = false, _ message: String) {
        writeError((afterLine ? "\n" : "") + prefix("error", colour: .red) + escaped(message), escaping: false)
    }

    /// A warning in the same form: `rungctl: warning: MESSAGE`.
    static func warning(_ message: String) {
        writeError(prefix("warning", colour: .yellow) + escaped(message), escaping: false)
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
        FileHandle.standardError.write(Data(((escaping ? escaped(text) : text) + "\n").utf8))
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
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

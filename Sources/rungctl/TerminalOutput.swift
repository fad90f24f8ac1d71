import Foundation

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

    /// Writes `message` escaped, then a line break, to standard error.
    static func writeError(_ message: String) {
        FileHandle.standardError.write(Data((escaped(message) + "\n").utf8))
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

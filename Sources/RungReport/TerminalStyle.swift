import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Colour and width for text to people. Colour only on a terminal, and never with
/// `NO_COLOR` set to anything (no-color.org) or `TERM=dumb`; the width is the terminal's
/// (`COLUMNS` when set, else the window's), and nil when the output is not a terminal, so
/// that piped text is never cut.
public struct TerminalStyle: Sendable {
    /// The colours rungctl uses: red for errors, yellow for warnings, green for what is well.
    public enum Colour: Int, Sendable {
        case red = 31, green = 32, yellow = 33, cyan = 36
    }

    public let usesColour: Bool
    public let width: Int?

    /// A style decided by the caller: a test's, or text written for a file.
    public init(usesColour: Bool, width: Int?) {
        self.usesColour = usesColour
        self.width = width
    }

    public static let standardOutput = TerminalStyle(fileDescriptor: STDOUT_FILENO)
    public static let standardError = TerminalStyle(fileDescriptor: STDERR_FILENO)

    public init(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let isTerminal = isatty(fileDescriptor) == 1
        usesColour = Self.usesColour(isTerminal: isTerminal, environment: environment)
        width = isTerminal ? Self.columns(fileDescriptor, environment: environment) : nil
    }

    /// Whether text for a terminal (or not) is coloured, under `environment`.
    public static func usesColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    private static func columns(_ fileDescriptor: Int32, environment: [String: String]) -> Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `text` in bold, and in `colour` if given, when colour is on; else as it is.
    public func bold(_ colour: Colour? = nil, _ text: String) -> String {
        guard usesColour else { return text }
        return "\u{1B}[1" + (colour.map { ";\($0.rawValue)" } ?? "") + "m" + text + "\u{1B}[0m"
    }

    /// `text` in `colour` when colour is on; else as it is.
    public func coloured(_ colour: Colour, _ text: String) -> String {
        usesColour ? "\u{1B}[\(colour.rawValue)m" + text + "\u{1B}[0m" : text
    }

    /// `text` cut to `width` characters (the last one an ellipsis, or `~` for ASCII-only
    /// output) when the terminal is narrower; whole when it fits or there is no width.
    public static func fitted(_ text: String, to width: Int?, unicode: Bool = true) -> String {
        guard let width, width > 0, text.count > width else { return text }
        return String(text.prefix(max(0, width - 1))) + (unicode ? "…" : "~")
    }

    /// `text` wrapped at spaces to lines of at most `width` characters, for text that starts
    /// `indent` columns in: each line after the first is indented as far. A word longer than
    /// a line is left whole; without a width (not a terminal) the text is left as it is.
    public static func wrapped(_ text: String, width: Int?, indent: Int) -> String {
        guard let width, text.count > width, width > 10 else { return text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    /// `text` with every character a terminal would act on, other than a line break or a
    /// tab, written as an escape: C0 controls (`\x1b`, `\r`), DEL, C1 controls, and the
    /// bidirectional overrides and isolates that reorder what is shown (`\u202e`). Text
    /// from the store, the config and hooks goes through here before it reaches a terminal.
    public static func escaped(_ text: String) -> String {
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

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

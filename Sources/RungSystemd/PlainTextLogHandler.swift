import Glibc
import Logging

/// A swift-log handler for a terminal: one plain line per entry on standard error,
/// `2026-11-25T09:30:00+0100 info rungd: channel=desktop occurrence_id=3f2a [RungDaemon] delivered …`.
///
/// Messages and metadata carry text from the config and from people (a performance's
/// title, a hook's error output), so control characters in them are written as visible
/// escapes (`\n`, `\r`, `\t`, `\u{1B}`, and `\\` for a backslash): such text can neither
/// start a line that looks like an entry of its own nor send escape sequences to the
/// terminal. One entry is always one line. The journal needs none of this: there every
/// field is stored as it is (see `JournalLogHandler`).
public struct PlainTextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    /// Who logs, e.g. "rungd".
    public let label: String
    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error.
    public static func standardError(label: String) -> PlainTextLogHandler {
        PlainTextLogHandler(label: label, write: writeToStandardError)
    }

    /// A handler handing each finished line, newline included, to `write`.
    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = event.metadata(over: metadata)
        write(Self.line(
            timestamp: Self.timestamp(), level: event.level, label: label, metadata: merged,
            source: event.source, message: event.message.description))
    }

    /// `TIMESTAMP LEVEL LABEL: KEY=VALUE … [SOURCE] MESSAGE` and a newline, every part escaped.
    static func line(
        timestamp: String, level: Logger.Level, label: String, metadata: Logger.Metadata, source: String, message: String
    ) -> String {
        let pairs = metadata.sorted { $0.key < $1.key }.map { " \(escaped($0.key))=\(escaped("\($0.value)"))" }.joined()
        return "\(timestamp) \(level) \(escaped(label)):\(pairs) [\(escaped(source))] \(escaped(message))\n"
    }

    /// `text` with every control character (C0, DEL, C1) and line or paragraph separator
    /// written as an escape, and a backslash doubled so that no escape is ambiguous.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            case _ where needsEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: scalar == "\\"
        }
    }

    /// The local time to the second with its UTC offset, `2026-11-25T09:30:00+0100`.
    private static func timestamp() -> String {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes the whole line, in one `write` when it can: a line of up to `PIPE_BUF` bytes
    /// reaches a pipe whole, never mixed with another thread's.
    private static func writeToStandardError(_ line: String) {
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

import CSystemd
import Glibc
import Logging

/// A swift-log handler that writes structured entries to the systemd journal through
/// `sd_journal_sendv`: MESSAGE, PRIORITY, CODE_FILE/LINE/FUNC, SYSLOG_IDENTIFIER, and
/// every metadata key as an upper-case field (`occurrence_id` → `OCCURRENCE_ID`).
///
/// `sd_journal_sendv` succeeds even when no journald listens, so choose this handler
/// only when `JournalConnection.isStandardErrorConnected` says the journal is there.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    /// The `SYSLOG_IDENTIFIER` of every entry, e.g. "rungd".
    public let identifier: String

    public init(identifier: String) {
        self.identifier = identifier
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = event.metadata(over: metadata)
        let fields = Self.fields(
            identifier: identifier, level: event.level, message: event.message.description, metadata: merged,
            file: event.file, function: event.function, line: event.line)
        Self.send(fields)
    }

    /// The journal fields of one entry, each `NAME=value`.
    static func fields(
        identifier: String, level: Logger.Level, message: String, metadata: Logger.Metadata,
        file: String, function: String, line: UInt
    ) -> [String] {
        var fields = [
            "MESSAGE=\(message)",
            "PRIORITY=\(priority(of: level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(file)",
            "CODE_LINE=\(line)",
            "CODE_FUNC=\(function)",
        ]
        let reserved: Set<String> = ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC"]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard let name = fieldName(for: key), !reserved.contains(name) else { continue }
            fields.append("\(name)=\(value)")
        }
        return fields
    }

    /// syslog priorities, as journald stores them.
    static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// A journal field name for a metadata key: upper case letters, digits and '_', not
    /// starting with '_' or a digit (journald drops such fields). Nil when nothing is left.
    static func fieldName(for key: String) -> String? {
        var name = String(key.uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
        while let first = name.first, first == "_" || first.isNumber { name.removeFirst() }
        return name.isEmpty ? nil : String(name.prefix(64))
    }

    private static func send(_ fields: [String]) {
        let encoded = fields.map { Array($0.utf8) }
        let storage = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(1, encoded.reduce(0) { $0 + $1.count }), alignment: 1)
        defer { storage.deallocate() }
        var vectors: [iovec] = []
        vectors.reserveCapacity(encoded.count)
        var offset = 0
        for bytes in encoded {
            let start = storage.baseAddress! + offset
            bytes.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            vectors.append(iovec(iov_base: start, iov_len: bytes.count))
            offset += bytes.count
        }
        _ = sd_journal_sendv(vectors, Int32(vectors.count))
    }
}

/// Whether this process's standard error goes to the journal.
public enum JournalConnection {
    /// True when `$JOURNAL_STREAM` ("DEVICE:INODE", set by systemd) names the file that
    /// standard error is, so entries would reach journald rather than a terminal.
    public static func isStandardErrorConnected(environment: [String: String]) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}

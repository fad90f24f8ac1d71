import Foundation
import RungTOML

extension ConfigFile {
    /// The largest config Rung reads: 1 MiB, over five times a config of 1 000 performances.
    /// Anything longer is refused unread, so a wrong path (a log, `/dev/zero`) cannot make
    /// rungd or `rungctl` read gigabytes.
    public static let maximumSize = 1 << 20

    /// The text of the config file at `path`. Reads at most one byte past `maximumSize`,
    /// and refuses a longer file or one that is not UTF-8.
    public static func read(atPath path: String) throws(ConfigFileError) -> String {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw ConfigFileError(at: nil, "cannot read the config file: \(reason)")
        }
        guard data.count <= maximumSize else {
            throw ConfigFileError(at: nil, "the config file is larger than 1 MiB (\(maximumSize) bytes), the most Rung reads")
        }
        let bytes = [UInt8](data)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigFileError(at: firstInvalidUTF8(in: bytes), "the config file is not UTF-8 text")
        }
        return text
    }

    /// Where the first byte that is not part of a UTF-8 character is, counting the column
    /// in characters as positions do.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> SourcePosition {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        scan: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: break scan
            }
        }
        let lineStart = bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = bytes[..<lineStart].count { $0 == UInt8(ascii: "\n") } + 1
        return SourcePosition(line: line, column: String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1)
    }
}

/// A config file that could not be read as text.
public struct ConfigFileError: Error, Sendable, CustomStringConvertible {
    /// Where in the file, when the problem is at one place in it.
    public var position: SourcePosition?
    /// What is wrong, for a person.
    public var message: String

    public init(at position: SourcePosition?, _ message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { message }

    /// The problem as a config error of the file at `path` (at its start when it has no place).
    public func diagnostic(path: String) -> ConfigDiagnostic {
        ConfigDiagnostic(.error, path: path, at: position ?? SourcePosition(line: 1, column: 1), message)
    }
}

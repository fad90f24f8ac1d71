import Foundation

/// Varlink's wire format: each message is one JSON object followed by a NUL byte.
///
/// `VarlinkFraming` cuts a byte stream into messages as bytes arrive, refusing any message
/// longer than `maximumMessageSize` so a peer cannot make the daemon buffer without end.
public struct VarlinkFraming: Sendable {
    /// Why a stream cannot be read further.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The longest message Rung's peers read (1 MiB, as systemd's varlink does): `rungctl`
    /// refuses a longer reply, and rungd never sends one.
    public static let defaultMaximumMessageSize = 1 << 20

    public let maximumMessageSize: Int
    private var pending: [UInt8] = []

    public init(maximumMessageSize: Int = defaultMaximumMessageSize) {
        self.maximumMessageSize = maximumMessageSize
    }

    /// Adds received bytes; returns every message they complete, without its NUL.
    public mutating func append(_ bytes: some Collection<UInt8>) throws(Failure) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        for byte in bytes {
            if byte == 0 {
                messages.append(pending)
                pending.removeAll(keepingCapacity: true)
            } else {
                guard pending.count < maximumMessageSize else {
                    throw Failure(description: "message longer than \(maximumMessageSize) bytes")
                }
                pending.append(byte)
            }
        }
        return messages
    }

    /// Bytes received that do not yet form a whole message.
    public var hasPartialMessage: Bool { !pending.isEmpty }

    /// One message on the wire: its JSON and the terminating NUL.
    public static func encode(_ message: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(message)) + [0]
    }

    /// Decodes one message (without its NUL).
    public static func decode<Message: Decodable>(_ type: Message.Type, from bytes: [UInt8]) throws -> Message {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}

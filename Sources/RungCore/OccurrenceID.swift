/// The stable identity of one planned prompt: a 64-bit FNV-1a digest of its schedule
/// (`performance:talk/reframe`) and its nominal instant, as 16 lowercase hex digits.
/// The same prompt planned twice, in any process on any day, gets the same id, so the
/// store can keep it exactly once.
public struct OccurrenceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The id of the prompt of `schedule` due at `instant` (before any deferral).
    public init(schedule: String, instant: Instant) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(schedule)@\(instant.microseconds)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        rawValue = String(hash, radix: 16).leftPadded(16)
    }

    public static func < (lhs: OccurrenceID, rhs: OccurrenceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

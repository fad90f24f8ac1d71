import RungTime

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
        // The digest of "\(schedule)@\(instant.microseconds)", fed byte by byte without
        // building that string: a plan computes tens of thousands of these.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in schedule.utf8 { mix(byte) }
        mix(UInt8(ascii: "@"))
        if instant.microseconds < 0 { mix(UInt8(ascii: "-")) }
        let magnitude = instant.microseconds.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            mix(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
        rawValue = String(unsafeUninitializedCapacity: 16) { buffer in
            for position in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: hash >> UInt64(60 - 4 * position)) & 0xf
                buffer[position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }

    public static func < (lhs: OccurrenceID, rhs: OccurrenceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

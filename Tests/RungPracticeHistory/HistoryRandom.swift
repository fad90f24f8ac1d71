import Foundation

/// SplitMix64: a tiny generator whose whole state is one integer, so a history is fixed by
/// its seed. Every draw goes through the helpers below (never the standard library's
/// `random(in:using:)`, whose use of the generator may change between Swift releases).
struct HistoryRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in 0..<1.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// A uniform integer of microseconds in `range` of minutes.
    mutating func minutes(_ range: ClosedRange<Int>) -> Int64 {
        Int64(int(range)) * 60_000_000 + Int64(int(0...59)) * 1_000_000
    }

    /// One of `items`, none of which may be empty.
    mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }

    /// Roughly normal noise with standard deviation `deviation` (the sum of three uniforms).
    mutating func noise(_ deviation: Double) -> Double {
        (unit() + unit() + unit() - 1.5) * 2 * deviation
    }

    /// Which `count` of `total` candidates, in order, are chosen: exactly `min(count, total)`
    /// of them, each set as likely as any other (Knuth's selection sampling).
    mutating func choose(_ count: Int, of total: Int) -> [Bool] {
        var needed = min(count, total)
        var chosen = [Bool](repeating: false, count: total)
        for index in 0..<total where needed > 0 {
            if Double(total - index) * unit() < Double(needed) {
                chosen[index] = true
                needed -= 1
            }
        }
        return chosen
    }
}

/// Days and civil dates in UTC, the zone of the history's config, without a calendar
/// library: the history is laid out in whole days since the epoch.
enum HistoryCalendar {
    static let microsecondsPerMinute: Int64 = 60_000_000
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The weekday of `day` (days since 1970-01-01, a Thursday): 0 Monday … 6 Sunday.
    static func weekday(ofDay day: Int64) -> Int {
        Int(((day + 3) % 7 + 7) % 7)
    }

    /// `YYYY-MM-DD` of `day` (Howard Hinnant's civil-from-days).
    static func date(ofDay day: Int64) -> String {
        let shifted = day + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04lld-%02lld-%02lld", year, month, dayOfMonth)
    }
}

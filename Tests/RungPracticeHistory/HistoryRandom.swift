import Foundation
import RungTestSupport
import RungTime

/// SplitMix64: a tiny generator whose whole state is one integer, so a history is fixed by
/// its seed. Every draw goes through the helpers below (never the standard library's
/// `random(in:using:)`, whose use of the generator may change between Swift releases).
struct HistoryRandom {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 {
        generator.next()
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

    /// `YYYY-MM-DD` of `day`.
    static func date(ofDay day: Int64) -> String {
        let date = CivilCalendar.civilDate(fromDay: day)
        return String(format: "%04lld-%02ld-%02ld", date.year, date.month, date.day)
    }
}

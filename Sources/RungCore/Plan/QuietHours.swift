/// A daily stretch of civil time when prompts are held back, e.g. `22:00-07:30`
/// (crossing midnight) or `12:00-13:00`. Start inclusive, end exclusive, to the minute.
public struct QuietHours: Hashable, Sendable, CustomStringConvertible {
    /// Minutes after midnight.
    public var start: Int
    /// Minutes after midnight; before `start` when the stretch crosses midnight.
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`; throws with a message naming what is wrong.
    public init(parsing text: String) throws(QuietHoursError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]) else {
            let bad = parts.count == 2 ? [parts[0], parts[1]].first { Self.minutes($0) == nil && Self.isClockShaped($0) } : nil
            if let bad {
                throw QuietHoursError(text: text, reason: "'\(bad.trimmingSpaces)' is not a time of day")
            }
            throw QuietHoursError(text: text, reason: "expected HH:MM-HH:MM, e.g. 22:00-07:30")
        }
        guard start != end else {
            throw QuietHoursError(text: text, reason: "start and end are the same, so the quiet hours are empty")
        }
        self.init(start: start, end: end)
    }

    /// Whether `minuteOfDay` (0..<1440) falls inside.
    public func contains(minuteOfDay: Int) -> Bool {
        start < end ? (start..<end).contains(minuteOfDay) : minuteOfDay >= start || minuteOfDay < end
    }

    /// `HH:MM-HH:MM`.
    public var description: String { Self.format(start) + "-" + Self.format(end) }

    private static func format(_ minutes: Int) -> String {
        twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
    }

    private static func twoDigits(_ value: Int) -> String {
        (value < 10 ? "0" : "") + String(value)
    }

    private static func isClockShaped(_ text: Substring) -> Bool {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else { return nil }
        return hour * 60 + minute
    }
}

/// Why a `quiet_hours` value was rejected.
public struct QuietHoursError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid quiet hours '\(text)': \(reason)" }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let trimmedFront = drop { $0 == " " }
        var end = trimmedFront.endIndex
        while end > trimmedFront.startIndex, trimmedFront[trimmedFront.index(before: end)] == " " {
            end = trimmedFront.index(before: end)
        }
        return Substring(trimmedFront[trimmedFront.startIndex..<end])
    }
}

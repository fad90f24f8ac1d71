import RungTime

/// "Snooze everything until `end`", made at `start`: every prompt due before `end` comes at
/// `end` instead — one rule, however many prompts that is. A prompt that would have expired
/// by `end` comes as it would have, and one snoozed on its own at or after `start` comes
/// when that snooze says.
public struct SnoozeAll: Sendable, Equatable {
    public var start: Instant
    public var end: Instant

    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }

    /// When `occurrence`, which would come at `due`, comes under this snooze; nil when the
    /// snooze leaves it alone.
    public func moves(_ occurrence: Occurrence, dueAt due: Instant) -> Instant? {
        guard due < end, end < occurrence.expires else { return nil }
        if let snoozedAt = occurrence.snoozedAt, snoozedAt >= start { return nil }
        return end
    }
}

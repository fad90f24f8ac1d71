import RungCore
import RungTime

/// What the scheduler does with a planned prompt at a given instant — the catch-up rules
/// of DESIGN.md, decided purely from the prompt and the clock so they can be tested with a
/// manual one.
public enum DueDecision: Hashable, Sendable {
    /// Not yet due.
    case wait
    /// Deliver it now; `late` when it is past its due instant by more than the grace.
    case deliver(late: Bool)
    /// A prompt that only makes sense before its performance, which has begun.
    case miss
    /// Past its window: delivering it now would help no one.
    case expire

    /// How late a delivery may be and still count as on time (timer and start-up jitter).
    public static let grace = Int64(TimeSpanUnit.minute)

    /// The decision for `occurrence` at `now`:
    /// - vicarious and reframe prompts are missed once their performance has begun, and
    ///   expire with their window before that;
    /// - a rehearsal is delivered late within its day, and missed once that day has passed
    ///   (its window ends with it) or its performance has begun;
    /// - a debrief or affirmation is delivered late within its window, then expires;
    /// - a check-in is delivered late within its window (`expires_after`), then expires
    ///   (the scheduler keeps only the latest missed one of each ladder, so it is
    ///   delivered once, not in a burst).
    public static func decide(_ occurrence: Occurrence, at now: Instant) -> DueDecision {
        guard now >= occurrence.due else { return .wait }
        let late = now.microseconds(since: occurrence.due) > grace
        switch occurrence.kind {
        case .vicarious, .reframe:
            if let start = occurrence.performanceStart, now >= start { return .miss }
            return now >= occurrence.expires ? .expire : .deliver(late: late)
        case .rehearsal:
            if let start = occurrence.performanceStart, now >= start { return .miss }
            return now >= occurrence.expires ? .miss : .deliver(late: late)
        case .debrief, .affirmation, .checkIn:
            return now >= occurrence.expires ? .expire : .deliver(late: late)
        }
    }

    /// Why `occurrence`, decided `.miss` at `now`, was missed, for the ledger and the journal.
    public static func missReason(_ occurrence: Occurrence, at now: Instant) -> String {
        if let start = occurrence.performanceStart, now >= start { return "its performance has begun" }
        return "its day has passed"
    }
}

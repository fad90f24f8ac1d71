import RungCore
import RungTime

/// One thing that happened, as the store remembers it: what the person's timeline
/// (`rungctl log`) is made of. Read with `Store.timeline(since:until:)`.
public struct TimelineEntry: Sendable, Hashable {
    /// When it happened.
    public var at: Instant
    public var event: TimelineEvent
    /// The row it was read from, which orders entries of one kind at the same instant in
    /// the order they were written.
    public var row: Int64

    public init(at: Instant, event: TimelineEvent, row: Int64) {
        self.at = at
        self.event = event
        self.row = row
    }

    /// Oldest first; at the same instant, in the order one thing leads to the next (a
    /// prompt comes due, is delivered, answered, then what the answer recorded), then in
    /// the order the rows were written. Total, so the timeline reads the same every time.
    static func isBefore(_ lhs: TimelineEntry, _ rhs: TimelineEntry) -> Bool {
        if lhs.at != rhs.at { return lhs.at < rhs.at }
        if lhs.event.rank != rhs.event.rank { return lhs.event.rank < rhs.event.rank }
        return lhs.row < rhs.row
    }
}

/// The prompt a delivery, an answer or a snooze is about.
public struct TimelinePrompt: Sendable, Hashable {
    /// The occurrence's id.
    public var id: String
    public var kind: PromptKind
    /// `performance:ID` or `ladder:ID`.
    public var subject: String

    public init(id: String, kind: PromptKind, subject: String) {
        self.id = id
        self.kind = kind
        self.subject = subject
    }
}

/// A debrief as the timeline shows it: whose attempt, how it went, how sure the person
/// is for the next one (once completed).
public struct TimelineDebrief: Sendable, Hashable {
    public var id: Int64
    /// The debrief prompt it answers, if any.
    public var occurrenceID: String?
    public var performance: String
    public var skill: String
    public var rung: Int?
    public var outcome: Debrief.Outcome
    /// Self-efficacy for the next attempt, 0–100; nil while only the outcome is given.
    public var selfEfficacy: Int?

    public init(
        id: Int64, occurrenceID: String? = nil, performance: String, skill: String, rung: Int? = nil,
        outcome: Debrief.Outcome, selfEfficacy: Int? = nil
    ) {
        self.id = id
        self.occurrenceID = occurrenceID
        self.performance = performance
        self.skill = skill
        self.rung = rung
        self.outcome = outcome
        self.selfEfficacy = selfEfficacy
    }
}

/// An evidence entry as the timeline shows it: what happened, on which skill and rung,
/// and where the entry came from. An edited entry shows its words as they are now.
public struct TimelineEvidence: Sendable, Hashable {
    public var id: Int64
    public var skill: String
    public var rung: Int?
    public var what: String
    public var source: Evidence.Source
    /// When what it records happened.
    public var happenedAt: Instant

    public init(id: Int64, skill: String, rung: Int? = nil, what: String, source: Evidence.Source, happenedAt: Instant) {
        self.id = id
        self.skill = skill
        self.rung = rung
        self.what = what
        self.source = source
        self.happenedAt = happenedAt
    }
}

/// What happened at one instant of the timeline.
public enum TimelineEvent: Sendable, Hashable {
    /// A prompt came due; `state` is where it ended up (or stands now), `reason` why it
    /// reached a final state such as missed or expired.
    case promptDue(TimelinePrompt, state: OccurrenceRecord.State, reason: String?)
    /// An attempt to deliver a prompt on one channel; no outcome while it is under way.
    case delivery(TimelinePrompt, channel: String, purpose: Delivery.Purpose, outcome: Delivery.Outcome?, error: String?)
    /// The person answered a prompt; `replacedAt` when a later answer replaced this one.
    case answer(TimelinePrompt, answer: String, via: Response.Via, note: String?, rating: Int?, replacedAt: Instant?)
    /// A prompt was snoozed until `endsAt`.
    case snooze(TimelinePrompt, endsAt: Instant)
    /// A debrief was recorded: its outcome alone, or (`completed`) all of it at once.
    case debriefRecorded(TimelineDebrief, completed: Bool)
    /// A debrief recorded earlier with its outcome alone was completed.
    case debriefCompleted(TimelineDebrief)
    /// An evidence entry was added to the log.
    case evidenceRecorded(TimelineEvidence)
    /// An evidence entry was corrected by hand (`rungctl evidence edit`).
    case evidenceEdited(TimelineEvidence)
    /// How sure the person was before an attempt; `replacedAt` when a later prediction for
    /// the same attempt replaced it.
    case prediction(performance: String, attemptStart: Instant, selfEfficacy: Int, fear: String?, replacedAt: Instant?)
    /// How sure the person is that they can do one rung (`rungctl ladder rate`).
    case rungRating(RungRating)
    /// A ladder started, climbed, held or stepped back, with the reason.
    case ladderMove(LadderMove)
    /// Everything was snoozed until `endsAt`.
    case snoozeAll(endsAt: Instant)
    /// A pause began (of one subject, or of everything).
    case pauseStarted(Pause)
    /// A pause was resumed before its end.
    case pauseResumed(Pause)
    /// A pause reached its end.
    case pauseEnded(Pause)

    /// The order of events at the same instant: cause before effect.
    var rank: Int {
        switch self {
        case .pauseEnded: 0
        case .pauseResumed: 1
        case .promptDue: 2
        case .delivery: 3
        case .snooze: 4
        case .answer: 5
        case .prediction: 6
        case .debriefRecorded: 7
        case .debriefCompleted: 8
        case .evidenceRecorded: 9
        case .evidenceEdited: 10
        case .rungRating: 11
        case .ladderMove: 12
        case .snoozeAll: 13
        case .pauseStarted: 14
        }
    }
}

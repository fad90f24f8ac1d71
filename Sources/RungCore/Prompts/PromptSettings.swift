import RungTime

/// The kinds of prompt Rung sends, one per coaching practice that needs a timed nudge.
public enum PromptKind: String, Sendable, CaseIterable, Comparable {
    /// Before a performance: watch a named peer succeed at it.
    case vicarious
    /// Shortly before a performance: reappraise arousal as readiness.
    case reframe
    /// After a performance: the structured debrief.
    case debrief
    /// After a performance: ask the observer for specific feedback.
    case affirmation
    /// Periodically per ladder: climb, hold or step back.
    case checkIn = "check_in"
    /// Days before a one-off high-stakes performance: a low-stakes rep at a rung below it.
    case rehearsal

    public static func < (lhs: PromptKind, rhs: PromptKind) -> Bool {
        lhs.rank < rhs.rank
    }

    /// The position in declaration order, which `<` follows.
    var rank: Int {
        switch self {
        case .vicarious: 0
        case .reframe: 1
        case .debrief: 2
        case .affirmation: 3
        case .checkIn: 4
        case .rehearsal: 5
        }
    }

    /// Whether the offset counts from the performance's start (before it) rather than
    /// from its end (after it).
    public var isBeforePerformance: Bool { self == .vicarious || self == .reframe || self == .rehearsal }

    /// Whether the prompt asks for an answer the person's practice needs (the debrief's
    /// outcome, the check-in's decision), so that an unanswered one goes on to the next
    /// channel of its chain after `escalate_after`.
    public var asksForAnswer: Bool { self == .debrief || self == .checkIn }
}

/// When and where one kind of prompt goes: `[prompts.KIND]`.
public struct PromptKindSettings: Sendable, Equatable {
    /// `enabled`: false turns the kind off entirely.
    public var isEnabled: Bool
    /// `offset`: for vicarious and reframe, relative to the performance's start
    /// (negative: before); for debrief and affirmation, relative to its end. Unused for
    /// check-ins and rehearsals (a rehearsal comes at the performance's time of day).
    public var offset: SignedTimeSpan
    /// `expires_after`: how long after it is due the prompt is still worth delivering.
    /// Prompts before a performance also expire when it starts.
    public var expiresAfter: TimeSpan
    /// `channels`: the fallback chain for this kind; nil for the default chain.
    public var channels: [String]?
    /// `escalate_after`, for kinds that ask for an answer: how long the prompt waits on one
    /// channel — delivered but unanswered, or held while the channel cannot deliver — before
    /// the next channel of its chain gets it, once. Nil for never.
    public var escalateAfter: TimeSpan?

    public init(isEnabled: Bool = true, offset: SignedTimeSpan, expiresAfter: TimeSpan, channels: [String]? = nil, escalateAfter: TimeSpan? = nil) {
        self.isEnabled = isEnabled
        self.offset = offset
        self.expiresAfter = expiresAfter
        self.channels = channels
        self.escalateAfter = escalateAfter
    }
}

/// The `[prompts]` table: per-kind timing and routing. The defaults follow COACHING.md.
public struct PromptSettings: Sendable, Equatable {
    private static let minute = Int64(TimeSpanUnit.minute)
    private static let hour = 60 * minute
    private static let day = 24 * hour

    /// Vicarious: a day before, still useful until the performance starts
    /// (*heuristic*: COACHING.md §5 gives no exact lead time).
    public var vicarious = PromptKindSettings(offset: SignedTimeSpan(microseconds: -day), expiresAfter: TimeSpan(microseconds: UInt64(day)))
    /// Reframe: 15 minutes before, inside the 60-to-5-minute window of COACHING.md §6
    /// (Jamieson 2010); expires 10 minutes later, i.e. 5 minutes before the start.
    public var reframe = PromptKindSettings(offset: SignedTimeSpan(microseconds: -15 * minute), expiresAfter: TimeSpan(microseconds: UInt64(10 * minute)))
    /// Debrief: 10 minutes after the end, worth answering for 24 hours
    /// (After Action Review within 24 h, COACHING.md §4); unanswered for an hour, it goes on
    /// to the next channel, well before the re-nudge and while memory is fresh (*heuristic*).
    public var debrief = PromptKindSettings(
        offset: SignedTimeSpan(microseconds: 10 * minute), expiresAfter: TimeSpan(microseconds: UInt64(day)),
        escalateAfter: TimeSpan(microseconds: UInt64(hour)))
    /// Affirmation: an hour after the end, for two days
    /// (*heuristic*: COACHING.md §7 gives no exact time).
    public var affirmation = PromptKindSettings(offset: SignedTimeSpan(microseconds: hour), expiresAfter: TimeSpan(microseconds: UInt64(2 * day)))
    /// Check-in: at each elapse of the ladder's `check_in`, delivered late for up to a day;
    /// unanswered for 4 hours, it goes on to the next channel (*heuristic*: a weekly decision
    /// is not urgent, but should be made the same day).
    public var checkIn = PromptKindSettings(
        offset: SignedTimeSpan(microseconds: 0), expiresAfter: TimeSpan(microseconds: UInt64(day)),
        escalateAfter: TimeSpan(microseconds: UInt64(4 * hour)))
    /// Rehearsal: on its day, at the performance's time of day; missed once that day has
    /// passed. The default window is longer than any day, so the day's end decides; a
    /// shorter `expires_after` ends it sooner.
    public var rehearsal = PromptKindSettings(offset: SignedTimeSpan(microseconds: 0), expiresAfter: TimeSpan(microseconds: UInt64(2 * day)))
    /// `[prompts.rehearsal] days_before`: how many days before a one-off high-stakes
    /// performance a low-stakes rehearsal comes, the gaps expanding away from it
    /// (*heuristic*: COACHING.md §2 gives 10, 4 and 1 as an example; spaced rehearsals kept
    /// fear from returning where massed ones did not, Tsao & Craske 2000, and several short
    /// reps beat one long one, Seim 2010). Distinct, from 1 to 365, in any order.
    public var rehearsalDaysBefore = [10, 4, 1]
    /// `[prompts.debrief] renudge_after`: the one re-nudge of an unanswered debrief, 3 hours
    /// after it was due, while memory is fresh (*heuristic*: COACHING.md "one re-nudge at
    /// most"); nil for none.
    public var debriefRenudgeAfter: TimeSpan? = TimeSpan(microseconds: UInt64(3 * hour))

    public init() {}

    public subscript(kind: PromptKind) -> PromptKindSettings {
        get {
            switch kind {
            case .vicarious: vicarious
            case .reframe: reframe
            case .debrief: debrief
            case .affirmation: affirmation
            case .checkIn: checkIn
            case .rehearsal: rehearsal
            }
        }
        set {
            switch kind {
            case .vicarious: vicarious = newValue
            case .reframe: reframe = newValue
            case .debrief: debrief = newValue
            case .affirmation: affirmation = newValue
            case .checkIn: checkIn = newValue
            case .rehearsal: rehearsal = newValue
            }
        }
    }
}

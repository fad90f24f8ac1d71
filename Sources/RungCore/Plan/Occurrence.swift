import RungTime

/// One prompt the plan says to send: what, about whom, when, until when, and where.
public struct Occurrence: Hashable, Sendable {
    /// Stable across runs: derived from `schedule` and `scheduledAt`.
    public var id: OccurrenceID
    public var kind: PromptKind
    public var subject: PlanSubject
    /// The schedule identity, e.g. `performance:talk/reframe`, `ladder:talks/check_in`,
    /// `performance:talk/debrief/renudge`.
    public var schedule: String
    /// When the config says the prompt is due, before snoozes, pauses and quiet hours.
    public var scheduledAt: Instant
    /// When to deliver it: `scheduledAt`, deferred by a snooze, a pause or quiet hours.
    public var due: Instant
    /// After this the prompt is no longer worth delivering.
    public var expires: Instant
    /// The fallback chain, first choice first.
    public var channels: [String]
    /// For performance prompts, when the performance starts.
    public var performanceStart: Instant?
    /// For a debrief re-nudge, the debrief it follows up; nil otherwise.
    public var follows: OccurrenceID?
    /// When a snooze of this prompt alone last set `due`; nil when none did. A snooze of
    /// everything made before it does not move the prompt again.
    public var snoozedAt: Instant?

    public init(
        kind: PromptKind, subject: PlanSubject, schedule: String, scheduledAt: Instant, expires: Instant,
        channels: [String], performanceStart: Instant? = nil, follows: OccurrenceID? = nil
    ) {
        self.id = OccurrenceID(schedule: schedule, instant: scheduledAt)
        self.kind = kind
        self.subject = subject
        self.schedule = schedule
        self.scheduledAt = scheduledAt
        self.due = scheduledAt
        self.expires = expires
        self.channels = channels
        self.performanceStart = performanceStart
        self.follows = follows
    }

    /// Whether this is the one re-nudge of an unanswered debrief.
    public var isRenudge: Bool { follows != nil }
}

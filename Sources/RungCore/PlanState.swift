/// What the planner needs to know about the person's actions so far, as plain values:
/// the store provides it, so the planner itself stays pure.
public struct PlanState: Sendable, Equatable {
    /// Snoozed prompts and the instant each is snoozed until.
    public var snoozes: [OccurrenceID: Instant]
    /// Stretches of time when prompts are held back.
    public var pauses: [Pause]
    /// Prompts already answered (a debrief answered needs no re-nudge).
    public var answered: Set<OccurrenceID>

    public init(snoozes: [OccurrenceID: Instant] = [:], pauses: [Pause] = [], answered: Set<OccurrenceID> = []) {
        self.snoozes = snoozes
        self.pauses = pauses
        self.answered = answered
    }
}

/// A pause: from `start` until `end` (nil: until the person resumes), for one subject or
/// for everything.
public struct Pause: Sendable, Equatable {
    public var start: Instant
    public var end: Instant?
    /// The ladder or performance paused; nil pauses every prompt.
    public var subject: PlanSubject?

    public init(start: Instant, end: Instant?, subject: PlanSubject? = nil) {
        self.start = start
        self.end = end
        self.subject = subject
    }

    /// Whether the pause holds back a prompt of `subject` due at `instant`.
    public func covers(_ instant: Instant, of subject: PlanSubject) -> Bool {
        guard self.subject == nil || self.subject == subject, instant >= start else { return false }
        return end.map { instant < $0 } ?? true
    }
}

/// What a prompt is about.
public enum PlanSubject: Hashable, Sendable, CustomStringConvertible {
    case performance(String)
    case ladder(String)

    /// Reads `performance:ID` or `ladder:ID`; nil for anything else.
    public init?(parsing text: String) {
        if text.hasPrefix("performance:"), text.count > 12 {
            self = .performance(String(text.dropFirst(12)))
        } else if text.hasPrefix("ladder:"), text.count > 7 {
            self = .ladder(String(text.dropFirst(7)))
        } else {
            return nil
        }
    }

    /// `performance:ID` or `ladder:ID`, the prefix of schedule identities.
    public var description: String {
        switch self {
        case .performance(let id): "performance:\(id)"
        case .ladder(let id): "ladder:\(id)"
        }
    }
}

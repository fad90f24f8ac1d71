import RungTime

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

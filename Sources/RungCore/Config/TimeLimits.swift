import RungTime

/// The range of every time quantity where it enters Rung: a config field, a `rungctl`
/// argument, a varlink parameter. systemd's own limits come first (a span up to
/// `infinity`, years 1970 to 9999 in a date-time, 1970 to 2199 in a calendar expression);
/// within them each quantity has a range that suits its meaning. So nothing a person
/// writes asks for an absurd amount of time, and every instant Rung computes from these
/// quantities stays far inside what `Instant` holds.
public enum TimeLimits {
    /// The longest `timeout` of an email or command channel: how long its program may run.
    public static let channelTimeout = TimeSpan(microseconds: TimeSpanUnit.hour)
    /// The longest `expire_timeout` of a desktop channel (`"0"` keeps it up until answered).
    public static let notificationExpiry = TimeSpan(microseconds: TimeSpanUnit.day)
    /// The longest `duration` of a performance.
    public static let performanceDuration = TimeSpan(microseconds: TimeSpanUnit.week)
    /// The longest `offset`, `expires_after`, `renudge_after` and `escalate_after` of a
    /// prompt kind: a prompt comes at most four weeks before or after its performance, and
    /// is worth answering, re-nudged or escalated within four weeks of being due.
    public static let promptWindow = TimeSpan(microseconds: 4 * TimeSpanUnit.week)
    /// The longest snooze: as long as any prompt may stay worth delivering.
    public static let snooze = promptWindow
    /// The longest pause with an end (`1y`, 365.25 days); a longer one lasts until resumed.
    public static let pause = TimeSpan(microseconds: TimeSpanUnit.year)
    /// The shortest time between two elapses of a performance's `on`.
    public static let performanceInterval = TimeSpan(microseconds: 5 * TimeSpanUnit.minute)
    /// The shortest time between two elapses of a ladder's `check_in`.
    public static let checkInInterval = TimeSpan(microseconds: TimeSpanUnit.hour)
    /// The years of a date-time (`at`), as systemd's timestamps.
    public static let dateTimeYears = 1970...9999

    /// The span of `seconds` whole seconds, when it is at least a second and at most
    /// `limit`; nil otherwise. A varlink `seconds` parameter becomes a span through this.
    public static func span(seconds: Int64, atMost limit: TimeSpan) -> TimeSpan? {
        guard seconds >= 1, UInt64(seconds) <= limit.microseconds / TimeSpanUnit.second else { return nil }
        return TimeSpan(microseconds: UInt64(seconds) * TimeSpanUnit.second)
    }
}

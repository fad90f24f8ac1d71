/// A point in time: microseconds since the Unix epoch, UTC. This is systemd's `usec_t`
/// made signed, so instants before 1970 and differences between instants are plain
/// arithmetic. Rung never uses `Date` for scheduling: a `Double` loses microseconds
/// far from the epoch, and systemd's answers are exact to the microsecond.
///
/// Arithmetic on instants saturates: a result beyond what an `Int64` of microseconds holds
/// (about 292 000 years either side of 1970) is `distantPast` or `distantFuture`, never a
/// trap. Every time quantity is bounded where it enters Rung (`TimeLimits`), so saturation
/// is the last line of defence, not a way to plan.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    /// Earlier than any instant Rung plans: the smallest representable instant.
    public static let distantPast = Instant(microseconds: .min)
    /// Later than any instant Rung plans: the largest representable instant.
    public static let distantFuture = Instant(microseconds: .max)

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The instant `seconds` whole seconds (plus `microseconds`) after the epoch, saturating.
    public init(seconds: Int64, microseconds: Int64 = 0) {
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        self = overflow ? (seconds < 0 ? .distantPast : .distantFuture) : Instant(microseconds: whole).adding(microseconds: microseconds)
    }

    /// Whole seconds since the epoch, rounded towards negative infinity.
    public var seconds: Int64 {
        microseconds >= 0 ? microseconds / 1_000_000 : (microseconds + 1) / 1_000_000 - 1
    }

    /// The microseconds past `seconds`, always in 0..<1_000_000.
    public var microsecondOfSecond: Int64 {
        let remainder = microseconds % 1_000_000
        return remainder < 0 ? remainder + 1_000_000 : remainder
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microseconds < rhs.microseconds
    }

    /// `delta` microseconds later (earlier when negative), saturating.
    public func adding(microseconds delta: Int64) -> Instant {
        let (sum, overflow) = microseconds.addingReportingOverflow(delta)
        return overflow ? (delta < 0 ? .distantPast : .distantFuture) : Instant(microseconds: sum)
    }

    /// `span` later, saturating (an infinite span gives `distantFuture`).
    public func adding(_ span: TimeSpan) -> Instant {
        span.microseconds > UInt64(Int64.max) ? .distantFuture : adding(microseconds: Int64(span.microseconds))
    }

    /// `span` earlier, saturating.
    public func subtracting(_ span: TimeSpan) -> Instant {
        span.microseconds > UInt64(Int64.max) ? .distantPast : adding(microseconds: -Int64(span.microseconds))
    }

    /// Moved by `offset`: later when positive, earlier when negative; saturating.
    public func adding(_ offset: SignedTimeSpan) -> Instant {
        adding(microseconds: offset.microseconds)
    }

    /// The microseconds from `earlier` to this instant (negative when `earlier` is later),
    /// saturating at the ends of `Int64`.
    public func microseconds(since earlier: Instant) -> Int64 {
        let (difference, overflow) = microseconds.subtractingReportingOverflow(earlier.microseconds)
        return overflow ? (earlier.microseconds < 0 ? .max : .min) : difference
    }

    public var description: String { "@\(microseconds)us" }
}

#if canImport(Glibc)
import Glibc
#endif

extension Instant {
    /// The wall clock now (`CLOCK_REALTIME`). Deciding code takes instants as arguments;
    /// only the edges (CLI, daemon) read the clock.
    public static func now() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(seconds: Int64(spec.tv_sec), microseconds: Int64(spec.tv_nsec / 1000))
    }
}

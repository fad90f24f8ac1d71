/// A point in time: microseconds since the Unix epoch, UTC. This is systemd's `usec_t`
/// made signed, so instants before 1970 and differences between instants are plain
/// arithmetic. Rung never uses `Date` for scheduling: a `Double` loses microseconds
/// far from the epoch, and systemd's answers are exact to the microsecond.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The instant `seconds` whole seconds (plus `microseconds`) after the epoch.
    public init(seconds: Int64, microseconds: Int64 = 0) {
        self.microseconds = seconds * 1_000_000 + microseconds
    }

    /// Whole seconds since the epoch, rounded towards negative infinity.
    public var seconds: Int64 {
        microseconds >= 0 ? microseconds / 1_000_000 : -((-microseconds + 999_999) / 1_000_000)
    }

    /// The microseconds past `seconds`, always in 0..<1_000_000.
    public var microsecondOfSecond: Int64 {
        microseconds - seconds * 1_000_000
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microseconds < rhs.microseconds
    }

    public func adding(microseconds delta: Int64) -> Instant {
        Instant(microseconds: microseconds + delta)
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

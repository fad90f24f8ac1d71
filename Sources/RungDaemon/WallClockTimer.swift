import CSystemd
import Glibc
import RungCore
import RungTime

/// Wakes the daemon at wall-clock instants: a prompt due at 09:30 fires at 09:30 after a
/// suspend or a clock change, because the timer is a `timerfd` on `CLOCK_REALTIME` armed
/// with an absolute time. With `TFD_TIMER_CANCEL_ON_SET`, a discontinuous change of the
/// clock wakes it too, so the scheduler can re-plan and catch up. No polling.
///
/// Owned by one scheduler; its wakes arrive on `wakes`, read on the daemon's event loop.
public final class WallClockTimer {
    /// Why the timer woke.
    public enum Wake: Sendable, Equatable {
        /// The armed instant has been reached.
        case due
        /// The wall clock was set (manually, by NTP stepping it, or on resume).
        case clockChanged
    }

    /// Every wake, in order, for as long as the timer lives.
    public let wakes: AsyncStream<Wake>
    private let descriptor: Int32
    private let loop: EventLoop
    private let continuation: AsyncStream<Wake>.Continuation

    public init(loop: EventLoop) throws(TimerError) {
        let descriptor = timerfd_create(CLOCK_REALTIME, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard descriptor >= 0 else { throw TimerError(operation: "timerfd_create", errno: errno) }
        self.descriptor = descriptor
        let (stream, continuation) = AsyncStream.makeStream(of: Wake.self)
        self.wakes = stream
        self.continuation = continuation
        self.loop = loop
        loop.watch(descriptor) {
            var expirations: UInt64 = 0
            let count = read(descriptor, &expirations, MemoryLayout<UInt64>.size)
            if count == MemoryLayout<UInt64>.size {
                continuation.yield(.due)
            } else if count < 0, errno == ECANCELED {
                continuation.yield(.clockChanged)
            }
        }
    }

    /// Arms the timer for `instant` (a past instant wakes at once), or disarms it for nil.
    /// Replaces whatever was armed before.
    public func arm(at instant: Instant?) throws(TimerError) {
        var specification = itimerspec()
        if let instant {
            // Zero would disarm: the earliest meaningful absolute time is 1ns after the epoch.
            let clamped = max(instant.microseconds, 0)
            specification.it_value.tv_sec = Int(clamped / 1_000_000)
            specification.it_value.tv_nsec = Int(clamped % 1_000_000) * 1000
            if clamped == 0 { specification.it_value.tv_nsec = 1 }
        }
        let flags = Int32(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)
        guard timerfd_settime(descriptor, flags, &specification, nil) == 0 else {
            throw TimerError(operation: "timerfd_settime", errno: errno)
        }
    }

    deinit {
        loop.unwatch(descriptor)
        continuation.finish()
        close(descriptor)
    }
}

/// A timer system call failed.
public struct TimerError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let errno: Int32

    public var description: String { "\(operation) failed: \(String(cString: strerror(errno)))" }
}

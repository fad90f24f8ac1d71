import CSystemd
import Glibc

/// The signals the daemon acts on, delivered as a stream instead of to a handler that
/// could run at any point: SIGTERM and SIGINT stop it, SIGHUP reloads the config. A C
/// handler writes each one to a pipe that the daemon's event loop reads.
public final class SignalEvents {
    public enum Event: Sendable, Equatable {
        case stop
        case reload
    }

    public let events: AsyncStream<Event>
    private let readEnd: Int32
    private let writeEnd: Int32
    private let loop: EventLoop

    static let handled: [(number: Int32, event: Event)] = [(SIGTERM, .stop), (SIGINT, .stop), (SIGHUP, .reload)]

    /// Takes over SIGTERM, SIGINT and SIGHUP (and ignores SIGPIPE: a closed peer is an
    /// error to handle where it happens, not a reason to die). One per process; create it
    /// on the event loop's thread.
    public init(loop: EventLoop) throws(TimerError) {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw TimerError(operation: "pipe", errno: errno) }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        (readEnd, writeEnd) = (ends[0], ends[1])
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        self.events = stream
        self.loop = loop
        let readEnd = readEnd
        loop.watch(readEnd) {
            var numbers = [UInt8](repeating: 0, count: 64)
            let count = read(readEnd, &numbers, numbers.count)
            for number in numbers.prefix(max(count, 0)) {
                if let handled = Self.handled.first(where: { $0.number == Int32(number) }) {
                    continuation.yield(handled.event)
                }
            }
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        for (number, _) in Self.handled {
            guard rung_signal_via_pipe(number, writeEnd) == 0 else { throw TimerError(operation: "sigaction", errno: errno) }
            sigaddset(&mask, number)
        }
        // A parent may have started rungd with these signals blocked (the mask is
        // inherited); they must reach the handler on this thread, the event loop's.
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }

    deinit {
        for (number, _) in Self.handled { signal(number, SIG_DFL) }
        loop.unwatch(readEnd)
        close(readEnd)
        close(writeEnd)
    }
}

import CSystemd
import Glibc

/// The signals the daemon acts on, delivered as a stream instead of to a handler that
/// could run at any point: SIGTERM and SIGINT stop it, SIGHUP reloads the config (or,
/// from a terminal, stops it: see `hangupEvent`). A C handler writes each one to a pipe
/// that the daemon's event loop reads.
public final class SignalEvents {
    public enum Event: Sendable, Equatable {
        case stop
        case reload
    }

    public let events: AsyncStream<Event>
    private let readEnd: Int32
    private let writeEnd: Int32
    private let loop: EventLoop

    private let handled: [(number: Int32, event: Event)]

    /// What SIGHUP means to a rungd run with `environment`, `onTerminal` telling whether
    /// one of its standard streams is a terminal. Under systemd (which sets
    /// `$INVOCATION_ID`, and `$NOTIFY_SOCKET` for a notify service) SIGHUP is the reload
    /// `systemctl reload` sends. Started from a terminal by hand, SIGHUP is the terminal
    /// hanging up: a daemon left running with no terminal, its log going nowhere, is one
    /// the person has lost track of, so it stops. Anywhere else it stays a reload.
    public static func hangupEvent(environment: [String: String], onTerminal: Bool) -> Event {
        let underSystemd = [environment["INVOCATION_ID"], environment["NOTIFY_SOCKET"]].contains { !($0 ?? "").isEmpty }
        return onTerminal && !underSystemd ? .stop : .reload
    }

    /// Whether standard input, output or error is a terminal.
    public static var isOnTerminal: Bool {
        [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO].contains { isatty($0) == 1 }
    }

    /// Takes over SIGTERM, SIGINT and SIGHUP (and ignores SIGPIPE: a closed peer is an
    /// error to handle where it happens, not a reason to die); SIGHUP yields `hangup`. One
    /// per process; create it on the event loop's thread.
    public init(loop: EventLoop, hangup: Event) throws(TimerError) {
        let handled: [(number: Int32, event: Event)] = [(SIGTERM, .stop), (SIGINT, .stop), (SIGHUP, hangup)]
        self.handled = handled
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
                if let signal = handled.first(where: { $0.number == Int32(number) }) {
                    continuation.yield(signal.event)
                }
            }
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        for (number, _) in handled {
            guard rung_signal_via_pipe(number, writeEnd) == 0 else { throw TimerError(operation: "sigaction", errno: errno) }
            sigaddset(&mask, number)
        }
        // A parent may have started rungd with these signals blocked (the mask is
        // inherited); they must reach the handler on this thread, the event loop's.
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }

    deinit {
        for (number, _) in handled { signal(number, SIG_DFL) }
        loop.unwatch(readEnd)
        close(readEnd)
        close(writeEnd)
    }
}

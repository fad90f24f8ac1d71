import Dispatch
import Glibc

/// The signals the daemon acts on, delivered as a stream instead of to a handler that
/// could run at any point: SIGTERM and SIGINT stop it, SIGHUP reloads the config.
public final class SignalEvents {
    public enum Event: Sendable, Equatable {
        case stop
        case reload
    }

    public let events: AsyncStream<Event>
    private let sources: [any DispatchSourceSignal]

    /// Takes over SIGTERM, SIGINT and SIGHUP (and ignores SIGPIPE: a closed peer is an
    /// error to handle where it happens, not a reason to die).
    public init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        events = stream
        signal(SIGPIPE, SIG_IGN)
        let queue = DispatchQueue(label: "rung.signals")
        var sources: [any DispatchSourceSignal] = []
        for (number, event) in [(SIGTERM, Event.stop), (SIGINT, .stop), (SIGHUP, .reload)] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(event) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

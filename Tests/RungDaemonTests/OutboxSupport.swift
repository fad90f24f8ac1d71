import Foundation
import Logging
import RungCore
import RungDelivery
import RungTime
import Synchronization

/// A clock the test moves by hand; a retry's pause moves it instead of waiting.
final class ManualClock: Sendable {
    private let instant: Mutex<Instant>

    init(_ start: Instant) {
        instant = Mutex(start)
    }

    func now() -> Instant { instant.withLock { $0 } }

    func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        instant.withLock { $0 = $0.adding(microseconds: seconds * 1_000_000 + attoseconds / 1_000_000_000_000) }
    }

    func set(_ new: Instant) {
        instant.withLock { $0 = new }
    }
}

/// In-memory channels for unit tests of the outbox only (integration tests use real
/// channels). Each attempt on a channel gets the next outcome of that channel's script
/// (delivered once the script runs out), and what each channel was given, and when, is
/// kept by name, across the channels a reload or a restarted scheduler builds anew.
final class ScriptedChannels: Sendable {
    private struct State {
        var scripts: [String: [DeliveryOutcome]]
        /// Channels whose next attempt never returns (a process killed in the middle of it).
        var hangNext: Set<String> = []
        /// The hung attempts, kept (never resumed) so that they stay suspended quietly.
        var hung: [CheckedContinuation<Void, Never>] = []
        var received: [String: [(message: PromptMessage, at: Instant)]] = [:]
        var built: [String: ScriptedChannel] = [:]
    }

    private let state: Mutex<State>
    private let clock: ManualClock

    init(scripts: [String: [DeliveryOutcome]], clock: ManualClock) {
        state = Mutex(State(scripts: scripts))
        self.clock = clock
    }

    func make(_ definition: Channel, events: @escaping ChannelEventHandler) -> (any DeliveryChannel)? {
        let channel = ScriptedChannel(name: definition.name, channels: self, events: events)
        state.withLock { $0.built[definition.name] = channel }
        return channel
    }

    fileprivate func deliver(_ message: PromptMessage, on name: String) -> DeliveryOutcome {
        let now = clock.now()
        return state.withLock { state in
            state.received[name, default: []].append((message, now))
            return state.scripts[name]?.isEmpty == false ? state.scripts[name]!.removeFirst() : .delivered(detail: "shown")
        }
    }

    /// Makes the next attempt on `name` hang for ever, as one cut off by a crash would.
    func hangNextAttempt(on name: String) {
        state.withLock { _ = $0.hangNext.insert(name) }
    }

    /// How many attempts hang.
    var hanging: Int { state.withLock { $0.hung.count } }

    /// Whether this attempt on `name` is the one to hang.
    fileprivate func takeHang(on name: String) -> Bool {
        state.withLock { $0.hangNext.remove(name) != nil }
    }

    fileprivate func keep(hung continuation: CheckedContinuation<Void, Never>) {
        state.withLock { $0.hung.append(continuation) }
    }

    /// Adds `outcome` to the end of `name`'s script: a later attempt on it gets it.
    func enqueue(_ outcome: DeliveryOutcome, on name: String) {
        state.withLock { $0.scripts[name, default: []].append(outcome) }
    }

    /// The channel last built for `name`.
    subscript(name: String) -> ScriptedChannel {
        state.withLock { $0.built[name]! }
    }

    func received(_ name: String) -> [(message: PromptMessage, at: Instant)] {
        state.withLock { $0.received[name] ?? [] }
    }

    func instants(_ name: String) -> [Instant] { received(name).map(\.at) }
}

/// One scripted channel, as the scheduler holds it.
final class ScriptedChannel: DeliveryChannel {
    let name: String
    private let channels: ScriptedChannels
    private let events: ChannelEventHandler
    private let shutDownFlag = Mutex(false)

    fileprivate init(name: String, channels: ScriptedChannels, events: @escaping ChannelEventHandler) {
        self.name = name
        self.channels = channels
        self.events = events
    }

    func deliver(_ message: PromptMessage) async -> DeliveryOutcome {
        if channels.takeHang(on: name) {
            // Never resumed: the scheduler that made this attempt is dropped, as by a crash.
            await withCheckedContinuation { channels.keep(hung: $0) }
        }
        return channels.deliver(message, on: name)
    }

    func shutDown() async {
        shutDownFlag.withLock { $0 = true }
    }

    var isShutDown: Bool { shutDownFlag.withLock { $0 } }

    /// Reports `event` as a real channel would: through the handler, from outside the scheduler.
    func report(_ event: ChannelEvent) {
        events(event)
    }
}

/// Log entries kept in memory, for tests that check what rungd says and at which level.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.entries.withLock { $0.append(Entry(level: event.level, message: event.message.description)) }
        }
    }
}

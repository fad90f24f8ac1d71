import Foundation

/// Records what a callback reports (a channel's events, a bus's signals), from any thread,
/// and lets a test wait for the one it expects.
public final class EventRecorder<Event: Sendable>: @unchecked Sendable {
    // Safe: `recorded` is only touched under `lock`.
    private let lock = NSLock()
    private var recorded: [Event] = []

    public init() {}

    /// Adds `event`; pass this as the callback.
    public func record(_ event: Event) {
        lock.withLock { recorded.append(event) }
    }

    /// Everything recorded so far, oldest first.
    public var events: [Event] {
        lock.withLock { recorded }
    }

    /// The first recorded event that `matches`, waiting up to `timeout` for it.
    public func first(
        within timeout: Duration = .seconds(10), where matches: (Event) -> Bool
    ) async throws -> Event {
        var found: Event?
        _ = await eventually(timeout: timeout, poll: .milliseconds(10)) {
            found = events.first(where: matches)
            return found != nil
        }
        guard let found else { throw PeerError("nothing expected recorded within \(timeout); recorded: \(events)") }
        return found
    }
}

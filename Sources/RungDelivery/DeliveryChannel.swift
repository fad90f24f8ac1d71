/// A way to reach the person: desktop notification, email, or a command hook.
public protocol DeliveryChannel: Sendable {
    /// The channel's name in the config (`[channel.NAME]`).
    var name: String { get }
    /// Tries once to deliver `message`; never throws: every failure is an outcome to record.
    func deliver(_ message: PromptMessage) async -> DeliveryOutcome
    /// Releases what the channel holds (a bus connection, a thread); called when a reload
    /// replaces the channel and when rungd stops. The channel delivers nothing afterwards.
    func shutDown() async
    /// Like `shutDown()`, but leaves what the channel delivered where it is: a desktop
    /// notification stays on screen until its server's expiry or the person closes it.
    /// For a process that sends once and exits (`rungctl test-notify`).
    func release() async
    /// Takes down what the channel still shows of the prompt `occurrenceID`, which was
    /// answered elsewhere (a desktop notification comes off the screen). A channel that
    /// shows nothing it could take back does nothing.
    func withdraw(_ occurrenceID: String) async
}

extension DeliveryChannel {
    public func shutDown() async {}
    public func withdraw(_ occurrenceID: String) async {}
    public func release() async { await shutDown() }
}

/// What one delivery attempt came to, as the ledger records it.
public enum DeliveryOutcome: Hashable, Sendable {
    /// Handed over; `detail` says how (e.g. "exit status 0").
    case delivered(detail: String)
    /// Not handed over. `retryable` failures are tried again on this channel before the
    /// next channel of the chain gets the prompt.
    case failed(reason: String, retryable: Bool)
    /// Not handed over in the channel's time limit (a hook killed at its `timeout`, a
    /// notification server that never answered). Never retried on this channel: what hung
    /// once is likely to hang again, so the next channel of the chain gets the prompt at once.
    case timedOut(reason: String)
    /// The channel cannot deliver at all right now (no session bus, no notification server
    /// yet). The next channel of the chain takes over, or, where the prompt's kind can wait,
    /// the prompt is held until the channel reports `ChannelEvent.available`.
    case unavailable(reason: String)

    public var isDelivered: Bool {
        if case .delivered = self { true } else { false }
    }
}

/// What a channel reports on its own, after a delivery: the person's answer from a button,
/// or that it can deliver again.
public enum ChannelEvent: Hashable, Sendable {
    /// The person chose `answer` (an action id of `PromptMessage.actions`, e.g. `success`,
    /// `snooze`) on the prompt for `occurrenceID`.
    case answered(occurrenceID: String, answer: String, channel: String)
    /// The person dismissed the prompt without answering it.
    case dismissed(occurrenceID: String, channel: String)
    /// The channel can deliver again (e.g. a notification server appeared on the bus).
    case available(channel: String)
}

/// Receives a channel's events; called on a thread of the channel's, so it must only hand
/// the event over (e.g. to an actor) and return.
public typealias ChannelEventHandler = @Sendable (ChannelEvent) -> Void

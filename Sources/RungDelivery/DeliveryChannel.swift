/// A way to reach the person: desktop notification, email, or a command hook.
public protocol DeliveryChannel: Sendable {
    /// The channel's name in the config (`[channel.NAME]`).
    var name: String { get }
    /// Tries once to deliver `message`; never throws: every failure is an outcome to record.
    func deliver(_ message: PromptMessage) async -> DeliveryOutcome
}

/// What one delivery attempt came to, as the ledger records it.
public enum DeliveryOutcome: Hashable, Sendable {
    /// Handed over; `detail` says how (e.g. "exit status 0").
    case delivered(detail: String)
    /// Not handed over. `retryable` failures are tried again on this channel before the
    /// next channel of the chain gets the prompt.
    case failed(reason: String, retryable: Bool)

    public var isDelivered: Bool {
        if case .delivered = self { true } else { false }
    }
}

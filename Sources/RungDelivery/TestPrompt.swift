import RungCore
import RungTime

/// The sample prompt of `rungctl test-notify`: sent once through one channel, timed, and
/// never part of the person's ledger or evidence. Its id starts with `test-`, which no
/// planned prompt's id does (those are 16 hex digits), so an answer to it is told apart.
public enum TestPrompt {
    /// The `kind` a channel sees for the sample.
    public static let kind = "test"
    static let idPrefix = "test-"

    /// Whether `occurrenceID` is a test prompt's.
    public static func isTest(_ occurrenceID: String) -> Bool {
        occurrenceID.hasPrefix(idPrefix)
    }

    /// A sample prompt for `channel`, sent at `now`, with one button.
    public static func message(for channel: String, at now: Instant) -> PromptMessage {
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let text = PromptText.channelTest(channel)
        return PromptMessage(
            occurrenceID: idPrefix + suffix, kind: kind, subject: "test:\(channel)", title: text.title, body: text.body,
            due: now, expires: now.adding(microseconds: Int64(TimeSpanUnit.hour)), actions: text.actions)
    }

    /// What one test delivery came to and how long the channel took.
    public struct Result: Sendable {
        public var outcome: DeliveryOutcome
        public var elapsed: Duration

        /// `delivered`, `failed` (a timeout too: the reason says so) or `unavailable`.
        public var outcomeName: String {
            switch outcome {
            case .delivered: "delivered"
            case .failed, .timedOut: "failed"
            case .unavailable: "unavailable"
            }
        }

        /// How the channel delivered it (e.g. "exit status 0"); nil when it did not.
        public var detail: String? {
            if case .delivered(let detail) = outcome { detail } else { nil }
        }

        /// Why the channel did not deliver it; nil when it did.
        public var reason: String? {
            switch outcome {
            case .delivered: nil
            case .failed(let reason, _), .timedOut(let reason), .unavailable(let reason): reason
            }
        }

        /// `elapsed` in whole milliseconds.
        public var milliseconds: Int64 {
            let (seconds, attoseconds) = elapsed.components
            return seconds * 1000 + attoseconds / 1_000_000_000_000_000
        }
    }

    /// Sends a sample prompt once through `channel` (built from `definition`; nil when this
    /// build cannot deliver through its kind): no retry, no fallback.
    public static func send(through channel: (any DeliveryChannel)?, of definition: Channel, at now: Instant) async -> Result {
        guard let channel else {
            return Result(outcome: .failed(reason: ChannelFactory.unsupportedReason(definition), retryable: false), elapsed: .zero)
        }
        let message = message(for: definition.name, at: now)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await channel.deliver(message)
        return Result(outcome: outcome, elapsed: clock.now - start)
    }
}

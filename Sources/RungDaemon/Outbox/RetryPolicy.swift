import RungCore
import RungTime

/// When a channel's temporary failure is tried again on the same channel: exponential
/// backoff with jitter (1 s, 2 s, 4 s, 8 s, each ± 20 %), a few times, and never at or past
/// the prompt's expiry. Then the next channel of the chain gets the prompt; the chain's last
/// channel, having no next one, is tried until the prompt expires, the pauses growing to
/// `maximumDelay`. Pure, so that its bounds can be tested with a manual clock.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts on one channel, the first included, while another channel could take over.
    public var attempts: Int
    /// The pause after the first failed attempt, before jitter.
    public var initialDelay: Duration
    /// How much longer each further pause is.
    public var multiplier: Double
    /// The longest pause, before jitter.
    public var maximumDelay: Duration
    /// How far a pause may stray either way from its nominal length, as a fraction of it:
    /// retries of many prompts failing together spread out instead of coming in lockstep.
    public var jitter: Double

    public init(attempts: Int = 5, initialDelay: Duration = .seconds(1), multiplier: Double = 2, maximumDelay: Duration = .seconds(600), jitter: Double = 0.2) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.jitter = jitter
    }

    /// The pause after failed attempt `attempt` (1 for the first), before jitter.
    public func nominalDelay(after attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(attempt, 1) {
            delay = min(delay * multiplier, maximumDelay)
        }
        return min(delay, maximumDelay)
    }

    /// How long to wait before trying the channel again after failed attempt `attempt`
    /// (1 for the first), at `now`; `random` in 0..<1 picks the jitter. Nil when the channel
    /// is not tried again: its attempts are used up (unless it is the chain's `lastChannel`),
    /// or the retry would start at or after `expires`.
    public func delay(after attempt: Int, at now: Instant, expires: Instant, random: Double, lastChannel: Bool = false) -> Duration? {
        guard attempt >= 1, lastChannel || attempt < attempts else { return nil }
        let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
        let delay = nominalDelay(after: attempt) * factor
        guard now.adding(microseconds: delay.microseconds) < expires else { return nil }
        return delay
    }
}

import RungCore
import RungDelivery

/// What the scheduler's outbox takes from the world: how channels are built, how a retry
/// waits, where its jitter comes from, and how retries are spaced. rungd runs with `live(_:)`;
/// unit tests of the outbox pass a recording channel, a manual clock's sleep and fixed
/// jitter, so that no test waits for real time.
public struct DeliveryEnvironment: Sendable {
    /// Builds the channel for a definition; nil when this build cannot deliver through it.
    public var makeChannel: @Sendable (Channel, @escaping ChannelEventHandler) -> (any DeliveryChannel)?
    /// Waits between two attempts on one channel.
    public var sleep: @Sendable (Duration) async -> Void
    /// A number in 0..<1 that picks a retry's jitter.
    public var random: @Sendable () -> Double
    public var retryPolicy: RetryPolicy

    public init(
        makeChannel: @escaping @Sendable (Channel, @escaping ChannelEventHandler) -> (any DeliveryChannel)?,
        sleep: @escaping @Sendable (Duration) async -> Void, random: @escaping @Sendable () -> Double,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.makeChannel = makeChannel
        self.sleep = sleep
        self.random = random
        self.retryPolicy = retryPolicy
    }

    /// Real channels in `context`, real sleeps, random jitter.
    public static func live(_ context: ChannelContext) -> DeliveryEnvironment {
        DeliveryEnvironment(
            makeChannel: { ChannelFactory.make($0, context: context, events: $1) },
            sleep: { try? await Task.sleep(for: $0) }, random: { Double.random(in: 0..<1) })
    }
}

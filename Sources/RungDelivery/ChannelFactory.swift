import RungCore
import RungTime

/// What a channel takes from where it runs: the process environment (the session bus's
/// address) and the zone its messages write times in (an email's `Date:`).
public struct ChannelContext: Sendable {
    public var environment: [String: String]
    public var zone: TimeZoneRules

    public init(environment: [String: String], zone: TimeZoneRules) {
        self.environment = environment
        self.zone = zone
    }
}

/// Builds the channel a `[channel.NAME]` definition describes. The one place that knows
/// every kind of channel: rungd builds its channels here, and so does `rungctl
/// test-notify` when rungd is not running.
public enum ChannelFactory {
    /// The channel for `definition`, reporting answers, dismissals and availability to
    /// `events`; nil when this build cannot deliver through its kind (a chain then goes
    /// on to its next channel).
    public static func make(_ definition: Channel, context: ChannelContext, events: @escaping ChannelEventHandler) -> (any DeliveryChannel)? {
        switch definition.kind {
        case .command(let command):
            CommandChannel(
                name: definition.name, argv: command.argv,
                timeout: .microseconds(Int64(clamping: command.timeout.microseconds)))
        case .desktop(let desktop):
            DesktopChannel(name: definition.name, settings: desktop, environment: context.environment, events: events)
        case .email(let email):
            EmailChannel(name: definition.name, settings: email, zone: context.zone)
        }
    }

    /// Why `make` gave no channel for `definition`.
    public static func unsupportedReason(_ definition: Channel) -> String {
        "this build of Rung cannot deliver through \(definition.kindName) channels"
    }
}

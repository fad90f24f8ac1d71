import RungCore

/// Builds the channel a `[channel.NAME]` definition describes. The one place that knows
/// every kind of channel: rungd builds its channels here, and so does `rungctl
/// test-notify` when rungd is not running.
public enum ChannelFactory {
    /// The channel for `definition`, reporting answers, dismissals and availability to
    /// `events`; nil when this build cannot deliver through its kind (a chain then goes
    /// on to its next channel).
    public static func make(_ definition: Channel, events: @escaping ChannelEventHandler) -> (any DeliveryChannel)? {
        switch definition.kind {
        case .command(let command):
            CommandChannel(
                name: definition.name, argv: command.argv,
                timeout: .microseconds(Int64(clamping: command.timeout.microseconds)))
        // Desktop (`Channel.Desktop`, answers and availability through `events`) and email
        // (`Channel.Email`) channels are built here.
        case .desktop, .email:
            nil
        }
    }

    /// Why `make` gave no channel for `definition`.
    public static func unsupportedReason(_ definition: Channel) -> String {
        "this build of Rung cannot deliver through \(definition.kindName) channels"
    }
}

import Glibc
import RungCore
import RungTime

/// Delivers a prompt as an email, piped to a sendmail-compatible command (default
/// `sendmail -t -i`; `msmtp -t` works the same) that reads the recipient from the
/// message's `To:` header. Exit 0 means the command took the message; 75 (`EX_TEMPFAIL`,
/// e.g. msmtp cannot reach its server) is worth retrying; any other exit, a command that
/// cannot be started and a bad address fall back to the next channel at once. A command
/// that hangs is killed at the channel's `timeout` with everything it started.
public struct EmailChannel: DeliveryChannel {
    public let name: String
    public let settings: Channel.Email
    /// The zone of the `Date:` header and of the expiry the body names.
    public let zone: TimeZoneRules
    /// The right-hand side of Message-IDs; `rung.invalid` when it is not a plain host name.
    public let host: String

    public init(
        name: String, settings: Channel.Email, zone: TimeZoneRules, host: String = EmailChannel.hostName()
    ) {
        precondition(!settings.sendmail.isEmpty, "an email channel needs a mail command; config validation guarantees one")
        self.name = name
        self.settings = settings
        self.zone = zone
        self.host = host
    }

    public func deliver(_ prompt: PromptMessage) async -> DeliveryOutcome {
        let message: EmailMessage
        do {
            message = try EmailMessage(prompt: prompt, settings: settings, date: .now(), zone: zone, host: host)
        } catch {
            return .failed(reason: "cannot compose the message: \(error)", retryable: false)
        }
        let process = ChannelProcess(argv: settings.sendmail, timeout: .microseconds(Int64(clamping: settings.timeout.microseconds)))
        let ending = await process.run(input: Array(message.text.utf8))
        switch ending {
        case .cannotStart(let reason):
            return .failed(
                reason: "cannot run \(settings.sendmail[0]): \(reason) Install a sendmail-compatible mail command, "
                    + "or name one in [channel.\(name)] sendmail, e.g. [\"msmtp\", \"-t\"].",
                retryable: false)
        default:
            let program = settings.sendmail[0].split(separator: "/").last.map(String.init) ?? settings.sendmail[0]
            return process.outcome(of: ending, delivered: "handed to \(program) (exit 0), Message-ID \(message.messageID)")
        }
    }

    /// This machine's host name (`gethostname`), without asking DNS.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

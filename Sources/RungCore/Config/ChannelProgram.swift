import RungTOML

/// A program a channel runs: a command channel's `argv` or an email channel's `sendmail`.
/// rungd starts it only when a prompt is due, maybe days from now; `check-config` looks
/// for it at once, so that a missing one is found while the person is at the keyboard.
public struct ChannelProgram: Equatable, Sendable {
    /// Where a program's name leads, on this machine.
    public enum Lookup: Equatable, Sendable {
        case executable
        case notFound
        case notExecutable
    }

    public var channel: String
    /// `argv` or `sendmail`; nil for an email channel left with the default mail command.
    public var key: String?
    /// The first word of the argv: a path when it has a '/', else a name looked up in PATH.
    public var program: String
    /// The key, or the channel's header for the default mail command.
    public var position: SourcePosition

    public init(channel: String, key: String?, program: String, position: SourcePosition) {
        self.channel = channel
        self.key = key
        self.program = program
        self.position = position
    }

    /// The programs of the channels in `text`, in the order of the file. A channel whose
    /// kind or argv is malformed is left out: the config check reports it as an error.
    public static func all(in text: String) -> [ChannelProgram] {
        guard let channels = TOMLParser.read(text).document?["channel"]?.value.table else { return [] }
        return channels.entries.compactMap { channel in
            guard let table = channel.value.table, let kind = table["kind"]?.value.string else { return nil }
            switch kind {
            case "command":
                return program(of: channel.key, key: "argv", in: table)
            case "email":
                guard table["sendmail"] != nil else {
                    return ChannelProgram(
                        channel: channel.key, key: nil, program: Channel.Email(to: "").sendmail[0], position: channel.keyPosition)
                }
                return program(of: channel.key, key: "sendmail", in: table)
            default:
                return nil
            }
        }
    }

    private static func program(of channel: String, key: String, in table: TOMLTable) -> ChannelProgram? {
        guard let entry = table[key], let first = entry.value.array?.first?.string, !first.isEmpty else { return nil }
        return ChannelProgram(channel: channel, key: key, program: first, position: entry.keyPosition)
    }

    /// The warning for this program in the config at `path`, given where its name leads;
    /// nil when it leads to an executable.
    public func warning(path: String, lookup: Lookup) -> ConfigDiagnostic? {
        let problem: String
        switch lookup {
        case .executable:
            return nil
        case .notFound where program.contains("/"):
            problem = "'\(program)' does not exist"
        case .notFound:
            problem = "'\(program)' is not found in PATH"
        case .notExecutable:
            problem = "'\(program)' is not an executable file"
        }
        let message = if let key {
            "'\(key)' in [channel.\(channel)]: the program \(problem); the channel will fail when a prompt is due"
        } else {
            "[channel.\(channel)] sends mail with the default command, and \(problem); install a sendmail or set 'sendmail' (e.g. [\"msmtp\", \"-t\"])"
        }
        return ConfigDiagnostic(.warning, path: path, at: position, message)
    }
}

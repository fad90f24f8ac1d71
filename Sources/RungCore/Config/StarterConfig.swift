/// A first `rung.toml` from a few answers: one ladder in the person's own words, its weekly
/// check-in, the next real performance on it, and the channels prompts go to. The text is
/// commented, so the file explains itself when opened later, and is checked by the config
/// reader before anything is written.
public struct StarterConfig: Sendable, Equatable {
    /// One rung as the person put it.
    public struct Step: Sendable, Equatable {
        public var title: String
        public var stakes: Stakes

        public init(title: String, stakes: Stakes) {
            self.title = title
            self.stakes = stakes
        }
    }

    /// The next real performance: once (`at`, "YYYY-MM-DD HH:MM") or recurring (`on`, a
    /// calendar expression), at a rung of the ladder.
    public struct NextPerformance: Sendable, Equatable {
        public enum When: Sendable, Equatable {
            case at(String)
            case on(String)
        }

        public var id: String
        public var title: String
        public var when: When
        /// From 1.
        public var rung: Int

        public init(id: String, title: String, when: When, rung: Int) {
            self.id = id
            self.title = title
            self.when = when
            self.rung = rung
        }
    }

    /// Where prompts go, first choice first.
    public enum Channel: Sendable, Equatable {
        case desktop
        case email(to: String, sendmail: [String])

        /// The channel's name in the config: `desktop` or `email`.
        public var name: String {
            switch self {
            case .desktop: "desktop"
            case .email: "email"
            }
        }
    }

    /// How many rungs a first ladder has: enough for small steps, few enough to keep in view.
    public static let rungCount = 5...12

    public var ladderID: String
    public var skill: String
    public var rungs: [Step]
    public var checkIn: String
    public var performance: NextPerformance?
    public var channels: [Channel]

    public init(ladderID: String, skill: String, rungs: [Step], checkIn: String, performance: NextPerformance?, channels: [Channel]) {
        self.ladderID = ladderID
        self.skill = skill
        self.rungs = rungs
        self.checkIn = checkIn
        self.performance = performance
        self.channels = channels
    }

    /// An id for `[ladder.ID]` from the skill's words: lower-case ASCII letters and digits
    /// joined by '-' ("Giving a talk" → "giving-a-talk"); "skill" when none are left.
    public static func id(for text: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        let id = words.prefix(4).joined(separator: "-")
        return id.isEmpty ? "skill" : id
    }

    /// The file, with a comment before each part.
    public var text: String {
        var lines = [
            "# Rung's config, written by `rungctl init`. Edit it freely: `rungctl check-config`",
            "# says exactly what is wrong, if anything, and `man rung.toml` describes every key.",
            "# Times are written the way systemd writes them: `rungctl calendar EXPR` and",
            "# `rungctl timespan SPAN` show how a time is read.",
            "",
            "[rung]",
            "# Prompts are computed in the system's time zone; set `timezone = \"Area/City\"` for another.",
            "# The channels prompts try, first choice first.",
            "channels = \(Self.list(channels.map(\.name)))",
        ]
        for channel in channels {
            lines.append("")
            switch channel {
            case .desktop:
                lines += [
                    "[channel.desktop]",
                    "# A notification with buttons, from the notification server of your desktop.",
                    "kind = \"desktop\"",
                ]
            case .email(let to, let sendmail):
                lines += [
                    "[channel.email]",
                    "# An email, handed to a sendmail-compatible command; who gets it.",
                    "kind = \"email\"",
                    "to = \(ConfigEdit.quoted(to))",
                    "# The mail command (msmtp or sendmail); the message arrives on its standard input.",
                    "sendmail = \(Self.list(sendmail))",
                ]
            }
        }
        lines += [
            "",
            "# The ladder: rungs in order, from just manageable to genuinely challenging.",
            "[ladder.\(ladderID)]",
            "skill = \(ConfigEdit.quoted(skill))",
            "# When a check-in asks whether to climb, hold or step back.",
            "check_in = \(ConfigEdit.quoted(checkIn))",
            "# title: the rung in your words; stakes: what rides on it, low, medium or high.",
            "rungs = [",
        ]
        lines += rungs.map { "    { title = \(ConfigEdit.quoted($0.title)), stakes = \(ConfigEdit.quoted($0.stakes.rawValue)) }," }
        lines.append("]")
        if let performance {
            lines += [
                "",
                "# The next real attempt. Add the ones after it with `rungctl performance add`.",
                "[performance.\(performance.id)]",
                "title = \(ConfigEdit.quoted(performance.title))",
                "ladder = \(ConfigEdit.quoted(ladderID))",
                "# The rung it is an attempt at, from 1.",
                "rung = \(performance.rung)",
            ]
            switch performance.when {
            case .at(let text):
                lines += ["# Once, in the zone prompts are computed in; a zone name after the time picks another.", "at = \(ConfigEdit.quoted(text))"]
            case .on(let text):
                lines += ["# Again and again: every elapse of this calendar expression is one attempt.", "on = \(ConfigEdit.quoted(text))"]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func list(_ values: [String]) -> String {
        "[" + values.map(ConfigEdit.quoted).joined(separator: ", ") + "]"
    }
}

import RungTime

/// The person's whole description of their practice, as read from `rung.toml` and
/// checked: every reference resolves, every expression parsed.
public struct Config: Sendable {
    /// `[rung] timezone`: the zone prompts are computed in; nil means the system's zone.
    public var timeZone: TimeZoneRules?
    /// `[rung] quiet_hours`: when prompts are held back, if ever.
    public var quietHours: QuietHours?
    /// `[rung] channels`: the default fallback chain, first choice first. Defaults to every
    /// defined channel in the order the file defines them.
    public var channels: [String]
    /// `[channel.NAME]` tables, in file order.
    public var channelDefinitions: [Channel]
    /// `[ladder.ID]` tables, in file order.
    public var ladders: [Ladder]
    /// `[performance.ID]` tables, in file order.
    public var performances: [Performance]
    /// `[prompts.KIND]` tables, with defaults for whatever the file leaves out.
    public var prompts: PromptSettings
    /// `[coaching]`: the thresholds of the coaching rules; each ladder holds its own copy
    /// with its overrides applied (`Ladder.coaching`).
    public var coaching: CoachingSettings

    public init(
        timeZone: TimeZoneRules? = nil, quietHours: QuietHours? = nil, channels: [String] = [],
        channelDefinitions: [Channel] = [], ladders: [Ladder] = [], performances: [Performance] = [],
        prompts: PromptSettings = PromptSettings(), coaching: CoachingSettings = CoachingSettings()
    ) {
        self.timeZone = timeZone
        self.quietHours = quietHours
        self.channels = channels
        self.channelDefinitions = channelDefinitions
        self.ladders = ladders
        self.performances = performances
        self.prompts = prompts
        self.coaching = coaching
    }

    public func ladder(_ id: String) -> Ladder? { ladders.first { $0.id == id } }
    public func channel(_ name: String) -> Channel? { channelDefinitions.first { $0.name == name } }
}

/// How much rides on an attempt. Rung proposes higher stakes only on strong evidence.
public enum Stakes: String, Sendable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (lhs: Stakes, rhs: Stakes) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A way of reaching the person: `[channel.NAME]`.
public struct Channel: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case desktop(Desktop)
        case email(Email)
        case command(Command)
    }

    /// A desktop notification (org.freedesktop.Notifications).
    public struct Desktop: Sendable, Equatable {
        public enum Urgency: String, Sendable, CaseIterable { case low, normal, critical }
        /// `urgency`, default `normal`.
        public var urgency: Urgency = .normal
        /// `expire_timeout`: how long the server shows it; nil leaves it to the server.
        public var expireTimeout: TimeSpan?
        /// `app_name`, default `Rung`.
        public var appName: String = "Rung"
        public init() {}
    }

    /// An email piped to a sendmail-compatible command.
    public struct Email: Sendable, Equatable {
        /// `to`: the recipient address.
        public var to: String
        /// `from`: the sender address; nil lets the mail command choose.
        public var from: String?
        /// `sendmail`: the argv the message is piped to, default `["sendmail", "-t", "-i"]`.
        public var sendmail: [String] = ["sendmail", "-t", "-i"]
        /// `timeout`: how long the mail command may run before it is killed, default 60 s.
        public var timeout = TimeSpan(microseconds: TimeSpanUnit.minute)
        public init(to: String) { self.to = to }
    }

    /// An argv that receives each prompt as JSON on stdin.
    public struct Command: Sendable, Equatable {
        /// `argv`: program and arguments, never a shell string.
        public var argv: [String]
        /// `timeout`: how long the command may run before it is killed, default 30 s.
        public var timeout = TimeSpan(microseconds: 30 * TimeSpanUnit.second)
        public init(argv: [String]) { self.argv = argv }
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// `desktop`, `email` or `command`.
    public var kindName: String {
        switch kind {
        case .desktop: "desktop"
        case .email: "email"
        case .command: "command"
        }
    }
}

/// A progressive difficulty ladder for one skill: `[ladder.ID]`.
public struct Ladder: Sendable {
    public var id: String
    /// `skill`: what the ladder trains, in the person's words.
    public var skill: String
    /// `check_in`: when to propose climbing, holding or stepping back; nil for never.
    public var checkIn: CalendarSpec?
    /// The coaching thresholds for this ladder: `[coaching]` with the ladder's own keys
    /// (`climb_after`, …) applied over it.
    public var coaching: CoachingSettings
    /// `rungs`: from just manageable to genuinely challenging.
    public var rungs: [Rung]
    /// `channels`: where check-ins go; nil for the per-kind or default chain.
    public var channels: [String]?

    public init(id: String, skill: String, checkIn: CalendarSpec? = nil, coaching: CoachingSettings = CoachingSettings(), rungs: [Rung], channels: [String]? = nil) {
        self.id = id
        self.skill = skill
        self.checkIn = checkIn
        self.coaching = coaching
        self.rungs = rungs
        self.channels = channels
    }
}

/// One step of a ladder.
public struct Rung: Sendable, Equatable {
    public var title: String
    public var stakes: Stakes

    public init(title: String, stakes: Stakes) {
        self.title = title
        self.stakes = stakes
    }
}

/// A performance the person will do: `[performance.ID]`, once (`at`) or recurring (`on`).
public struct Performance: Sendable {
    /// When it happens.
    public enum Schedule: Sendable {
        /// `at` with an offset: one exact instant.
        case instant(Instant)
        /// `at` without an offset: a civil time in `zone`, or in the config's zone when nil.
        case civil(BrokenDownTime, zone: TimeZoneRules?)
        /// `on`: every elapse of a calendar expression.
        case recurring(CalendarSpec)
    }

    public var id: String
    /// `title`: what the performance is, as prompts name it.
    public var title: String
    /// `ladder`: the ladder it is a rung of, if any.
    public var ladder: String?
    /// `rung`: the index into the ladder's rungs (0-based; the file counts from 1 or names the title).
    public var rung: Int?
    /// `rung = "current"`: the performance is an attempt at whichever rung its ladder is on
    /// when a prompt goes out (`rung` is then nil), so its prompts follow the ladder's moves.
    public var followsLadder: Bool
    /// `stakes`: defaults to the rung's stakes, else medium (also when it follows the ladder).
    public var stakes: Stakes
    /// Whether the file left `stakes` out of a performance that follows its ladder: each
    /// attempt then has the stakes of the rung it was at (`stakes(atRung:of:)`).
    public var stakesFollowRung: Bool
    public var schedule: Schedule
    /// `duration`: how long it lasts; the debrief and affirmation count from its end. Default 1 h.
    public var duration: TimeSpan
    /// `peer`: whom to watch succeed, for the vicarious prompt; none, no vicarious prompt.
    public var peer: String?
    /// `observer`: whom to ask for feedback, for the affirmation prompt; none, no affirmation prompt.
    public var observer: String?
    /// `channels`: where this performance's prompts go, overriding per-kind routing.
    public var channels: [String]?

    public init(
        id: String, title: String, ladder: String? = nil, rung: Int? = nil, followsLadder: Bool = false, stakes: Stakes = .medium,
        stakesFollowRung: Bool = false, schedule: Schedule, duration: TimeSpan = TimeSpan(microseconds: TimeSpanUnit.hour),
        peer: String? = nil, observer: String? = nil, channels: [String]? = nil
    ) {
        self.id = id
        self.title = title
        self.ladder = ladder
        self.rung = rung
        self.followsLadder = followsLadder
        self.stakes = stakes
        self.stakesFollowRung = stakesFollowRung
        self.schedule = schedule
        self.duration = duration
        self.peer = peer
        self.observer = observer
        self.channels = channels
    }
}

extension Performance {
    /// When a one-off performance starts: its instant, or its civil time read in its own
    /// zone, else in `zone`; nil for a recurring one and for a civil time that never
    /// happens there (skipped by a clock change).
    public func oneOffStart(in zone: TimeZoneRules) -> Instant? {
        switch schedule {
        case .instant(let instant): return instant
        case .civil(var civil, let ownZone):
            civil.isDST = -1
            return (ownZone ?? zone).makeTime(&civil).map { Instant(seconds: $0) }
        case .recurring: return nil
        }
    }

    /// The stakes of an attempt at `rung` (from 1) of `ladder`: the rung's when the
    /// performance follows its ladder without stakes of its own, else its own.
    public func stakes(atRung rung: Int?, of ladder: Ladder?) -> Stakes {
        guard stakesFollowRung, let rung, let ladder, ladder.rungs.indices.contains(rung - 1) else { return stakes }
        return ladder.rungs[rung - 1].stakes
    }
}

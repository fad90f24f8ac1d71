import RungTime
import RungTOML

/// Reads `rung.toml` into a `Config`, checking everything at once: syntax, unknown keys,
/// types, required keys, calendar expressions, time spans, references and ids. Each
/// problem is reported where it is, so a person fixes the whole file in one pass.
public enum ConfigLoader {
    /// Checks `text` (the contents of the file at `path`, as the person named it).
    /// `now` and `systemZone`, when given, enable the warnings that depend on the time
    /// (a one-off performance in the past).
    public static func check(_ text: String, path: String, now: Instant? = nil, systemZone: TimeZoneRules? = nil) -> ConfigCheck {
        var reader = ConfigReader(path: path, now: now, systemZone: systemZone)
        let reading = TOMLParser.read(text)
        let tomlDiagnostics = reading.errors.map { ConfigDiagnostic(.error, path: path, at: $0.position, $0.message) }
        // A key or table defined twice does not stop the check: the first definition
        // stands and the rest of the file is checked too. After a syntax error the
        // document is incomplete, and checking it would report keys as missing.
        guard let root = reading.document else {
            return ConfigCheck(config: nil, diagnostics: tomlDiagnostics)
        }
        let config = reader.read(root)
        let sorted = (tomlDiagnostics + reader.diagnostics).enumerated().sorted {
            ($0.element.position, $0.offset) < ($1.element.position, $1.offset)
        }.map(\.element)
        let hasErrors = sorted.contains { $0.severity == .error }
        return ConfigCheck(config: hasErrors ? nil : config, diagnostics: sorted)
    }

    /// The config in `text`, or every problem with it; warnings alone do not fail.
    public static func load(_ text: String, path: String, now: Instant? = nil, systemZone: TimeZoneRules? = nil) throws(ConfigErrors) -> Config {
        let result = check(text, path: path, now: now, systemZone: systemZone)
        guard let config = result.config else { throw ConfigErrors(diagnostics: result.diagnostics) }
        return config
    }
}

/// The outcome of checking a config file.
public struct ConfigCheck: Sendable {
    /// The config, when the file has no errors (it may have warnings).
    public var config: Config?
    /// Every error and warning, sorted by position.
    public var diagnostics: [ConfigDiagnostic]

    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// A table being read, with the name messages give it (`[ladder.talks]`, `rung 2 of
/// [ladder.talks]`) and where it starts.
struct Scope {
    var table: TOMLTable
    var name: String
    var position: SourcePosition
}

struct ConfigReader {
    let path: String
    let now: Instant?
    let systemZone: TimeZoneRules?
    var diagnostics: [ConfigDiagnostic] = []
    var config = Config()
    var usedLadders: Set<String> = []

    init(path: String, now: Instant?, systemZone: TimeZoneRules?) {
        self.path = path
        self.now = now
        self.systemZone = systemZone
    }

    mutating func read(_ root: TOMLTable) -> Config {
        let top = Scope(table: root, name: "the top level", position: SourcePosition(line: 1, column: 1))
        checkKeys(top, allowed: ConfigKeys.topLevel)
        for (id, scope) in sections("channel", in: root, noun: "channel") { readChannel(id, scope) }
        let rungScope = table("rung", in: root, name: "[rung]")
        readRung(rungScope)
        if let coaching = table("coaching", in: root, name: "[coaching]") {
            checkKeys(coaching, allowed: ConfigKeys.coaching)
            config.coaching = coachingSettings(in: coaching, over: config.coaching)
        }
        for (id, scope) in sections("ladder", in: root, noun: "ladder") { readLadder(id, scope) }
        for (id, scope) in sections("performance", in: root, noun: "performance") { readPerformance(id, scope) }
        if let prompts = table("prompts", in: root, name: "[prompts]") { readPrompts(prompts) }
        if config.channelDefinitions.isEmpty {
            warn(at: rungScope?.position ?? top.position, "no [channel.NAME] is defined, so no prompt can be delivered")
        }
        warnAboutUnusedLadders(root)
        return config
    }

    // MARK: - Sections

    mutating func readRung(_ scope: Scope?) {
        config.channels = config.channelDefinitions.map(\.name)
        guard let scope else { return }
        checkKeys(scope, allowed: ConfigKeys.rung)
        if let (name, entry) = string("timezone", in: scope) {
            do {
                config.timeZone = try TimeZoneRules.named(name)
            } catch {
                self.error(at: entry.value.position, "'timezone' in [rung]: \(error.description)")
            }
        }
        if let (text, entry) = string("quiet_hours", in: scope) {
            do {
                config.quietHours = try QuietHours(parsing: text)
            } catch {
                self.error(at: entry.value.position, "'quiet_hours' in [rung]: \(error.description)")
            }
        }
        if let channels = channelList("channels", in: scope) { config.channels = channels }
    }

    mutating func readChannel(_ name: String, _ scope: Scope) {
        let kinds = ["desktop", "email", "command"]
        let before = diagnostics.count
        defer {
            if diagnostics[before...].contains(where: { $0.severity == .error }) { invalidChannels.insert(name) }
        }
        guard let (kind, kindEntry) = string("kind", in: scope, required: true) else {
            checkKeys(scope, allowed: ConfigKeys.anyChannel)
            return
        }
        switch kind {
        case "desktop":
            checkKeys(scope, allowed: ConfigKeys.desktopChannel, kind: kind)
            var desktop = Channel.Desktop()
            if let urgency = choice("urgency", in: scope, among: Channel.Desktop.Urgency.allCases.map(\.rawValue)) {
                desktop.urgency = Channel.Desktop.Urgency(rawValue: urgency)!
            }
            if let (span, entry) = timeSpan("expire_timeout", in: scope), isWithin(TimeLimits.notificationExpiry, span, entry, in: scope) {
                desktop.expireTimeout = span
            }
            if let (appName, entry) = string("app_name", in: scope) {
                if appName.isEmpty { error(at: entry.value.position, "'app_name' in \(scope.name) must not be empty") } else { desktop.appName = appName }
            }
            config.channelDefinitions.append(Channel(name: name, kind: .desktop(desktop)))
        case "email":
            checkKeys(scope, allowed: ConfigKeys.emailChannel, kind: kind)
            let to = address("to", in: scope, required: true)
            var email = Channel.Email(to: to ?? "")
            email.from = address("from", in: scope, required: false)
            if let argv = argv("sendmail", in: scope, required: false) { email.sendmail = argv }
            if let timeout = channelTimeout(in: scope) { email.timeout = timeout }
            if to != nil { config.channelDefinitions.append(Channel(name: name, kind: .email(email))) }
        case "command":
            checkKeys(scope, allowed: ConfigKeys.commandChannel, kind: kind)
            let argv = argv("argv", in: scope, required: true)
            var command = Channel.Command(argv: argv ?? [])
            if let timeout = channelTimeout(in: scope) { command.timeout = timeout }
            if argv != nil { config.channelDefinitions.append(Channel(name: name, kind: .command(command))) }
        default:
            error(at: kindEntry.value.position, "'kind' in \(scope.name) must be one of desktop, email, command, not '\(kind)'" + hint(for: kind, among: kinds))
            checkKeys(scope, allowed: ConfigKeys.anyChannel)
        }
    }

    mutating func readLadder(_ id: String, _ scope: Scope) {
        checkKeys(scope, allowed: ConfigKeys.ladder)
        let skill = nonEmptyString("skill", in: scope, required: true)
        let checkIn = calendar("check_in", in: scope, atMostEvery: TimeLimits.checkInInterval, what: "a ladder's check-in")
        let coaching = coachingSettings(in: scope, over: config.coaching)
        let rungs = readRungs(scope)
        let channels = channelList("channels", in: scope)
        guard let skill, let rungs else {
            invalidLadders.insert(id)
            return
        }
        let ladder = Ladder(id: id, skill: skill, checkIn: checkIn, coaching: coaching, rungs: rungs, channels: channels)
        if let warning = LadderShape.countWarning(ladder), let entry = scope.table["rungs"] {
            warn(at: entry.keyPosition, warning)
        }
        config.ladders.append(ladder)
    }

    /// `settings` with the coaching keys `scope` sets applied; each out of its range is an error.
    mutating func coachingSettings(in scope: Scope, over settings: CoachingSettings) -> CoachingSettings {
        var settings = settings
        for key in CoachingSettings.integerKeys {
            guard let (value, entry) = integer(key.name, in: scope) else { continue }
            if value < key.range.lowerBound || value > key.range.upperBound {
                error(at: entry.value.position, "'\(key.name)' in \(scope.name) must be between \(key.range.lowerBound) and \(key.range.upperBound), not \(value)")
            } else {
                settings[keyPath: key.keyPath] = Int(value)
            }
        }
        if let (span, entry) = timeSpan("own_attempt_within", in: scope) {
            if span.microseconds == 0 || span.isInfinite {
                error(at: entry.value.position, "'own_attempt_within' in \(scope.name) must be a finite time longer than 0")
            } else if isWithin(TimeLimits.promptWindow, span, entry, in: scope) {
                settings.ownAttemptWithin = span
            }
        }
        if settings.climbAfter > settings.climbWindow, let entry = scope.table["climb_after"] ?? scope.table["climb_window"] {
            error(at: entry.value.position, "'climb_after' (\(settings.climbAfter)) in \(scope.name) must not exceed 'climb_window' (\(settings.climbWindow)): a climb needs that many successes among that many attempts")
        }
        return settings
    }

    mutating func readRungs(_ ladder: Scope) -> [Rung]? {
        guard let entry = value("rungs", in: ladder, required: true) else { return nil }
        guard let elements = entry.value.array else {
            typeError(entry, in: ladder, expected: "an array of tables")
            return nil
        }
        guard !elements.isEmpty else {
            error(at: entry.value.position, "\(ladder.name) has no rungs: list them from just manageable to genuinely challenging")
            return nil
        }
        var rungs: [Rung] = []
        var firstByTitle: [String: Int] = [:]
        var valid = true
        for (index, element) in elements.enumerated() {
            guard let table = element.table else {
                error(at: element.position, "rung \(index + 1) of \(ladder.name) must be a table like { title = \"…\", stakes = \"low\" }, not \(element.typeDescription)")
                valid = false
                continue
            }
            let scope = Scope(table: table, name: "rung \(index + 1) of \(ladder.name)", position: element.position)
            checkKeys(scope, allowed: ConfigKeys.rungEntry)
            let title = nonEmptyString("title", in: scope, required: true)
            let stakes = self.stakes("stakes", in: scope, required: true)
            if let title, let titleEntry = table["title"] {
                if let first = firstByTitle[title] {
                    error(at: titleEntry.value.position, "duplicate rung title '\(title)' in \(ladder.name) (first at rung \(first + 1))")
                    valid = false
                } else {
                    firstByTitle[title] = index
                }
            }
            guard let title, let stakes else { valid = false; continue }
            rungs.append(Rung(title: title, stakes: stakes))
        }
        if let first = rungs.first, first.stakes == .high, let position = elements.first?.position {
            warn(at: position, "the first rung of \(ladder.name) is high-stakes: a ladder should start with a low-stakes rung")
        }
        return valid ? rungs : nil
    }

    mutating func readPrompts(_ scope: Scope) {
        checkKeys(scope, allowed: ConfigKeys.prompts)
        for kind in PromptKind.allCases {
            guard let kindScope = table(kind.rawValue, in: scope.table, name: "[prompts.\(kind.rawValue)]") else { continue }
            checkKeys(kindScope, allowed: ConfigKeys.prompt(kind))
            var settings = config.prompts[kind]
            if let (enabled, _) = typed("enabled", in: kindScope, expected: "a boolean", \.boolean) { settings.isEnabled = enabled }
            if let (offset, entry) = signedTimeSpan("offset", in: kindScope) {
                checkOffset(offset, of: kind, entry: entry, scope: kindScope)
                settings.offset = offset
            }
            if let (span, entry) = timeSpan("expires_after", in: kindScope) {
                if span.microseconds == 0 || span.isInfinite {
                    error(at: entry.value.position, "'expires_after' in \(kindScope.name) must be a finite time longer than 0")
                } else if isWithin(TimeLimits.promptWindow, span, entry, in: kindScope) {
                    settings.expiresAfter = span
                }
            }
            if let channels = channelList("channels", in: kindScope) { settings.channels = channels }
            if kind == .rehearsal, let days = rehearsalDaysBefore(in: kindScope) { config.prompts.rehearsalDaysBefore = days }
            if kind == .debrief, let (span, entry) = timeSpan("renudge_after", in: kindScope) {
                if span.isInfinite {
                    error(at: entry.value.position, "'renudge_after' in \(kindScope.name) must be finite; use \"0\" for no re-nudge")
                } else if isWithin(TimeLimits.promptWindow, span, entry, in: kindScope, or: "use \"0\" for no re-nudge") {
                    config.prompts.debriefRenudgeAfter = span.microseconds == 0 ? nil : span
                    if span >= settings.expiresAfter {
                        warn(at: entry.value.position, "'renudge_after' in \(kindScope.name) is not shorter than 'expires_after' (\(settings.expiresAfter)), so the debrief expires before the re-nudge")
                    }
                }
            }
            if kind.asksForAnswer, let (span, entry) = timeSpan("escalate_after", in: kindScope) {
                if span.isInfinite {
                    error(at: entry.value.position, "'escalate_after' in \(kindScope.name) must be finite; use \"0\" for no escalation")
                } else if isWithin(TimeLimits.promptWindow, span, entry, in: kindScope, or: "use \"0\" for no escalation") {
                    settings.escalateAfter = span.microseconds == 0 ? nil : span
                    if span.microseconds > 0, span >= settings.expiresAfter {
                        warn(at: entry.value.position, "'escalate_after' in \(kindScope.name) is not shorter than 'expires_after' (\(settings.expiresAfter)), so the prompt expires before it escalates")
                    }
                }
            }
            config.prompts[kind] = settings
        }
    }

    mutating func checkOffset(_ offset: SignedTimeSpan, of kind: PromptKind, entry: TOMLEntry, scope: Scope) {
        let minute = Int64(TimeSpanUnit.minute)
        let limit = TimeLimits.promptWindow
        if offset.microseconds.magnitude > limit.microseconds {
            let side = kind.isBeforePerformance ? "before the start" : "after the end"
            error(at: entry.value.position, "'offset' in \(scope.name) must be at most \(limit) \(side), not '\(entry.value.string ?? offset.normalized)'")
        } else if kind.isBeforePerformance {
            if offset.microseconds >= 0 {
                error(at: entry.value.position, "'offset' in \(scope.name) must be negative: the prompt comes before the performance starts")
            } else if kind == .reframe, !(-60 * minute ... -5 * minute).contains(offset.microseconds) {
                warn(at: entry.value.position, "'offset' in \(scope.name) is outside 60 to 5 minutes before the start, where reappraising arousal helps most")
            }
        } else if offset.microseconds < 0 {
            error(at: entry.value.position, "'offset' in \(scope.name) must not be negative: it counts from the end of the performance")
        }
    }

    mutating func warnAboutUnusedLadders(_ root: TOMLTable) {
        guard let ladders = root["ladder"]?.value.table else { return }
        for ladder in config.ladders where !usedLadders.contains(ladder.id) {
            if let entry = ladders[ladder.id] {
                warn(at: entry.keyPosition, "ladder '\(ladder.id)' is not used by any performance")
            }
        }
    }

    // MARK: - Tables and keys

    /// The tables under `[key.ID]`, with ids checked.
    mutating func sections(_ key: String, in root: TOMLTable, noun: String) -> [(String, Scope)] {
        guard let outer = table(key, in: root, name: "[\(key)]") else { return [] }
        var result: [(String, Scope)] = []
        var seen: [String: TOMLEntry] = [:]
        for entry in outer.table.entries {
            let name = "[\(key).\(tomlKey(entry.key))]"
            guard let table = entry.value.table else {
                error(at: entry.value.position, "'\(key).\(tomlKey(entry.key))' must be a table (\(name)), not \(entry.value.typeDescription)")
                continue
            }
            if !Self.isWellFormedID(entry.key) {
                error(at: entry.keyPosition, "ill-formed \(noun) id '\(entry.key)': use letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters")
                continue
            }
            if let first = seen[entry.key.lowercased()] {
                error(at: entry.keyPosition, "\(noun) id '\(entry.key)' differs from '\(first.key)' (line \(first.keyPosition.line)) only in case")
                continue
            }
            seen[entry.key.lowercased()] = entry
            result.append((entry.key, Scope(table: table, name: name, position: entry.value.position)))
        }
        return result
    }

    static func isWellFormedID(_ id: String) -> Bool {
        guard let first = id.utf8.first, id.utf8.count <= 64, ASCII.isLetter(first) || ASCII.isDigit(first) else { return false }
        return id.utf8.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    mutating func table(_ key: String, in table: TOMLTable, name: String) -> Scope? {
        guard let entry = table[key] else { return nil }
        guard let inner = entry.value.table else {
            error(at: entry.value.position, "'\(key)' must be a table (\(name)), not \(entry.value.typeDescription)")
            return nil
        }
        return Scope(table: inner, name: name, position: entry.value.position)
    }

    mutating func checkKeys(_ scope: Scope, allowed: [String], kind: String? = nil) {
        for entry in scope.table.entries where !allowed.contains(entry.key) {
            let place = scope.name == "the top level" ? "" : " in \(scope.name)"
            let kindNote = kind.map { " (a \($0) channel has \(allowed.dropFirst().joined(separator: ", ")))" } ?? ""
            let suggestion = hint(for: entry.key, among: allowed)
            error(at: entry.keyPosition, "unknown key '\(entry.key)'\(place)" + (suggestion.isEmpty ? kindNote : suggestion))
        }
    }

    // MARK: - References to definitions that have errors of their own

    var invalidChannels: Set<String> = []
    var invalidLadders: Set<String> = []

    func isDefinedButInvalid(channel name: String) -> Bool { invalidChannels.contains(name) }
    func isDefinedButInvalid(ladder name: String) -> Bool { invalidLadders.contains(name) }
    func ladderNames() -> [String] { config.ladders.map(\.id) }

    // MARK: - Reporting

    /// ` (did you mean 'x'?)` or nothing; nothing once `ConfigSuggestion.hintedDiagnostics`
    /// diagnostics are recorded, so that no file makes checking slow.
    func hint(for name: String, among candidates: @autoclosure () -> [String]) -> String {
        diagnostics.count < ConfigSuggestion.hintedDiagnostics ? ConfigSuggestion.hint(for: name, among: candidates()) : ""
    }

    mutating func error(at position: SourcePosition, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.error, path: path, at: position, message))
    }

    mutating func warn(at position: SourcePosition, _ message: String) {
        diagnostics.append(ConfigDiagnostic(.warning, path: path, at: position, message))
    }
}

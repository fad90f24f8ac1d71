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
private struct Scope {
    var table: TOMLTable
    var name: String
    var position: SourcePosition
}

private struct ConfigReader {
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
        checkKeys(top, allowed: ["rung", "channel", "ladder", "performance", "prompts"])
        for (id, scope) in sections("channel", in: root, noun: "channel") { readChannel(id, scope) }
        let rungScope = table("rung", in: root, name: "[rung]")
        readRung(rungScope)
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
        checkKeys(scope, allowed: ["timezone", "quiet_hours", "channels"])
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
            checkKeys(scope, allowed: ["kind", "urgency", "expire_timeout", "app_name", "to", "from", "sendmail", "argv", "timeout"])
            return
        }
        switch kind {
        case "desktop":
            checkKeys(scope, allowed: ["kind", "urgency", "expire_timeout", "app_name"], kind: kind)
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
            checkKeys(scope, allowed: ["kind", "to", "from", "sendmail", "timeout"], kind: kind)
            let to = address("to", in: scope, required: true)
            var email = Channel.Email(to: to ?? "")
            email.from = address("from", in: scope, required: false)
            if let argv = argv("sendmail", in: scope, required: false) { email.sendmail = argv }
            if let timeout = channelTimeout(in: scope) { email.timeout = timeout }
            if to != nil { config.channelDefinitions.append(Channel(name: name, kind: .email(email))) }
        case "command":
            checkKeys(scope, allowed: ["kind", "argv", "timeout"], kind: kind)
            let argv = argv("argv", in: scope, required: true)
            var command = Channel.Command(argv: argv ?? [])
            if let timeout = channelTimeout(in: scope) { command.timeout = timeout }
            if argv != nil { config.channelDefinitions.append(Channel(name: name, kind: .command(command))) }
        default:
            error(at: kindEntry.value.position, "'kind' in \(scope.name) must be one of desktop, email, command, not '\(kind)'" + hint(for: kind, among: kinds))
            checkKeys(scope, allowed: ["kind", "urgency", "expire_timeout", "app_name", "to", "from", "sendmail", "argv", "timeout"])
        }
    }

    mutating func readLadder(_ id: String, _ scope: Scope) {
        checkKeys(scope, allowed: ["skill", "check_in", "climb_after", "rungs", "channels"])
        let skill = nonEmptyString("skill", in: scope, required: true)
        let checkIn = calendar("check_in", in: scope, atMostEvery: TimeLimits.checkInInterval, what: "a ladder's check-in")
        var climbAfter = 2
        if let (count, entry) = integer("climb_after", in: scope) {
            if count < 1 || count > 1000 {
                error(at: entry.value.position, "'climb_after' in \(scope.name) must be between 1 and 1000, not \(count)")
            } else {
                climbAfter = Int(count)
            }
        }
        let rungs = readRungs(scope)
        let channels = channelList("channels", in: scope)
        guard let skill, let rungs else {
            invalidLadders.insert(id)
            return
        }
        config.ladders.append(Ladder(id: id, skill: skill, checkIn: checkIn, climbAfter: climbAfter, rungs: rungs, channels: channels))
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
            checkKeys(scope, allowed: ["title", "stakes"])
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

    mutating func readPerformance(_ id: String, _ scope: Scope) {
        checkKeys(scope, allowed: ["title", "ladder", "rung", "stakes", "at", "on", "duration", "peer", "observer", "channels"])
        let title = nonEmptyString("title", in: scope, required: true)
        var ladderID: String?
        var rungIndex: Int?
        var valid = title != nil
        var defaultStakes = Stakes.medium
        if let (name, entry) = string("ladder", in: scope) {
            usedLadders.insert(name)
            if let ladder = config.ladder(name) {
                ladderID = name
                if let index = rungReference(in: scope, ladder: ladder) {
                    rungIndex = index
                    defaultStakes = ladder.rungs[index].stakes
                } else {
                    valid = false
                }
            } else {
                if !isDefinedButInvalid(ladder: name) {
                    error(at: entry.value.position, "\(scope.name) refers to unknown ladder '\(name)'" + hint(for: name, among: ladderNames()))
                }
                valid = false
            }
        } else if let rung = scope.table["rung"] {
            error(at: rung.keyPosition, "'rung' in \(scope.name) needs a 'ladder' to be a rung of")
            valid = false
        }
        let stakes = self.stakes("stakes", in: scope, required: false) ?? defaultStakes
        let schedule = readSchedule(scope)
        var duration = TimeSpan(microseconds: TimeSpanUnit.hour)
        if let (span, entry) = timeSpan("duration", in: scope) {
            if span.microseconds == 0 || span.isInfinite {
                error(at: entry.value.position, "'duration' in \(scope.name) must be a finite time longer than 0")
                valid = false
            } else if isWithin(TimeLimits.performanceDuration, span, entry, in: scope) {
                duration = span
            } else {
                valid = false
            }
        }
        let peer = nonEmptyString("peer", in: scope, required: false)
        let observer = nonEmptyString("observer", in: scope, required: false)
        let channels = channelList("channels", in: scope)
        guard valid, let title, let schedule else { return }
        config.performances.append(Performance(
            id: id, title: title, ladder: ladderID, rung: rungIndex, stakes: stakes, schedule: schedule,
            duration: duration, peer: peer, observer: observer, channels: channels
        ))
    }

    /// `rung`: a 1-based index into the ladder or a rung's title.
    mutating func rungReference(in scope: Scope, ladder: Ladder) -> Int? {
        guard let entry = value("rung", in: scope, required: true) else { return nil }
        if let number = entry.value.integer {
            guard number >= 1, number <= ladder.rungs.count else {
                error(at: entry.value.position, "rung \(number) is out of range: ladder '\(ladder.id)' has rungs 1 to \(ladder.rungs.count)")
                return nil
            }
            return Int(number) - 1
        }
        if let title = entry.value.string {
            if let index = ladder.rungs.firstIndex(where: { $0.title == title }) { return index }
            error(at: entry.value.position, "ladder '\(ladder.id)' has no rung titled '\(title)'" + hint(for: title, among: ladder.rungs.map(\.title)))
            return nil
        }
        typeError(entry, in: scope, expected: "a rung number (from 1) or a rung title")
        return nil
    }

    mutating func readSchedule(_ scope: Scope) -> Performance.Schedule? {
        let at = scope.table["at"], on = scope.table["on"]
        if let at, let on {
            let later = at.keyPosition < on.keyPosition ? on : at
            error(at: later.keyPosition, "\(scope.name) has both 'at' and 'on': use 'at' for one date, 'on' for a recurring practice")
            return nil
        }
        if on != nil {
            return calendar("on", in: scope, atMostEvery: TimeLimits.performanceInterval, what: "a recurring performance").map { .recurring($0) }
        }
        guard let at else {
            error(at: scope.position, "\(scope.name) needs 'at' (one date and time) or 'on' (a calendar expression)")
            return nil
        }
        let schedule: Performance.Schedule
        if let dateTime = at.value.dateTime {
            guard let date = dateTime.date, let time = dateTime.time else {
                error(at: at.value.position, "'at' in \(scope.name) needs a date and a time, not \(at.value.typeDescription)")
                return nil
            }
            guard isWithinDateTimeYears(date.year, at: at, scope: scope) else { return nil }
            let civil = BrokenDownTime(year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute, second: min(time.second, 59))
            if let offset = dateTime.utcOffset {
                schedule = .instant(Instant(seconds: CivilCalendar.secondsSinceEpoch(civil) - Int64(offset), microseconds: Int64(time.nanosecond / 1000)))
            } else {
                schedule = .civil(civil, zone: nil)
            }
        } else if let text = at.value.string {
            guard let parsed = parseLocalDateTime(text, at: at, scope: scope) else { return nil }
            schedule = parsed
        } else {
            typeError(at, in: scope, expected: "a date-time (2026-06-12T18:30:00) or a string (\"2026-06-12 18:30 Europe/Berlin\")")
            return nil
        }
        warnIfPast(schedule, at: at, scope: scope)
        return schedule
    }

    /// `YYYY-MM-DD HH:MM[:SS] [ZONE]`.
    mutating func parseLocalDateTime(_ text: String, at entry: TOMLEntry, scope: Scope) -> Performance.Schedule? {
        let words = text.split(separator: " ")
        let date = words.first.map { $0.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) } } ?? []
        let time = words.count > 1 ? words[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) } : []
        guard (2...3).contains(words.count), date.count == 3, (2...3).contains(time.count),
              let year = date[0], let month = date[1], let day = date[2], let hour = time[0], let minute = time[1],
              let second = time.count == 3 ? time[2] : 0 else {
            error(at: entry.value.position, "'at' in \(scope.name) must look like \"2026-06-12 18:30\" or \"2026-06-12 18:30 Europe/Berlin\", not '\(text)'")
            return nil
        }
        guard isWithinDateTimeYears(year, at: entry, scope: scope) else { return nil }
        guard (1...12).contains(month), (1...CivilCalendar.daysInMonth(month, year: year)).contains(day),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else {
            error(at: entry.value.position, "'at' in \(scope.name) is not a valid date and time: '\(text)'")
            return nil
        }
        let civil = BrokenDownTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard words.count == 3 else { return .civil(civil, zone: nil) }
        do {
            return .civil(civil, zone: try TimeZoneRules.named(String(words[2])))
        } catch {
            self.error(at: entry.value.position, "'at' in \(scope.name): \(error.description)")
            return nil
        }
    }

    mutating func warnIfPast(_ schedule: Performance.Schedule, at entry: TOMLEntry, scope: Scope) {
        guard let now else { return }
        let instant: Instant?
        switch schedule {
        case .instant(let exact): instant = exact
        case .civil(var civil, let zone):
            guard let zone = zone ?? config.timeZone ?? systemZone else { return }
            instant = zone.makeTime(&civil).map { Instant(seconds: $0) }
        case .recurring: instant = nil
        }
        if let instant, instant < now {
            warn(at: entry.value.position, "\(scope.name) started in the past: of its prompts, only those still ahead (a debrief or affirmation within its window) will come")
        }
    }

    mutating func readPrompts(_ scope: Scope) {
        checkKeys(scope, allowed: PromptKind.allCases.map(\.rawValue))
        for kind in PromptKind.allCases {
            guard let kindScope = table(kind.rawValue, in: scope.table, name: "[prompts.\(kind.rawValue)]") else { continue }
            var allowed = ["enabled", "expires_after", "channels"]
            if kind != .checkIn { allowed.append("offset") }
            if kind == .debrief { allowed.append("renudge_after") }
            if kind.asksForAnswer { allowed.append("escalate_after") }
            checkKeys(kindScope, allowed: allowed)
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

    // MARK: - Typed values

    mutating func value(_ key: String, in scope: Scope, required: Bool = false) -> TOMLEntry? {
        if let entry = scope.table[key] { return entry }
        if required { error(at: scope.position, "missing required key '\(key)' in \(scope.name)") }
        return nil
    }

    mutating func typed<T>(_ key: String, in scope: Scope, required: Bool = false, expected: String, _ extract: (TOMLValue) -> T?) -> (T, TOMLEntry)? {
        guard let entry = value(key, in: scope, required: required) else { return nil }
        guard let result = extract(entry.value) else {
            typeError(entry, in: scope, expected: expected)
            return nil
        }
        return (result, entry)
    }

    mutating func typeError(_ entry: TOMLEntry, in scope: Scope, expected: String) {
        error(at: entry.value.position, "'\(entry.key)' in \(scope.name) must be \(expected), not \(entry.value.typeDescription)")
    }

    mutating func string(_ key: String, in scope: Scope, required: Bool = false) -> (String, TOMLEntry)? {
        typed(key, in: scope, required: required, expected: "a string", \.string)
    }

    mutating func nonEmptyString(_ key: String, in scope: Scope, required: Bool) -> String? {
        guard let (text, entry) = string(key, in: scope, required: required) else { return nil }
        guard !text.trimmingSpaces.isEmpty else {
            error(at: entry.value.position, "'\(key)' in \(scope.name) must not be empty")
            return nil
        }
        return text
    }

    mutating func integer(_ key: String, in scope: Scope) -> (Int64, TOMLEntry)? {
        typed(key, in: scope, expected: "an integer", \.integer)
    }

    mutating func choice(_ key: String, in scope: Scope, among options: [String], required: Bool = false) -> String? {
        guard let (text, entry) = string(key, in: scope, required: required) else { return nil }
        guard options.contains(text) else {
            error(at: entry.value.position, "'\(key)' in \(scope.name) must be one of \(options.joined(separator: ", ")), not '\(text)'" + hint(for: text, among: options))
            return nil
        }
        return text
    }

    mutating func stakes(_ key: String, in scope: Scope, required: Bool) -> Stakes? {
        choice(key, in: scope, among: Stakes.allCases.map(\.rawValue), required: required).flatMap(Stakes.init(rawValue:))
    }

    mutating func timeSpan(_ key: String, in scope: Scope) -> (TimeSpan, TOMLEntry)? {
        guard let (text, entry) = string(key, in: scope) else { return nil }
        do {
            return (try TimeSpan(parsing: text), entry)
        } catch {
            self.error(at: entry.value.position, "'\(key)' in \(scope.name): \(error.description)")
            return nil
        }
    }

    mutating func signedTimeSpan(_ key: String, in scope: Scope) -> (SignedTimeSpan, TOMLEntry)? {
        guard let (text, entry) = string(key, in: scope) else { return nil }
        do {
            return (try SignedTimeSpan(parsing: text), entry)
        } catch {
            self.error(at: entry.value.position, "'\(key)' in \(scope.name): \(error.description)")
            return nil
        }
    }

    /// A calendar expression whose elapses come at most every `interval`; `what` names
    /// what it schedules, for the message.
    mutating func calendar(_ key: String, in scope: Scope, atMostEvery interval: TimeSpan, what: String) -> CalendarSpec? {
        guard let spec = calendar(key, in: scope), let entry = scope.table[key] else { return nil }
        switch spec.crowding(closerThan: interval) {
        case nil:
            return spec
        case .gap(let gap)?:
            error(at: entry.value.position, "'\(key)' in \(scope.name) elapses only \(gap) apart: \(what) may come at most every \(interval)")
        case .moreThan(let times)?:
            error(at: entry.value.position, "'\(key)' in \(scope.name) elapses more than \(times) times a day: \(what) may come at most every \(interval)")
        }
        return nil
    }

    mutating func calendar(_ key: String, in scope: Scope) -> CalendarSpec? {
        guard let (text, entry) = string(key, in: scope) else { return nil }
        do {
            // Zone abbreviations in an expression (`CET`, `EDT`) mean what they mean in the
            // zone prompts are computed in, as they would for systemd running in that zone.
            if let zone = config.timeZone ?? systemZone {
                return try CalendarSpec(parsing: text, localZone: zone)
            }
            return try CalendarSpec(parsing: text)
        } catch {
            self.error(at: entry.value.position, "'\(key)' in \(scope.name): \(error.description)")
            return nil
        }
    }

    /// A non-empty list of strings, the first being a program.
    mutating func argv(_ key: String, in scope: Scope, required: Bool) -> [String]? {
        guard let (elements, entry) = typed(key, in: scope, required: required, expected: "an array of strings", \.array) else { return nil }
        guard !elements.isEmpty else {
            error(at: entry.value.position, "'\(key)' in \(scope.name) must name a program: the list is empty")
            return nil
        }
        var words: [String] = []
        for element in elements {
            guard let word = element.string else {
                error(at: element.position, "'\(key)' in \(scope.name) must be an array of strings, but holds \(element.typeDescription)")
                return nil
            }
            words.append(word)
        }
        if words[0].isEmpty {
            error(at: elements[0].position, "'\(key)' in \(scope.name) must name a program: the first word is empty")
            return nil
        }
        return words
    }

    /// A channel's `timeout`: how long its program may run.
    mutating func channelTimeout(in scope: Scope) -> TimeSpan? {
        guard let (timeout, entry) = timeSpan("timeout", in: scope) else { return nil }
        guard timeout.microseconds > 0, !timeout.isInfinite else {
            error(at: entry.value.position, "'timeout' in \(scope.name) must be a finite time longer than 0")
            return nil
        }
        return isWithin(TimeLimits.channelTimeout, timeout, entry, in: scope) ? timeout : nil
    }

    /// Whether `span`, read from `entry`, is at most `limit`; reports it, naming the text
    /// as written (and what to write instead, `alternative`), when it is longer.
    mutating func isWithin(_ limit: TimeSpan, _ span: TimeSpan, _ entry: TOMLEntry, in scope: Scope, or alternative: String? = nil) -> Bool {
        guard span > limit else { return true }
        let written = entry.value.string ?? span.normalized
        error(at: entry.value.position, "'\(entry.key)' in \(scope.name) must be at most \(limit), not '\(written)'" + (alternative.map { "; \($0)" } ?? ""))
        return false
    }

    /// Whether `year`, of the date-time `entry`, is one systemd's timestamps can hold;
    /// reports it when it is not.
    mutating func isWithinDateTimeYears(_ year: Int, at entry: TOMLEntry, scope: Scope) -> Bool {
        let years = TimeLimits.dateTimeYears
        guard years.contains(year) else {
            error(at: entry.value.position, "'at' in \(scope.name) must be in the years \(years.lowerBound) to \(years.upperBound), not \(year)")
            return false
        }
        return true
    }

    /// One bare address (`EmailAddress`): what passes can never add a header or a recipient.
    mutating func address(_ key: String, in scope: Scope, required: Bool) -> String? {
        guard let (text, entry) = string(key, in: scope, required: required) else { return nil }
        do throws(EmailAddressError) {
            return try EmailAddress(text, field: key).description
        } catch {
            self.error(at: entry.value.position, "'\(key)' in \(scope.name) is not a single email address: \(EmailAddressError.visible(text)): \(error.reason)")
            return nil
        }
    }

    /// A list of defined channel names, each once.
    mutating func channelList(_ key: String, in scope: Scope) -> [String]? {
        guard let (elements, entry) = typed(key, in: scope, expected: "an array of channel names", \.array) else { return nil }
        guard !elements.isEmpty else {
            error(at: entry.value.position, "'\(key)' in \(scope.name) must name at least one channel")
            return nil
        }
        var names: [String] = []
        var valid = true
        for element in elements {
            guard let name = element.string else {
                error(at: element.position, "'\(key)' in \(scope.name) must hold channel names, not \(element.typeDescription)")
                valid = false
                continue
            }
            if names.contains(name) {
                error(at: element.position, "channel '\(name)' is listed twice in '\(key)' of \(scope.name)")
                valid = false
            } else if config.channel(name) == nil {
                if !isDefinedButInvalid(channel: name) {
                    error(at: element.position, "unknown channel '\(name)'" + hint(for: name, among: config.channelDefinitions.map(\.name)))
                }
                valid = false
            }
            names.append(name)
        }
        return valid ? names : nil
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

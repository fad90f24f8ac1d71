import RungTime
import RungTOML

/// Typed values of a config: each read where it is, checked against its limits, and
/// reported at its position when it is missing, of the wrong type or out of range.
extension ConfigReader {
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
}

import RungTime
import RungTOML

/// `[performance.ID]` sections: what each performance is, when it happens (once, at a
/// local or zoned date and time, or on a calendar) and where it sits on its ladder.
extension ConfigReader {
    mutating func readPerformance(_ id: String, _ scope: Scope) {
        checkKeys(scope, allowed: ConfigKeys.performance)
        let title = nonEmptyString("title", in: scope, required: true)
        var ladderID: String?
        var rungIndex: Int?
        var followsLadder = false
        var valid = title != nil
        var defaultStakes = Stakes.medium
        if let (name, entry) = string("ladder", in: scope) {
            usedLadders.insert(name)
            if let ladder = config.ladder(name) {
                ladderID = name
                if Self.namesCurrentRung(scope, of: ladder) {
                    followsLadder = true
                } else if let index = rungReference(in: scope, ladder: ladder) {
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
            if rung.value.string == Self.currentRung {
                error(at: rung.keyPosition, "rung = \"current\" in \(scope.name) follows a ladder, but it names no 'ladder'")
            } else {
                error(at: rung.keyPosition, "'rung' in \(scope.name) needs a 'ladder' to be a rung of")
            }
            valid = false
        }
        let ownStakes = self.stakes("stakes", in: scope, required: false)
        let stakes = ownStakes ?? defaultStakes
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
            id: id, title: title, ladder: ladderID, rung: rungIndex, followsLadder: followsLadder, stakes: stakes,
            stakesFollowRung: followsLadder && ownStakes == nil, schedule: schedule, duration: duration, peer: peer, observer: observer, channels: channels
        ))
    }

    /// `rung = "current"`: the performance is an attempt at whichever rung its ladder is on.
    static let currentRung = "current"

    /// Whether `rung` asks to follow the ladder; a rung titled "current" keeps its title's meaning.
    static func namesCurrentRung(_ scope: Scope, of ladder: Ladder) -> Bool {
        scope.table["rung"]?.value.string == currentRung && !ladder.rungs.contains { $0.title == currentRung }
    }

    /// `rung`: a 1-based index into the ladder or a rung's title (`"current"` is read before).
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
}

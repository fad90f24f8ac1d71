import RungCore
import RungStore
import RungTime

/// The person's timeline as they read it (`rungctl log`): every prompt, delivery, answer,
/// debrief, evidence entry, prediction, rating, ladder move, pause and snooze, oldest
/// first, one line each (`2026-12-07 09:15  answer    debrief of Team stand-up: success (by button)`),
/// under a heading for each day, in the person's zone. What the config names (performances,
/// ladders, rungs) is named by its title. Line breaks and tabs in text from the store or
/// the config would break the one-line shape and are written `\n`, `\r` and `\t`; the
/// rest of what a terminal would act on is escaped (`TerminalStyle.escaped`), as in the
/// report's text.
public struct ActivityLog: Sendable {
    public var entries: [TimelineEntry]
    public var names: SubjectNames

    public init(entries: [TimelineEntry], names: SubjectNames) {
        self.entries = entries
        self.names = names
    }

    /// What one entry says: a short label of its kind (`prompt`, `delivery`, `answer`,
    /// `snooze`, `debrief`, `evidence`, `edit`, `predict`, `rating`, `ladder`, `pause`)
    /// and the words after it.
    public struct Line: Sendable, Hashable {
        public var label: String
        public var text: String
    }

    /// The width the labels are padded to, so that the texts line up.
    static let labelWidth = 8

    /// The whole log: a heading for each day (`Mon 7 Dec 2026`), a blank line before each
    /// but the first, then that day's entries as `YYYY-MM-DD HH:MM  LABEL  TEXT`. Empty when
    /// there are no entries.
    public func text(in zone: TimeZoneRules) -> String {
        var text = ""
        text.reserveCapacity(entries.count * 100)
        var day: (year: Int, month: Int, day: Int)?
        for entry in entries {
            let time = zone.localTime(at: entry.at.seconds)
            if day.map({ $0 != (time.year, time.month, time.day) }) ?? true {
                if day != nil { text += "\n" }
                text += ActivityLog.heading(time) + "\n"
                day = (time.year, time.month, time.day)
            }
            let line = line(for: entry, in: zone)
            let padding = String(repeating: " ", count: max(0, ActivityLog.labelWidth - line.label.count))
            text += ActivityLog.minute(time)
            text += "  "
            text += line.label
            text += padding
            text += "  "
            text += line.text
            text += "\n"
        }
        return text
    }

    /// What `entry` says, with the instants in its text written in `zone`.
    public func line(for entry: TimelineEntry, in zone: TimeZoneRules) -> Line {
        func at(_ instant: Instant) -> String { ActivityLog.minute(zone.localTime(at: instant.seconds)) }
        switch entry.event {
        case .promptDue(let prompt, let state, let reason):
            return Line(label: "prompt", text: "\(self.prompt(prompt)) came due: \(state.rawValue)" + (reason.map { " (\(flat($0)))" } ?? ""))
        case .delivery(let prompt, let channel, let purpose, let outcome, let error):
            let attempt = purpose == .first ? flat(channel) : "\(flat(channel)) (\(purpose.rawValue))"
            let result = switch outcome {
            case nil: "under way"
            case .sent?: "sent"
            case .failed?: "failed"
            case .timedOut?: "timed out"
            }
            return Line(label: "delivery", text: "\(self.prompt(prompt)) by \(attempt): \(result)" + (error.map { ": \(flat($0))" } ?? ""))
        case .answer(let prompt, let answer, let via, let note, let rating, let replacedAt):
            var text = "\(self.prompt(prompt)): "
            if let note, answer == Response.noteAnswer {
                text += "note \u{201C}\(flat(note))\u{201D} (by \(via.rawValue))"
            } else {
                text += "\(flat(answer)) (by \(via.rawValue))" + (note.map { ", note \u{201C}\(flat($0))\u{201D}" } ?? "")
            }
            if let rating { text += ", helped \(rating)/10" }
            if let replacedAt { text += "; replaced \(at(replacedAt))" }
            return Line(label: "answer", text: text)
        case .snooze(let prompt, let endsAt):
            return Line(label: "snooze", text: "\(self.prompt(prompt)) snoozed until \(at(endsAt))")
        case .debriefRecorded(let debrief, let completed):
            let how = completed ? confidence(debrief.selfEfficacy) : " (outcome only, not yet completed)"
            return Line(label: "debrief", text: "\(attempt(debrief)): \(debrief.outcome.rawValue)\(how)")
        case .debriefCompleted(let debrief):
            return Line(label: "debrief", text: "\(attempt(debrief)): completed, \(debrief.outcome.rawValue)\(confidence(debrief.selfEfficacy))")
        case .evidenceRecorded(let evidence):
            return Line(label: "evidence", text: self.evidence(evidence) + " " + source(evidence.source))
        case .evidenceEdited(let evidence):
            return Line(label: "edit", text: self.evidence(evidence))
        case .prediction(let performance, let attemptStart, let selfEfficacy, let fear, let replacedAt):
            var text = "\(flat(names.performance(performance))) at \(at(attemptStart)): confidence \(selfEfficacy)"
            if let fear { text += ", fear \u{201C}\(flat(fear))\u{201D}" }
            if let replacedAt { text += "; replaced \(at(replacedAt))" }
            return Line(label: "predict", text: text)
        case .rungRating(let rating):
            return Line(label: "rating", text: "\(flat(names.ladder(rating.ladder))), \(flat(names.rung(rating.rung, of: rating.ladder))): confidence \(rating.selfEfficacy)")
        case .ladderMove(let move):
            return Line(label: "ladder", text: "\(flat(names.ladder(move.ladder))): \(self.move(move))" + (move.reason.isEmpty ? "" : " (\(flat(move.reason)))"))
        case .snoozeAll(let endsAt):
            return Line(label: "snooze", text: "everything snoozed until \(at(endsAt))")
        case .pauseStarted(let pause):
            return Line(label: "pause", text: "\(paused(pause)) paused until \(at(pause.endsAt))" + (pause.reason.isEmpty ? "" : " (\(flat(pause.reason)))"))
        case .pauseResumed(let pause):
            return Line(label: "pause", text: "\(paused(pause)) resumed before the pause's end at \(at(pause.endsAt))")
        case .pauseEnded(let pause):
            return Line(label: "pause", text: "\(paused(pause)): the pause ended")
        }
    }

    /// `debrief of Team stand-up`, `check-in of giving a talk`.
    private func prompt(_ prompt: TimelinePrompt) -> String {
        "\(ActivityLog.kindName(prompt.kind)) of \(flat(names.subject(prompt.subject)))"
    }

    /// `Team stand-up, rung 2 “Stand-up update”`.
    private func attempt(_ debrief: TimelineDebrief) -> String {
        let performance = flat(names.performance(debrief.performance))
        return debrief.rung.map { "\(performance), \(flat(names.rung($0, of: debrief.skill)))" } ?? performance
    }

    private func confidence(_ selfEfficacy: Int?) -> String {
        selfEfficacy.map { ", confidence \($0) for the next attempt" } ?? ""
    }

    /// `#12 giving a talk, rung 2 “Stand-up update”: what happened`.
    private func evidence(_ evidence: TimelineEvidence) -> String {
        var text = "#\(evidence.id) \(flat(names.ladder(evidence.skill)))"
        if let rung = evidence.rung { text += ", " + flat(names.rung(rung, of: evidence.skill)) }
        return text + ": " + flat(evidence.what)
    }

    private func source(_ source: Evidence.Source) -> String {
        switch source {
        case .manual: "(by hand)"
        case .debrief(let id): id.map { "(from debrief #\($0))" } ?? "(from a debrief)"
        case .feedback(let person): "(feedback from \(flat(person)))"
        }
    }

    private func move(_ move: LadderMove) -> String {
        let to = flat(names.rung(move.toRung, of: move.ladder))
        return switch move.kind {
        case .start: "started at \(to)"
        case .climb: "climbed " + (move.fromRung.map { "from rung \($0) " } ?? "") + "to \(to)"
        case .hold: "held at \(to)"
        case .stepBack: "stepped back " + (move.fromRung.map { "from rung \($0) " } ?? "") + "to \(to)"
        }
    }

    private func paused(_ pause: RungStore.Pause) -> String {
        pause.subject.map { flat(names.subject($0)) } ?? "everything"
    }

    /// `text` on one line, line breaks and tabs written `\n`, `\r` and `\t`, and escaped.
    private func flat(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return TerminalStyle.escaped(text) }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return TerminalStyle.escaped(result)
    }

    /// The kind of a prompt in words: `check-in` rather than `check_in`.
    static func kindName(_ kind: PromptKind) -> String {
        kind == .checkIn ? "check-in" : kind.rawValue
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Mon 7 Dec 2026`.
    static func heading(_ time: BrokenDownTime) -> String {
        "\(weekdays[time.weekday]) \(time.day) \(months[time.month - 1]) \(time.year)"
    }

    /// `2026-12-07 09:15`.
    static func minute(_ time: BrokenDownTime) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute))"
    }
}

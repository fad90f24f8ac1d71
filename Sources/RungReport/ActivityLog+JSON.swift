import RungCore
import RungStore
import RungTime

/// The log for programs (`rungctl log --json`): an array, oldest first, of one object per
/// entry, one per line. Every object starts with `"at"` (UTC RFC 3339 with microseconds, as
/// `rungctl export` writes instants) and `"type"`; the other keys depend on the type, hold
/// ids rather than titles, and are always present (`null` when there is no value):
///
/// | type | keys after `at` and `type` |
/// |---|---|
/// | `prompt_due` | `occurrence`, `kind`, `subject`, `state`, `reason` |
/// | `delivery` | `occurrence`, `kind`, `subject`, `channel`, `purpose`, `outcome`, `error` |
/// | `answer` | `occurrence`, `kind`, `subject`, `answer`, `via`, `note`, `rating`, `replaced_at` |
/// | `snooze` | `occurrence`, `kind`, `subject`, `ends_at` |
/// | `snooze_all` | `ends_at` |
/// | `debrief`, `debrief_completed` | `debrief`, `occurrence`, `performance`, `skill`, `rung`, `outcome`, `self_efficacy`, `completed` |
/// | `evidence`, `evidence_edited` | `evidence`, `skill`, `rung`, `what`, `source`, `given_by`, `debrief`, `happened_at` |
/// | `prediction` | `performance`, `attempt_start`, `self_efficacy`, `fear`, `replaced_at` |
/// | `rung_rating` | `ladder`, `rung`, `self_efficacy` |
/// | `ladder_move` | `ladder`, `move`, `from_rung`, `to_rung`, `reason` |
/// | `pause_started`, `pause_resumed`, `pause_ended` | `subject` (`null`: everything), `starts_at`, `ends_at`, `resumed_at`, `reason` |
///
/// The values are those of `rungctl export` (its "Export format" in README.md): a key
/// keeps its meaning once shipped, and new keys or types may be added.
extension ActivityLog {
    /// `[]` for no entries, else `[`, one object per line, `]`, without a final line break.
    public func json() -> String {
        guard !entries.isEmpty else { return "[]" }
        var text = "["
        for (index, entry) in entries.enumerated() {
            text += (index == 0 ? "\n" : ",\n") + ActivityLog.json(entry)
        }
        return text + "\n]"
    }

    /// One entry as a JSON object.
    static func json(_ entry: TimelineEntry) -> String {
        let (type, fields) = members(entry.event)
        let all = [("at", ExportValue.instant(entry.at)), ("type", .text(type))] + fields
        return "{" + all.map { "\"\($0.0)\": " + ExportText.json($0.1) }.joined(separator: ", ") + "}"
    }

    private static func members(_ event: TimelineEvent) -> (String, [(String, ExportValue)]) {
        switch event {
        case .promptDue(let prompt, let state, let reason):
            return ("prompt_due", fields(prompt) + [("state", .text(state.rawValue)), ("reason", ExportValue(reason))])
        case .delivery(let prompt, let channel, let purpose, let outcome, let error):
            return ("delivery", fields(prompt) + [
                ("channel", .text(channel)), ("purpose", .text(purpose.rawValue)),
                ("outcome", ExportValue(outcome?.rawValue)), ("error", ExportValue(error)),
            ])
        case .answer(let prompt, let answer, let via, let note, let rating, let replacedAt):
            return ("answer", fields(prompt) + [
                ("answer", .text(answer)), ("via", .text(via.rawValue)), ("note", ExportValue(note)),
                ("rating", ExportValue(rating)), ("replaced_at", ExportValue(replacedAt)),
            ])
        case .snooze(let prompt, let endsAt):
            return ("snooze", fields(prompt) + [("ends_at", .instant(endsAt))])
        case .snoozeAll(let endsAt):
            return ("snooze_all", [("ends_at", .instant(endsAt))])
        case .debriefRecorded(let debrief, let completed):
            return ("debrief", fields(debrief, completed: completed))
        case .debriefCompleted(let debrief):
            return ("debrief_completed", fields(debrief, completed: true))
        case .evidenceRecorded(let evidence):
            return ("evidence", fields(evidence))
        case .evidenceEdited(let evidence):
            return ("evidence_edited", fields(evidence))
        case .prediction(let performance, let attemptStart, let selfEfficacy, let fear, let replacedAt):
            return ("prediction", [
                ("performance", .text(performance)), ("attempt_start", .instant(attemptStart)),
                ("self_efficacy", ExportValue(selfEfficacy)), ("fear", ExportValue(fear)), ("replaced_at", ExportValue(replacedAt)),
            ])
        case .rungRating(let rating):
            return ("rung_rating", [("ladder", .text(rating.ladder)), ("rung", ExportValue(rating.rung)), ("self_efficacy", ExportValue(rating.selfEfficacy))])
        case .ladderMove(let move):
            return ("ladder_move", [
                ("ladder", .text(move.ladder)), ("move", .text(move.kind.rawValue)), ("from_rung", ExportValue(move.fromRung)),
                ("to_rung", ExportValue(move.toRung)), ("reason", .text(move.reason)),
            ])
        case .pauseStarted(let pause):
            return ("pause_started", fields(pause))
        case .pauseResumed(let pause):
            return ("pause_resumed", fields(pause))
        case .pauseEnded(let pause):
            return ("pause_ended", fields(pause))
        }
    }

    private static func fields(_ prompt: TimelinePrompt) -> [(String, ExportValue)] {
        [("occurrence", .text(prompt.id)), ("kind", .text(prompt.kind.rawValue)), ("subject", .text(prompt.subject))]
    }

    private static func fields(_ debrief: TimelineDebrief, completed: Bool) -> [(String, ExportValue)] {
        [
            ("debrief", ExportValue(debrief.id)), ("occurrence", ExportValue(debrief.occurrenceID)),
            ("performance", .text(debrief.performance)), ("skill", .text(debrief.skill)), ("rung", ExportValue(debrief.rung)),
            ("outcome", .text(debrief.outcome.rawValue)), ("self_efficacy", ExportValue(debrief.selfEfficacy)),
            ("completed", .boolean(completed)),
        ]
    }

    private static func fields(_ evidence: TimelineEvidence) -> [(String, ExportValue)] {
        let (source, givenBy, debrief): (String, String?, Int64?) = switch evidence.source {
        case .manual: ("manual", nil, nil)
        case .debrief(let id): ("debrief", nil, id)
        case .feedback(let person): ("feedback", person, nil)
        }
        return [
            ("evidence", ExportValue(evidence.id)), ("skill", .text(evidence.skill)), ("rung", ExportValue(evidence.rung)),
            ("what", .text(evidence.what)), ("source", .text(source)), ("given_by", ExportValue(givenBy)),
            ("debrief", ExportValue(debrief)), ("happened_at", .instant(evidence.happenedAt)),
        ]
    }

    private static func fields(_ pause: RungStore.Pause) -> [(String, ExportValue)] {
        [
            ("subject", ExportValue(pause.subject)), ("starts_at", .instant(pause.startsAt)), ("ends_at", .instant(pause.endsAt)),
            ("resumed_at", ExportValue(pause.resumedAt)), ("reason", .text(pause.reason)),
        ]
    }
}

/// An optional value as JSON `null` when absent.
extension ExportValue {
    fileprivate init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    fileprivate init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    fileprivate init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    fileprivate init(_ value: Instant?) { self = value.map { .instant($0) } ?? .null }
}

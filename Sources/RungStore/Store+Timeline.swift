import GRDB
import RungCore
import RungTime

/// The person's timeline (`rungctl log`): everything the store remembers happening, read
/// from one snapshot with one query per table (the prompt each delivery, answer and snooze
/// is about joined in), then put in order. Ten years of use (some 200 000 prompts, half a
/// million entries) is read in about half a second (release build).
extension Store {
    /// What happened from `since` (all of it when nil) up to `until`, oldest first (see
    /// `TimelineEntry.isBefore` for entries at the same instant). Prompts planned for later
    /// than `until` have not come due and are left out, as are pauses not yet begun or ended.
    public func timeline(since: Instant?, until: Instant) throws -> [TimelineEntry] {
        let start = since ?? Instant(microseconds: Int64.min)
        guard start <= until else { return [] }
        let range = start...until
        return try read("reading the timeline") { db in
            var entries: [TimelineEntry] = []
            try Store.promptsDue(in: range, db, into: &entries)
            try Store.deliveries(in: range, db, into: &entries)
            try Store.answers(in: range, db, into: &entries)
            try Store.snoozes(in: range, db, into: &entries)
            try Store.timelineDebriefs(in: range, db, into: &entries)
            try Store.timelineEvidence(in: range, db, into: &entries)
            try Store.timelinePredictions(in: range, db, into: &entries)
            try Store.timelineLadder(in: range, db, into: &entries)
            try Store.timelinePauses(in: range, db, into: &entries)
            entries.sort(by: TimelineEntry.isBefore)
            return entries
        }
    }

    private static func promptsDue(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT rowid, due_at, id, kind, subject, state, reason FROM occurrence
            WHERE due_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let prompt = try TimelinePrompt(id: row[2], kind: decoded(row[3], "prompt kind"), subject: row[4])
            let event = TimelineEvent.promptDue(prompt, state: try decoded(row[5], "prompt state"), reason: row[6])
            entries.append(TimelineEntry(at: row[1], event: event, row: row[0]))
        }
    }

    private static func deliveries(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT delivery.id, delivery.started_at, occurrence.id, occurrence.kind, occurrence.subject,
                delivery.channel, delivery.purpose, delivery.outcome, delivery.error
            FROM delivery JOIN occurrence ON occurrence.id = delivery.occurrence_id
            WHERE delivery.started_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let prompt = try TimelinePrompt(id: row[2], kind: decoded(row[3], "prompt kind"), subject: row[4])
            let outcome: Delivery.Outcome? = try (row[7] as String?).map { try decoded($0, "delivery outcome") }
            let event = TimelineEvent.delivery(
                prompt, channel: row[5], purpose: try decoded(row[6], "delivery purpose"), outcome: outcome, error: row[8])
            entries.append(TimelineEntry(at: row[1], event: event, row: row[0]))
        }
    }

    private static func answers(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT response.id, response.answered_at, occurrence.id, occurrence.kind, occurrence.subject,
                response.answer, response.via, response.note, response.rating, response.replaced_at
            FROM response JOIN occurrence ON occurrence.id = response.occurrence_id
            WHERE response.answered_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let prompt = try TimelinePrompt(id: row[2], kind: decoded(row[3], "prompt kind"), subject: row[4])
            let event = TimelineEvent.answer(
                prompt, answer: row[5], via: try decoded(row[6], "answer's way"), note: row[7], rating: row[8], replacedAt: row[9])
            entries.append(TimelineEntry(at: row[1], event: event, row: row[0]))
        }
    }

    private static func snoozes(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT snooze.id, snooze.snoozed_at, occurrence.id, occurrence.kind, occurrence.subject, snooze.ends_at
            FROM snooze JOIN occurrence ON occurrence.id = snooze.occurrence_id
            WHERE snooze.snoozed_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let prompt = try TimelinePrompt(id: row[2], kind: decoded(row[3], "prompt kind"), subject: row[4])
            entries.append(TimelineEntry(at: row[1], event: .snooze(prompt, endsAt: row[5]), row: row[0]))
        }
        let all = try Row.fetchCursor(db, sql: """
            SELECT id, snoozed_at, ends_at FROM snooze_all WHERE snoozed_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        while let row = try all.next() {
            entries.append(TimelineEntry(at: row[1], event: .snoozeAll(endsAt: row[2]), row: row[0]))
        }
    }

    /// A debrief given whole is one entry; one given as an outcome first and completed
    /// later is two.
    private static func timelineDebriefs(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, recorded_at, completed_at, occurrence_id, performance, skill, rung, outcome, self_efficacy FROM debrief
            WHERE recorded_at BETWEEN ? AND ? OR completed_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound, range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let recordedAt: Instant = row[1]
            let completedAt: Instant? = row[2]
            let debrief = TimelineDebrief(
                id: row[0], occurrenceID: row[3], performance: row[4], skill: row[5], rung: row[6],
                outcome: try decoded(row[7], "debrief outcome"), selfEfficacy: row[8])
            let completedAtOnce = completedAt == recordedAt
            if range.contains(recordedAt) {
                // An outcome alone said nothing yet about the next attempt.
                var given = debrief
                if !completedAtOnce { given.selfEfficacy = nil }
                entries.append(TimelineEntry(at: recordedAt, event: .debriefRecorded(given, completed: completedAtOnce), row: debrief.id))
            }
            if let completedAt, !completedAtOnce, range.contains(completedAt) {
                entries.append(TimelineEntry(at: completedAt, event: .debriefCompleted(debrief), row: debrief.id))
            }
        }
    }

    private static func timelineEvidence(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, recorded_at, edited_at, skill, rung, what, source, debrief_id, given_by, happened_at FROM evidence
            WHERE recorded_at BETWEEN ? AND ? OR edited_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound, range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let source: Evidence.Source = switch row[6] as String {
            case "debrief": .debrief(id: row[7])
            case "feedback": .feedback(from: row[8])
            default: .manual
            }
            let evidence = TimelineEvidence(id: row[0], skill: row[3], rung: row[4], what: row[5], source: source, happenedAt: row[9])
            let recordedAt: Instant = row[1]
            if range.contains(recordedAt) {
                entries.append(TimelineEntry(at: recordedAt, event: .evidenceRecorded(evidence), row: evidence.id))
            }
            if let editedAt = row[2] as Instant?, range.contains(editedAt) {
                entries.append(TimelineEntry(at: editedAt, event: .evidenceEdited(evidence), row: evidence.id))
            }
        }
    }

    private static func timelinePredictions(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, recorded_at, performance, attempt_start, self_efficacy, fear, replaced_at FROM prediction
            WHERE recorded_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        while let row = try rows.next() {
            let event = TimelineEvent.prediction(
                performance: row[2], attemptStart: row[3], selfEfficacy: row[4], fear: row[5], replacedAt: row[6])
            entries.append(TimelineEntry(at: row[1], event: event, row: row[0]))
        }
    }

    private static func timelineLadder(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let moves = try LadderMove.fetchCursor(db, sql: "SELECT * FROM ladder_move WHERE moved_at BETWEEN ? AND ?", arguments: [range.lowerBound, range.upperBound])
        while let move = try moves.next() {
            entries.append(TimelineEntry(at: move.movedAt, event: .ladderMove(move), row: move.id ?? 0))
        }
        let ratings = try RungRating.fetchCursor(db, sql: "SELECT * FROM rung_rating WHERE recorded_at BETWEEN ? AND ?", arguments: [range.lowerBound, range.upperBound])
        while let rating = try ratings.next() {
            entries.append(TimelineEntry(at: rating.recordedAt, event: .rungRating(rating), row: rating.id ?? 0))
        }
    }

    /// A pause begins; it ends when resumed early, else at its end (once that has come).
    private static func timelinePauses(in range: ClosedRange<Instant>, _ db: Database, into entries: inout [TimelineEntry]) throws {
        let pauses = try Pause.fetchCursor(db, sql: """
            SELECT * FROM pause
            WHERE starts_at BETWEEN ? AND ? OR ends_at BETWEEN ? AND ? OR resumed_at BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound, range.lowerBound, range.upperBound, range.lowerBound, range.upperBound])
        while let pause = try pauses.next() {
            let row = pause.id ?? 0
            if range.contains(pause.startsAt) {
                entries.append(TimelineEntry(at: pause.startsAt, event: .pauseStarted(pause), row: row))
            }
            if let resumedAt = pause.resumedAt, resumedAt < pause.endsAt {
                if range.contains(resumedAt) { entries.append(TimelineEntry(at: resumedAt, event: .pauseResumed(pause), row: row)) }
            } else if range.contains(pause.endsAt) {
                entries.append(TimelineEntry(at: pause.endsAt, event: .pauseEnded(pause), row: row))
            }
        }
    }

    /// The value a text column names; a value the schema's CHECK constraints do not allow
    /// is refused rather than guessed at.
    private static func decoded<Value: RawRepresentable>(_ text: String, _ what: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text) else { throw StoreError.invalid("the store holds an unknown \(what) '\(text)'") }
        return value
    }
}

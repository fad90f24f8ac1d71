import GRDB
import RungCore
import RungTime

/// A person's answer to a prompt, recorded the same way whether rungd or rungctl takes it,
/// and from whichever route (a button, rungctl, a hook): the first answer stands.
extension Store {
    /// The answer that postpones a prompt instead of answering it.
    public static let snoozeAnswer = AnswerRule.snooze
    /// How long the `snooze` answer postpones a prompt (the desktop button's 15 minutes).
    public static let snoozeAnswerDuration: Int64 = 15 * Int64(TimeSpanUnit.minute)
    /// The answer a rating given alone records: the person went through the reframe.
    public static let ratedAnswer = "done"

    /// What `answer` recorded.
    public enum Answered: Hashable, Sendable {
        /// The response, which now stands for the prompt.
        case response(Response)
        /// `snooze`: the prompt is postponed until then.
        case snoozed(until: Instant)
    }

    /// Why `answer` recorded nothing.
    public enum AnswerRefused: Error, Hashable, Sendable {
        /// The answer breaks the prompt's rule (`AnswerRule`).
        case rule(AnswerRule.Refusal)
        /// The prompt already has this answer, which stands.
        case alreadyAnswered(Response)
    }

    /// Records `answer` (nil: `note` alone) to the prompt `occurrenceID`: `snooze`
    /// postpones it by `snoozeAnswerDuration`; any other answer is kept as a response,
    /// with `note` if given, and marks the prompt answered. The prompt as planned comes
    /// from `planned` (an answer given ahead of time records it); `check` is the rule it
    /// must pass, given that prompt (a prompt no longer in the plan is only recorded, not
    /// checked). The first answer stands: a second, or a snooze after it, is refused with
    /// the first, unless `replacing`, which keeps the first as replaced. `channel` names the
    /// channel whose button or hook carried it. A check-in's climb, hold or step back also
    /// moves its ladder under `config` (`LadderAnswer`), in the same transaction as the
    /// response; a debrief's success, partial or miss is kept as the outcome of a debrief
    /// to complete later (`recordDebrief`). Without a config neither happens. A `rating`
    /// (a reframe's 0–10 "did this help?", `AnswerRule.check(rating:for:)`) is kept with the
    /// response; given without an answer it answers `done`. Returns nil, writing nothing, when there
    /// is no such prompt; throws `AnswerRefused` when the answer is refused.
    public func answer(
        _ occurrenceID: String, with answer: String?, note: String? = nil, rating: Int? = nil, via: Response.Via,
        channel: String? = nil,
        replacing: Bool = false, at instant: Instant, planned: () -> Occurrence?,
        check: (Occurrence) -> AnswerRule.Refusal? = { _ in nil }, config: Config? = nil
    ) throws -> Answered? {
        let recorded = try occurrence(id: occurrenceID)
        let occurrence = planned()
        guard recorded != nil || occurrence != nil else { return nil }
        let kind = occurrence?.kind ?? recorded?.kind
        if let rating, let kind, let refusal = AnswerRule.check(rating: rating, for: kind) { throw AnswerRefused.rule(refusal) }
        if let occurrence, let refusal = check(occurrence) { throw AnswerRefused.rule(refusal) }
        let answer = answer ?? (rating != nil ? Self.ratedAnswer : nil)
        if rating != nil, answer == Self.snoozeAnswer { throw StoreError.invalid("a snooze takes no rating") }
        if recorded == nil, let occurrence {
            try recordPlanned(OccurrenceRecord(planned: occurrence, at: instant))
        }
        if answer == Self.snoozeAnswer {
            if let first = try standingResponse(to: occurrenceID) { throw AnswerRefused.alreadyAnswered(first) }
            let until = instant.adding(microseconds: Self.snoozeAnswerDuration)
            try snooze(occurrenceID, until: until, at: instant)
            return .snoozed(until: until)
        }
        var response = Response(
            occurrenceID: occurrenceID, answer: answer ?? Response.noteAnswer, note: note, via: via, channel: channel,
            answeredAt: instant, rating: rating)
        guard !response.answer.allSatisfy(\.isWhitespace), note.map({ !$0.allSatisfy(\.isWhitespace) }) ?? true else {
            throw StoreError.invalid("the answer is empty")
        }
        let subject = occurrence?.subject ?? recorded.flatMap { PlanSubject(parsing: $0.subject) }
        let ladderMove: LadderAnswer? = if let config, let kind, let subject {
            LadderAnswer(answering: answer, kind: kind, subject: subject, config: config)
        } else {
            nil
        }
        let outcome: (Debrief, followedLadder: String?)? = if let config, let kind, case .performance(let id)? = subject,
            let given = DebriefSubject.outcome(answering: answer, kind: kind), let about = DebriefSubject(performance: id, config: config),
            let outcome = Debrief.Outcome(rawValue: given) {
            (Debrief(
                occurrenceID: occurrenceID, performance: id, skill: about.skill, rung: about.rung,
                attemptStart: occurrence?.performanceStart ?? recorded?.performanceStart, outcome: outcome, selfEfficacy: nil,
                recordedAt: instant), about.followedLadder)
        } else {
            nil
        }
        try write("recording a response to \(occurrenceID)") { db in
            let standing = try Response.filter(Column("occurrence_id") == occurrenceID && Column("replaced_at") == nil)
                .order(Column("answered_at"), Column("id")).fetchAll(db)
            if let first = standing.first {
                guard replacing else { throw AnswerRefused.alreadyAnswered(first) }
                try db.execute(
                    sql: "UPDATE response SET replaced_at = ? WHERE occurrence_id = ? AND replaced_at IS NULL",
                    arguments: [instant, occurrenceID])
            }
            try response.insert(db)
            let state = try OccurrenceRecord.fetchOne(db, id: occurrenceID)?.state
            if let state, !state.isFinal {
                try Store.move(occurrenceID, to: .answered, at: instant, db)
            }
            if let ladderMove {
                _ = try Store.stepLadder(ladderMove.ladder, at: instant, decide: { ladderMove.move(from: $0) }, db)
            }
            if let (given, followedLadder) = outcome {
                var debrief = given
                if let followedLadder { debrief.rung = try LadderPosition.fetchOne(db, key: followedLadder)?.rung ?? 1 }
                try Store.recordOutcome(debrief, db)
            }
        }
        return .response(response)
    }

    /// The answer that stands for a prompt: its first, unless one replaced it.
    public func standingResponse(to occurrenceID: String) throws -> Response? {
        try read("reading the answer to \(occurrenceID)") { db in
            try Response.filter(Column("occurrence_id") == occurrenceID && Column("replaced_at") == nil)
                .order(Column("answered_at"), Column("id")).fetchOne(db)
        }
    }
}

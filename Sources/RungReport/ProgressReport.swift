import RungCore
import RungStore
import RungTime

/// The person's progress, as `rungctl report` shows it: for each ladder where it stands,
/// what was tried at each rung and how it went, how confidence moved, how well predictions
/// matched outcomes, the moves and their reasons, the next high-stakes performance and how
/// ready the record says the person is, and how the debriefs went; then the performances
/// ahead. Gathered once from the config and the store, so that the terminal text, the HTML
/// page and the JSON all say the same thing.
///
/// With `since`, what happened (attempts, evidence, ratings, moves, debriefs) counts from
/// then on; where a ladder stands and what Rung proposes always read the whole record.
public struct ProgressReport: Sendable {
    public var generatedAt: Instant
    public var since: Instant?
    /// The zone the report's times are shown in: the person's own.
    public var zone: TimeZoneRules
    public var ladders: [LadderProgress]
    /// The next attempt of each performance within `upcomingHorizon`, soonest first.
    public var upcoming: [UpcomingPerformance]
    /// The evidence logged since `since`, oldest first; read only when asked for (the page
    /// lists it, the terminal text counts it).
    public var evidence: [Evidence]

    /// How far ahead `upcoming` looks.
    public static let upcomingHorizon = TimeSpan(microseconds: 90 * TimeSpanUnit.day)

    /// The report at `now` on every ladder of `config`, or only `ladder`, from `store` (nil:
    /// nothing recorded yet); `withEvidence` reads every evidence entry since `since` too.
    public init(
        config: Config, systemZone: TimeZoneRules, zone: TimeZoneRules, store: Store?, now: Instant, since: Instant? = nil,
        ladder: String? = nil, withEvidence: Bool = false
    ) throws {
        generatedAt = now
        self.since = since
        self.zone = zone
        let planner = Planner(config: config, systemZone: systemZone)
        let ladders = config.ladders.filter { ladder == nil || $0.id == ladder }
        let records = try Dictionary(uniqueKeysWithValues: ladders.map { ladder in
            (ladder.id, try store?.ladderRecord(ladder, config: config) ?? LadderRecord())
        })
        upcoming = config.performances
            .filter { performance in ladder == nil || performance.ladder == ladder }
            .compactMap { performance in
                let onLadder = ladders.first { $0.id == performance.ladder }
                return UpcomingPerformance(
                    performance, ladder: onLadder, record: onLadder.flatMap { records[$0.id] }, planner: planner, now: now)
            }
            .sorted { ($0.start, $0.performance.id) < ($1.start, $1.performance.id) }
        let upcoming = upcoming
        self.ladders = try ladders.map { ladder in
            try LadderProgress(
                ladder, record: records[ladder.id] ?? LadderRecord(), config: config, store: store, now: now, since: since,
                nextHighStakes: upcoming.first { $0.performance.ladder == ladder.id && $0.isHighStakes })
        }
        evidence = withEvidence ? try store?.evidence(skill: ladder, since: since) ?? [] : []
    }
}

/// One ladder in the report.
public struct LadderProgress: Sendable {
    public var ladder: Ladder
    /// The rung it stands on, from 1 (1 before its first move).
    public var currentRung: Int
    /// When it arrived there (its latest climb or step back); nil when it never did.
    public var currentSince: Instant?
    public var rungs: [RungProgress]
    /// Every confidence rating (prediction, debrief, rung rating) since `since`, oldest first.
    public var confidence: [LadderRecord.Rating]
    /// Where the ladder stood over time: the rung it stood on at `since` (when it had
    /// moved before), then each move since, oldest first.
    public var positions: [PositionChange]
    /// Over the attempts since `since`; nil while fewer than `calibration_after` had a prediction.
    public var calibration: Calibration?
    /// Each predicted attempt since `since`: what was predicted and how it went.
    public var calibrationPoints: [CalibrationPoint]
    /// The moves since `since`, oldest first.
    public var moves: [LadderMove]
    /// What Rung proposes now, from the whole record.
    public var proposal: LadderProposal
    /// The ladder's next high-stakes performance within the horizon.
    public var nextHighStakes: UpcomingPerformance?
    public var debriefs: DebriefTally
    /// Evidence entries since `since` that name no rung.
    public var evidenceWithoutRung: Int

    init(
        _ ladder: Ladder, record: LadderRecord, config: Config, store: Store?, now: Instant, since: Instant?,
        nextHighStakes: UpcomingPerformance?
    ) throws {
        self.ladder = ladder
        currentRung = record.currentRung
        let performances = config.performances.filter { $0.ladder == ladder.id }.map(\.id)
        let counts = try store?.progressCounts(ladder: ladder.id, performances: performances, since: since) ?? ProgressCounts()
        let history = try store?.ladderHistory(ladder.id) ?? []
        currentSince = record.since
        func isSince(_ instant: Instant) -> Bool { since.map { instant >= $0 } ?? true }
        let attempts = record.attempts.filter { isSince($0.at) }
        rungs = ladder.rungs.enumerated().map { index, rung in
            let number = index + 1
            let here = attempts.filter { $0.rung == number }
            return RungProgress(
                number: number, rung: rung, successes: here.count { $0.outcome == .success },
                partials: here.count { $0.outcome == .partial }, misses: here.count { $0.outcome == .miss },
                evidence: counts.evidenceByRung[number] ?? 0, latestConfidence: record.latestConfidence(for: number)?.confidence)
        }
        confidence = record.ratings.filter { isSince($0.at) }
        moves = history.filter { isSince($0.movedAt) }
        var positions = moves.map { PositionChange(at: $0.movedAt, rung: $0.toRung) }
        if let since, let before = history.last(where: { $0.movedAt < since }) {
            positions.insert(PositionChange(at: since, rung: before.toRung), at: 0)
        }
        self.positions = positions
        calibration = Calibration(attempts, minimum: ladder.coaching.calibrationAfter)
        calibrationPoints = attempts.compactMap { attempt in
            attempt.predicted.map { CalibrationPoint(predicted: $0, outcome: attempt.outcome, at: attempt.at) }
        }
        proposal = LadderProposal(ladder: ladder, record: record, now: now)
        self.nextHighStakes = nextHighStakes
        debriefs = DebriefTally(
            written: counts.debriefsWritten, awaitingDetail: counts.debriefsAwaitingDetail, promptsPassed: counts.debriefPromptsPassed)
        evidenceWithoutRung = counts.evidenceWithoutRung
    }

    /// The calibration in words, or how many predicted attempts it still needs.
    public var calibrationWords: String {
        Calibration.words(calibration, predicted: calibrationPoints.count, settings: ladder.coaching)
    }

    /// Attempts since `since`, over every rung.
    public var attempts: Int { rungs.reduce(0) { $0 + $1.attempts } }
    /// Evidence entries since `since`, with a rung or without.
    public var evidence: Int { rungs.reduce(evidenceWithoutRung) { $0 + $1.evidence } }
}

/// One rung: what was tried at it since `since`, and the latest confidence rated for it.
public struct RungProgress: Sendable {
    /// From 1.
    public var number: Int
    public var rung: Rung
    public var successes: Int
    public var partials: Int
    public var misses: Int
    public var evidence: Int
    public var latestConfidence: Int?

    public var attempts: Int { successes + partials + misses }
}

/// The ladder arrived at `rung` at `at`.
public struct PositionChange: Sendable, Hashable {
    public var at: Instant
    public var rung: Int
}

/// One predicted attempt: the confidence said beforehand (0–100) and the outcome.
public struct CalibrationPoint: Sendable, Hashable {
    public var predicted: Int
    public var outcome: LadderRecord.Outcome
    public var at: Instant
}

/// How the debriefs of a ladder's performances went since `since`. Said without guilt: a
/// prompt that passed is not a failure, and a debrief written later still counts.
public struct DebriefTally: Sendable, Hashable {
    /// Debriefs completed.
    public var written: Int
    /// Outcomes given (by a button) whose details are still to write with `rungctl debrief`.
    public var awaitingDetail: Int
    /// Debrief prompts that passed with no debrief.
    public var promptsPassed: Int

    /// The tally in words, nothing counted as a lapse: "41 written; 3 outcomes waiting for
    /// details (rungctl debrief); 6 prompts passed without one. A debrief written later
    /// still counts." `command` sets a command's name as the page or the terminal shows code.
    public func words(command: (String) -> String) -> String {
        var parts = ["\(written) written"]
        if awaitingDetail > 0 {
            parts.append("\(awaitingDetail) outcome\(awaitingDetail == 1 ? "" : "s") waiting for details (\(command("rungctl debrief")))")
        }
        if promptsPassed > 0 {
            parts.append("\(promptsPassed) prompt\(promptsPassed == 1 ? "" : "s") passed without one")
        }
        let note = awaitingDetail + promptsPassed > 0 ? " A debrief written later still counts." : ""
        return parts.joined(separator: "; ") + "." + note
    }
}

/// The next attempt of a performance, and for a high-stakes one what the record says of
/// readiness and the rehearsals planned before it.
public struct UpcomingPerformance: Sendable {
    public var performance: Performance
    public var start: Instant
    /// The stakes of this attempt (a performance that follows its ladder takes its rung's).
    public var stakes: Stakes
    /// Why the ladder's record says the person is not ready yet (low stakes first); nil
    /// when it is, or the performance is not high-stakes.
    public var readinessWarning: String?
    /// The rehearsal prompts planned before it, oldest first (high-stakes one-offs have them).
    public var rehearsals: [Instant]

    public var isHighStakes: Bool { stakes == .high }

    /// The next attempt of `performance` after `now` within the horizon; nil when none.
    init?(_ performance: Performance, ladder: Ladder?, record: LadderRecord?, planner: Planner, now: Instant) {
        guard case .success(let start) = planner.attemptToPredict(performance.id, at: now),
              start <= now.adding(microseconds: Int64(ProgressReport.upcomingHorizon.microseconds))
        else { return nil }
        self.performance = performance
        self.start = start
        stakes = performance.stakes(atRung: performance.followsLadder ? record?.currentRung : performance.rung.map { $0 + 1 }, of: ladder)
        readinessWarning = ladder.flatMap { ladder in record.flatMap { Readiness.warning(for: performance, ladder: ladder, record: $0) } }
        var rehearsals: [Instant] = []
        if stakes == .high {
            var prompts = planner.prompts(after: now)
            while let prompt = prompts.next(), prompt.scheduledAt < start {
                if prompt.kind == .rehearsal, prompt.subject == .performance(performance.id) { rehearsals.append(prompt.scheduledAt) }
            }
        }
        self.rehearsals = rehearsals
    }
}

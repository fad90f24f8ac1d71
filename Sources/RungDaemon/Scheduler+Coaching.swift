import RungControl
import RungCore
import RungStore
import RungTime

/// What the adaptive ladder adds to rungd: the weekly review a check-in carries, the hit
/// rate a reframe shows, the coping model a vicarious prompt asks for, and the proposals,
/// warnings and calibration `status` reports. Read from the store as it is now; when it
/// cannot be read, the prompt goes out without them and `status` leaves them out.
extension Scheduler {
    /// The record of `ladder`, or nil (logged) when the store cannot give it.
    func ladderRecord(_ ladder: Ladder) -> LadderRecord? {
        do {
            return try store.ladderRecord(ladder, config: config)
        } catch {
            logger.debug("cannot read the record of a ladder", metadata: ["ladder": "\(ladder.id)", "error": "\(error)"])
            return nil
        }
    }

    /// The review the check-in `occurrence` of `ladder` carries: what happened since the
    /// previous check-in of the ladder (all of it before the first), and the proposal now.
    func review(of ladder: Ladder, record: LadderRecord, for occurrence: Occurrence) -> LadderReview? {
        do {
            let since = try store.previousCheckIn(of: ladder.id, before: occurrence.due, excluding: occurrence.id.rawValue)
            let newEvidence = try store.evidenceCount(skill: ladder.id, recordedAfter: since)
            return LadderReview(ladder: ladder, record: record, since: since, newEvidence: newEvidence, now: clock())
        } catch {
            logger.debug("cannot read what a check-in reviews", metadata: ["ladder": "\(ladder.id)", "error": "\(error)"])
            return nil
        }
    }

    /// For a reframe: the person's hit rate, when their predictions on `ladder` run below
    /// what they achieve (COACHING.md, "Calibration feedback"); nil otherwise.
    static func hitRate(on ladder: Ladder, record: LadderRecord) -> String? {
        guard let calibration = Calibration(record.attempts, minimum: ladder.coaching.calibrationAfter),
              calibration.tendency(band: ladder.coaching.biasBand) == .underPredicts
        else { return nil }
        return calibration.hitRate
    }

    /// Whether the vicarious prompt before `performance` asks for a coping model: its rung
    /// has not been tried yet (for a performance at the current rung, not during this stay
    /// on it), or the ladder stepped back and nothing was tried since (Schunk 1987).
    static func wantsCopingModel(_ performance: Performance, record: LadderRecord) -> Bool {
        let untried = if performance.followsLadder {
            record.attemptsAtCurrentRung.isEmpty
        } else if let rung = performance.rung {
            !record.attempts.contains { $0.rung == rung + 1 }
        } else {
            false
        }
        let untriedSinceSteppingBack = record.arrivedBySteppingBack
            && !record.attempts.contains { attempt in record.since.map { attempt.at >= $0 } ?? true }
        return untried || untriedSinceSteppingBack
    }

    /// What `status` says of the ladders: the proposals that would move one, the readiness
    /// warnings of the high-stakes performances still ahead, and calibration over every
    /// ladder's attempts. Each ladder's record is read once per change of the store.
    struct CoachingStatus {
        var proposals: [(ladder: Ladder, proposal: LadderProposal)] = []
        var warnings: [String] = []
        var predictedAttempts = 0
        var calibration: Calibration?
    }

    /// The ladders as `status` and the status line report them now; overall calibration
    /// takes the `[coaching]` thresholds, not one ladder's.
    func coachingStatus() -> CoachingStatus {
        let now = clock()
        var status = CoachingStatus()
        var attempts: [LadderRecord.Attempt] = []
        let records = cachedLadderRecords()
        for ladder in config.ladders {
            guard let record = records[ladder.id] else { continue }
            let proposal = LadderProposal(ladder: ladder, record: record, now: now)
            if proposal.step != .hold { status.proposals.append((ladder, proposal)) }
            for performance in config.performances where performance.ladder == ladder.id && isAhead(performance, at: now) {
                if let warning = Readiness.warning(for: performance, ladder: ladder, record: record) { status.warnings.append(warning) }
            }
            attempts += record.attempts
        }
        status.predictedAttempts = attempts.count { $0.predicted != nil }
        status.calibration = Calibration(attempts, minimum: config.coaching.calibrationAfter)
        return status
    }

    /// Every ladder's record, read again only when the store changed since the last read.
    /// A ladder whose record cannot be read is left out, and nothing is kept for next time.
    func cachedLadderRecords() -> [String: LadderRecord] {
        let generation = try? store.generation()
        if let generation, let cache = ladderRecordCache, cache.generation == generation { return cache.records }
        var records: [String: LadderRecord] = [:]
        for ladder in config.ladders { records[ladder.id] = ladderRecord(ladder) }
        ladderRecordCache = generation.flatMap { records.count == config.ladders.count ? ($0, records) : nil }
        return records
    }

    /// Whether `performance` still has a start to come: a recurring one always, a one-off
    /// until it starts.
    func isAhead(_ performance: Performance, at now: Instant) -> Bool {
        if case .recurring = performance.schedule { return true }
        return performance.oneOffStart(in: planner.zone).map { $0 > now } ?? false
    }

    /// The proposals for the status line: "proposed: talks climb, chats step back"; nil
    /// when every ladder holds.
    static func proposedClause(_ status: CoachingStatus) -> String? {
        guard !status.proposals.isEmpty else { return nil }
        return "proposed: " + status.proposals.map { "\($0.ladder.id) \($0.proposal.step == .stepBack ? "step back" : $0.proposal.step.rawValue)" }
            .joined(separator: ", ")
    }

    /// `status`'s report of the ladders, as the control interface sends it.
    func controlCoaching(_ status: CoachingStatus) -> (proposals: [ControlInterface.Proposal], calibration: ControlInterface.Calibration) {
        let proposals = status.proposals.map { ladder, proposal in
            ControlInterface.Proposal(
                ladder: ladder.id, step: proposal.step.rawValue, toRung: Int64(proposal.toRung),
                toTitle: ladder.rungs[proposal.toRung - 1].title, reason: proposal.reason)
        }
        var calibration = ControlInterface.Calibration(attempts: Int64(status.predictedAttempts), needed: Int64(config.coaching.calibrationAfter))
        if let figures = status.calibration {
            calibration.brier = figures.brierScore
            calibration.bias = figures.bias
            calibration.summary = figures.summary(band: config.coaching.biasBand)
        }
        return (proposals, calibration)
    }
}

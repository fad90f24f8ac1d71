import RungTime

/// What Rung proposes for a ladder from the person's own record (COACHING.md §1, §2, §3,
/// §5 and "Calibration feedback"): climb, hold or step back, with a one-line reason in
/// plain words, the concrete thing to do next, and every fact the decision read. A
/// proposal never moves the ladder: only the person's answer does.
///
/// The rules, in the order they are tried (thresholds from `Ladder.coaching`):
/// 1. **Step back** after `step_back_after` missed attempts in a row at the current rung,
///    or when the latest confidence for it is under `step_back_confidence`, with an
///    in-between rung worded for the person to add; on the first rung, hold with an easier
///    version of it.
/// 2. **Climb** when `climb_after` of the last `climb_window` attempts at the rung
///    succeeded, at least one of those successes recorded that the feared outcome did not
///    happen (expectancy violation, Craske 2008/2014), and the latest confidence for the
///    next rung is at least `climb_confidence` — or two of those attempts had distress at
///    or under `calm_distress` ("bored means not scared"). Distress never blocks a climb.
///    Before climbing, hold instead when the last success used aids (the same rung
///    without them first), when the next rung is high-stakes and the ladder lacks
///    `medium_successes` successes at medium stakes (low stakes first), or when the
///    person's predictions run ahead of their outcomes (calibration bias over the band:
///    an in-between rung first). Whatever the thresholds, a climb never follows two misses
///    in a row.
/// 3. **Hold** otherwise, saying what is missing.
///
/// Skips, pauses and expired prompts are not attempts, so they never count as failures.
public struct LadderProposal: Sendable, Hashable {
    /// The step proposed.
    public var step: LadderStep
    /// The rung the ladder stands on, and the one the step leads to (rungs from 1).
    public var fromRung: Int
    public var toRung: Int
    /// Why, in one line of plain words.
    public var reason: String
    /// The concrete thing to do next (an in-between rung to add, the same rung without
    /// aids, a rating to give), when there is one.
    public var suggestion: String?
    /// After watching a peer (COACHING.md §5): the person's own attempt, proposed until then.
    public var ownAttemptBy: Instant?
    /// Every fact the decision read, one per line, for `rungctl ladder --explain`.
    public var facts: [String]

    /// The proposal for `ladder` from `record` at `now`.
    public init(ladder: Ladder, record: LadderRecord, now: Instant) {
        var rules = ProposalRules(ladder: ladder, record: record)
        self = rules.decide()
        facts = rules.facts
        if let watched = record.lastWatched, !record.attempts.contains(where: { $0.at > watched }) {
            let by = watched.adding(microseconds: Int64(clamping: ladder.coaching.ownAttemptWithin.microseconds))
            if now < by {
                ownAttemptBy = by
                facts.append("you watched a peer and have not attempted since: your own attempt is proposed within \(ladder.coaching.ownAttemptWithin)")
            }
        }
    }

    init(step: LadderStep, from: Int, to: Int, reason: String, suggestion: String? = nil) {
        self.step = step
        fromRung = from
        toRung = to
        self.reason = reason
        self.suggestion = suggestion
        facts = []
    }
}

/// The rules of `LadderProposal`, with the facts they read collected as they go.
private struct ProposalRules {
    let ladder: Ladder
    let record: LadderRecord
    let settings: CoachingSettings
    let current: Int
    let attempts: [LadderRecord.Attempt]
    var facts: [String] = []

    init(ladder: Ladder, record: LadderRecord) {
        self.ladder = ladder
        self.record = record
        settings = ladder.coaching
        current = min(max(record.currentRung, 1), max(ladder.rungs.count, 1))
        attempts = record.attemptsAtCurrentRung
    }

    func title(_ rung: Int) -> String {
        ladder.rungs.indices.contains(rung - 1) ? ladder.rungs[rung - 1].title : "rung \(rung)"
    }

    func quoted(_ rung: Int) -> String { "\u{201C}\(title(rung))\u{201D}" }

    mutating func decide() -> LadderProposal {
        let top = ladder.rungs.count
        facts.append("on rung \(current) of \(top): \(quoted(current))" + (ladder.rungs.indices.contains(current - 1) ? " (\(ladder.rungs[current - 1].stakes.rawValue) stakes)" : ""))
        facts.append(attemptsFact())
        let here = record.latestConfidence(for: current)
        facts.append(here.map { "latest confidence for rung \(current): \($0.confidence)" } ?? "no confidence rated for rung \(current)")
        let next = current < top ? record.latestConfidence(for: current + 1) : nil
        if current < top {
            facts.append(next.map { "latest confidence for rung \(current + 1): \($0.confidence)" } ?? "no confidence rated for rung \(current + 1)")
        }
        let calibration = Calibration(record.attempts, minimum: settings.calibrationAfter)
        if let calibration {
            facts.append("calibration: " + calibration.summary(band: settings.biasBand))
        } else {
            facts.append("calibration: \(record.predictedAttempts.count) of the \(settings.calibrationAfter) predicted attempts it needs")
        }
        if let stepBack = stepBack(confidence: here) { return stepBack }
        guard current < top else {
            return LadderProposal(
                step: .hold, from: current, to: current,
                reason: "you are on the top rung: keep doing \(quoted(current))",
                suggestion: "add a harder rung when this one feels routine (\(ladder.addRungCommand(after: current)))")
        }
        return climbOrHold(next: next, calibration: calibration)
    }

    func attemptsFact() -> String {
        guard !attempts.isEmpty else { return "no attempts at rung \(current)" + (record.since == nil ? "" : " since the ladder arrived there") }
        let recent = attempts.suffix(settings.climbWindow).map(\.outcome.rawValue).joined(separator: ", ")
        return "\(attempts.count) attempt\(attempts.count == 1 ? "" : "s") at rung \(current); the last \(min(attempts.count, settings.climbWindow)), oldest first: \(recent)"
    }

    /// Rule 1: misses in a row or low confidence.
    mutating func stepBack(confidence: LadderRecord.Rating?) -> LadderProposal? {
        let misses = attempts.reversed().prefix { $0.outcome == .miss }.count
        facts.append("missed in a row at rung \(current): \(misses) (a step back after \(settings.stepBackAfter))")
        let reason: String
        if misses >= settings.stepBackAfter {
            reason = "your last \(misses) attempts at \(quoted(current)) did not go as planned"
        } else if let confidence, confidence.confidence < settings.stepBackConfidence {
            reason = "you rated \(quoted(current)) at \(confidence.confidence) of 100, under \(settings.stepBackConfidence)"
        } else {
            return nil
        }
        guard current > 1 else {
            return LadderProposal(
                step: .hold, from: current, to: current, reason: reason + "; it is the first rung",
                suggestion: "add an easier rung before it (\(ladder.addRungCommand(after: 0))): \(quoted(current)) made smaller — shorter, a friendlier audience, or with one aid")
        }
        return LadderProposal(
            step: .stepBack, from: current, to: current - 1, reason: reason,
            suggestion: inBetween(lower: current - 1, upper: current))
    }

    /// The wording of a rung between `lower` and `upper` for the person to add.
    func inBetween(lower: Int, upper: Int) -> String {
        "or add a rung between \(quoted(lower)) and \(quoted(upper)) (\(ladder.addRungCommand(after: lower))): \(quoted(upper)) made smaller — shorter, a friendlier audience, or with one aid"
    }


    /// Rules 2 and 3.
    mutating func climbOrHold(next: LadderRecord.Rating?, calibration: Calibration?) -> LadderProposal {
        let recent = Array(attempts.suffix(settings.climbWindow))
        let successes = recent.filter { $0.outcome == .success }
        let violated = successes.contains { $0.fearedHappened == false }
        let calm = recent.filter { ($0.distress ?? 101) <= settings.calmDistress }.count >= 2
        let current = current
        func hold(_ reason: String, _ suggestion: String?) -> LadderProposal {
            LadderProposal(step: .hold, from: current, to: current, reason: reason, suggestion: suggestion)
        }
        guard !attempts.isEmpty else {
            return hold("no attempts at \(quoted(current)) yet\(record.arrivedBySteppingBack ? " since stepping back" : ""): do it once and debrief it", nil)
        }
        facts.append("successes in the last \(recent.count): \(successes.count) (a climb needs \(settings.climbAfter) of \(settings.climbWindow))")
        facts.append(violated ? "the feared outcome did not happen in at least one of them" : "none of them recorded that the feared outcome did not happen")
        if calm { facts.append("two recent attempts had distress at or under \(settings.calmDistress): bored means not scared") }
        // Whatever `step_back_after` says, a climb never follows two misses in a row.
        let misses = attempts.reversed().prefix { $0.outcome == .miss }.count
        guard misses < 2 else {
            return hold("your last \(misses) attempts at \(quoted(current)) did not go as planned; a climb waits for one that does", nil)
        }
        guard successes.count >= settings.climbAfter else {
            return hold("\(successes.count) of your last \(recent.count) attempts at \(quoted(current)) went as planned; a climb needs \(settings.climbAfter)", nil)
        }
        guard violated else {
            return hold(
                "\(successes.count) of your last \(recent.count) went as planned, but none recorded whether what you feared happened",
                "in your next debrief, say whether the thing you feared happened (--feared-happened yes|no)")
        }
        let nextConfident = (next?.confidence ?? -1) >= settings.climbConfidence
        guard nextConfident || calm else {
            let suggestion = "rate how sure you are that you can do \(quoted(current + 1)): rungctl ladder rate \(ladder.id) --confidence N"
            guard let next else {
                return hold("\(successes.count) of your last \(recent.count) went as planned and what you feared did not happen; rate the next rung before climbing", suggestion)
            }
            return hold(
                "you rated \(quoted(current + 1)) at \(next.confidence) of 100; a climb waits for \(settings.climbConfidence)",
                inBetween(lower: current, upper: current + 1))
        }
        if let last = successes.last, last.usedAids {
            return hold(
                "your last success at \(quoted(current)) used aids (\(last.aids!.trimmingCharacters(in: .whitespaces))): do it once without them before climbing",
                "\(quoted(current)) without \(last.aids!.trimmingCharacters(in: .whitespaces))")
        }
        if ladder.rungs[current].stakes == .high {
            let medium = record.attempts.filter { $0.outcome == .success && $0.stakes >= .medium }.count
            facts.append("successes at medium stakes or above: \(medium) (a high-stakes rung needs \(settings.mediumSuccesses))")
            if medium < settings.mediumSuccesses {
                return hold(
                    "\(quoted(current + 1)) is high-stakes and the ladder has \(medium) of the \(settings.mediumSuccesses) successes at medium stakes it needs first",
                    "low stakes first: more reps at \(quoted(current)) or another medium-stakes rung")
            }
        }
        if let calibration, calibration.tendency(band: settings.biasBand) == .overPredicts {
            return hold(
                "your predictions have run ahead of what happened (\(calibration.hitRate)): an in-between rung first",
                inBetween(lower: current, upper: current + 1))
        }
        let because = violated && nextConfident
            ? "\(successes.count) of your last \(recent.count) attempts at \(quoted(current)) went as planned, what you feared did not happen, and you rated the next rung \(next!.confidence)"
            : "\(successes.count) of your last \(recent.count) attempts at \(quoted(current)) went as planned, what you feared did not happen, and two felt calm: bored means not scared"
        return LadderProposal(step: .climb, from: current, to: current + 1, reason: because)
    }
}

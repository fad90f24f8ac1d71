import RungCore
import RungStore
import RungTime

/// What the coaching rules say about a ladder, worded once for every command that shows
/// it (`ladder show`, `ladder rate`, `upcoming`, `check-config`): the proposal with its
/// reason, calibration, and the warnings the person's record raises.
enum CoachingText {
    /// "Proposed: climb to rung 4 “…” — reason", then the suggestion and the own attempt
    /// after watching a peer on lines of their own, aligned under the reason.
    static func proposalLines(_ proposal: LadderProposal, on ladder: Ladder) -> [String] {
        let verb = switch proposal.step {
        case .climb: "climb to"
        case .hold: "hold on"
        case .stepBack: "step back to"
        }
        let title = ladder.rungs.indices.contains(proposal.toRung - 1) ? " \u{201C}\(ladder.rungs[proposal.toRung - 1].title)\u{201D}" : ""
        var lines = ["Proposed: \(verb) rung \(proposal.toRung)\(title) \u{2014} \(proposal.reason)"]
        let indent = String(repeating: " ", count: "Proposed: ".count)
        if let suggestion = proposal.suggestion { lines.append(indent + suggestion) }
        if let by = proposal.ownAttemptBy {
            lines.append(indent + "you watched a peer: do it yourself by \(StoreAccess.localMinute(by))")
        }
        return lines
    }

    /// The proposal for programs: `step` as a check-in's answer names it, rungs from 1,
    /// `suggestion` and `own_attempt_by` null when there are none.
    static func proposalJSON(_ proposal: LadderProposal) -> String {
        JSONText.object([
            ("step", JSONText.string(proposal.step.rawValue)),
            ("from_rung", "\(proposal.fromRung)"),
            ("to_rung", "\(proposal.toRung)"),
            ("reason", JSONText.string(proposal.reason)),
            ("suggestion", proposal.suggestion.map(JSONText.string) ?? "null"),
            ("own_attempt_by", proposal.ownAttemptBy.map { JSONText.string(ExportText.timestamp($0)) } ?? "null"),
            ("facts", JSONText.array(proposal.facts.map(JSONText.string))),
        ])
    }

    /// The ladder's calibration in one line, or how many predicted attempts it still needs.
    static func calibrationLine(_ record: LadderRecord, settings: CoachingSettings) -> String {
        "Calibration: " + Calibration.words(record.attempts, settings: settings)
    }

    /// The calibration figures for programs, or null while there are too few predicted attempts.
    static func calibrationJSON(_ record: LadderRecord, settings: CoachingSettings) -> String {
        guard let calibration = Calibration(record.attempts, minimum: settings.calibrationAfter) else { return "null" }
        return JSONText.object([
            ("attempts", "\(calibration.attempts)"),
            ("brier", "\(calibration.brierScore)"),
            ("bias", "\(calibration.bias)"),
            ("tendency", JSONText.string(calibration.tendency(band: settings.biasBand).rawValue)),
        ])
    }

    /// The high-stakes performances of `ladder` still ahead at `now` that lack the
    /// medium-stakes successes before them (low stakes first), each with its warning.
    static func readinessWarnings(
        _ ladder: Ladder, record: LadderRecord, config: Config, systemZone: TimeZoneRules, now: Instant
    ) -> [(performance: Performance, warning: String)] {
        let planner = Planner(config: config, systemZone: systemZone)
        return config.performances.compactMap { performance in
            guard let warning = Readiness.warning(for: performance, ladder: ladder, record: record),
                  case .success = planner.attemptToPredict(performance.id, at: now)
            else { return nil }
            return (performance, warning)
        }
    }

    /// Every warning the record raises about `ladder`: readiness for its high-stakes
    /// performances ahead, then rungs whose confidence ratings lie too far apart.
    static func recordWarnings(_ ladder: Ladder, record: LadderRecord, config: Config, systemZone: TimeZoneRules, now: Instant) -> [String] {
        readinessWarnings(ladder, record: record, config: config, systemZone: systemZone, now: now).map(\.warning)
            + LadderShape.gapWarnings(ladder, record: record)
    }

    /// The thresholds in force for `ladder` (`[coaching]` with the ladder's own overrides),
    /// as `key = value` lines in the order the README lists them.
    static func thresholdLines(_ ladder: Ladder) -> [String] {
        CoachingSettings.integerKeys.map { "\($0.name) = \(ladder.coaching[keyPath: $0.keyPath])" }
            + ["own_attempt_within = \"\(ladder.coaching.ownAttemptWithin)\""]
    }

    /// The thresholds for programs: each key with its value, `own_attempt_within` as a time span.
    static func thresholdsJSON(_ ladder: Ladder) -> String {
        JSONText.object(
            CoachingSettings.integerKeys.map { ($0.name, "\(ladder.coaching[keyPath: $0.keyPath])") }
                + [("own_attempt_within", JSONText.string(ladder.coaching.ownAttemptWithin.description))])
    }
}

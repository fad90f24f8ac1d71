import RungCore
import RungStore
import RungTime

/// One ladder as `rungctl ladder` shows it: its rungs, where it stands, what was tried on
/// each rung, what Rung proposes and warns about, and every move, read from the config
/// and the store.
struct LadderReport {
    /// One rung with what the store holds about it.
    struct RungLine {
        var number: Int
        var rung: Rung
        /// Debriefs on the ladder's skill at this rung, newest first.
        var debriefs: [Debrief]
        var evidenceCount: Int
        /// The latest confidence rated for this rung: by a rating, a prediction or a debrief.
        var latestConfidence: Int?

        func count(_ outcome: Debrief.Outcome) -> Int { debriefs.count { $0.outcome == outcome } }
    }

    var ladder: Ladder
    /// nil: no move was ever recorded, so the ladder stands on rung 1.
    var position: LadderPosition?
    var rungs: [RungLine]
    /// Oldest first.
    var moves: [LadderMove]
    /// What the coaching rules read, and what they propose from it.
    var record: LadderRecord
    var proposal: LadderProposal
    /// Readiness for the ladder's high-stakes performances ahead, and rungs rated too far apart.
    var warnings: [String]

    var currentRung: Int { position?.rung ?? 1 }

    /// The report on `ladder` from `store` at `now`; with no store, one without attempts or moves.
    init(_ ladder: Ladder, config: CheckedConfig, store: Store?, now: Instant) throws {
        self.ladder = ladder
        let record = try store?.ladderRecord(ladder, config: config.config) ?? LadderRecord()
        self.record = record
        proposal = LadderProposal(ladder: ladder, record: record, now: now)
        warnings = CoachingText.recordWarnings(ladder, record: record, config: config.config, systemZone: config.systemZone, now: now)
        position = try store?.ladderPosition(ladder.id)
        moves = try store?.ladderHistory(ladder.id) ?? []
        // Evidence and debriefs are kept under the ladder's id, as `evidence add --skill` takes it.
        let evidence = try store?.evidence(skill: ladder.id) ?? []
        rungs = try ladder.rungs.enumerated().map { index, rung in
            let number = index + 1
            return RungLine(
                number: number, rung: rung, debriefs: try store?.debriefs(skill: ladder.id, rung: number) ?? [],
                evidenceCount: evidence.count { $0.rung == number }, latestConfidence: record.latestConfidence(for: number)?.confidence)
        }
    }

    /// For people: a heading with where the ladder stands, each rung (the current one
    /// marked `>`) with its attempts, the proposal, calibration and warnings, then the moves.
    var text: String {
        var text = "\(ladder.id): \(ladder.skill)\n"
        if let position {
            text += "  on rung \(position.rung) of \(ladder.rungs.count) since \(StoreAccess.localMinute(position.since))\n"
        } else {
            text += "  not started: on rung 1 of \(ladder.rungs.count) until its first move\n"
        }
        for line in rungs {
            let mark = line.number == currentRung ? ">" : " "
            text += "\(mark) \(line.number). \(line.rung.title) (\(line.rung.stakes.rawValue) stakes)\n"
            var facts = line.debriefs.isEmpty
                ? "no attempts"
                : "\(line.debriefs.count) attempt\(line.debriefs.count == 1 ? "" : "s"): \(line.count(.success)) success, \(line.count(.partial)) partial, \(line.count(.miss)) miss"
            if let confidence = line.latestConfidence { facts += "; latest confidence \(confidence)" }
            facts += "; \(line.evidenceCount) evidence"
            text += "     \(facts)\n"
        }
        for line in coachingLines { text += "  \(line)\n" }
        if moves.isEmpty {
            text += "  no moves yet\n"
        } else {
            text += "  moves:\n"
            for move in moves {
                let from = move.fromRung.map { "\($0) → " } ?? "at "
                text += "    \(StoreAccess.localMinute(move.movedAt))  \(move.kind.rawValue) \(from)\(move.toRung): \(move.reason)\n"
            }
        }
        return text
    }

    /// The proposal, the calibration line and each warning, one per line.
    var coachingLines: [String] {
        CoachingText.proposalLines(proposal, on: ladder)
            + [CoachingText.calibrationLine(record, settings: ladder.coaching)]
            + warnings.map { "Warning: \($0)" }
    }

    /// For people, `--explain`: the proposal, every fact it was computed from and the
    /// thresholds in force.
    var explanation: String {
        var text = "\(ladder.id): \(ladder.skill)\n"
        text += CoachingText.proposalLines(proposal, on: ladder).map { "  \($0)\n" }.joined()
        text += "  from these facts:\n" + proposal.facts.map { "    \($0)\n" }.joined()
        text += "  with these thresholds ([coaching], with [ladder.\(ladder.id)]'s own):\n"
        text += CoachingText.thresholdLines(ladder).map { "    \($0)\n" }.joined()
        text += warnings.map { "  Warning: \($0)\n" }.joined()
        return text
    }

    /// For programs: the ladder, its position (`current_rung`, `started`, `since`), its
    /// rungs, its moves in the shape of `rungctl export`'s `ladder_moves`, the proposal,
    /// calibration (null until there are enough predicted attempts) and the warnings;
    /// `thresholds` too when `explained`.
    func json(explained: Bool = false) -> String {
        JSONText.object([
            ("ladder", JSONText.string(ladder.id)),
            ("skill", JSONText.string(ladder.skill)),
            ("current_rung", "\(currentRung)"),
            ("started", position == nil ? "false" : "true"),
            ("since", position.map { JSONText.string(ExportText.timestamp($0.since)) } ?? "null"),
            ("rungs", JSONText.array(rungs.map { line in
                JSONText.object([
                    ("rung", "\(line.number)"),
                    ("title", JSONText.string(line.rung.title)),
                    ("stakes", JSONText.string(line.rung.stakes.rawValue)),
                    ("current", line.number == currentRung ? "true" : "false"),
                    ("attempts", "\(line.debriefs.count)"),
                    ("success", "\(line.count(.success))"),
                    ("partial", "\(line.count(.partial))"),
                    ("miss", "\(line.count(.miss))"),
                    ("latest_self_efficacy", line.latestConfidence.map { "\($0)" } ?? "null"),
                    ("evidence", "\(line.evidenceCount)"),
                ])
            })),
            ("moves", JSONText.array(moves.map(ExportText.jsonObject))),
            ("proposal", CoachingText.proposalJSON(proposal)),
            ("calibration", CoachingText.calibrationJSON(record, settings: ladder.coaching)),
            ("warnings", JSONText.array(warnings.map(JSONText.string))),
        ] + (explained ? [("thresholds", CoachingText.thresholdsJSON(ladder))] : []))
    }
}

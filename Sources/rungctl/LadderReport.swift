import RungCore
import RungStore

/// One ladder as `rungctl ladder` shows it: its rungs, where it stands, what was tried on
/// each rung and every move, read from the config and the store.
struct LadderReport {
    /// One rung with what the store holds about it.
    struct RungLine {
        var number: Int
        var rung: Rung
        /// Debriefs on the ladder's skill at this rung, newest first.
        var debriefs: [Debrief]
        var evidenceCount: Int

        func count(_ outcome: Debrief.Outcome) -> Int { debriefs.count { $0.outcome == outcome } }
        /// The self-efficacy of the newest debrief at this rung.
        var latestConfidence: Int? { debriefs.lazy.compactMap(\.selfEfficacy).first }
    }

    var ladder: Ladder
    /// nil: no move was ever recorded, so the ladder stands on rung 1.
    var position: LadderPosition?
    var rungs: [RungLine]
    /// Oldest first.
    var moves: [LadderMove]

    var currentRung: Int { position?.rung ?? 1 }

    /// The report on `ladder` from `store`; with no store, one without attempts or moves.
    init(_ ladder: Ladder, store: Store?) throws {
        self.ladder = ladder
        position = try store?.ladderPosition(ladder.id)
        moves = try store?.ladderHistory(ladder.id) ?? []
        // Evidence and debriefs are kept under the ladder's id, as `evidence add --skill` takes it.
        let evidence = try store?.evidence(skill: ladder.id) ?? []
        rungs = try ladder.rungs.enumerated().map { index, rung in
            let number = index + 1
            return RungLine(
                number: number, rung: rung, debriefs: try store?.debriefs(skill: ladder.id, rung: number) ?? [],
                evidenceCount: evidence.count { $0.rung == number })
        }
    }

    /// For people: a heading with where the ladder stands, each rung (the current one
    /// marked `>`) with its attempts, then the moves.
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

    /// For programs: the ladder, its position (`current_rung`, `started`, `since`), its
    /// rungs and its moves in the shape of `rungctl export`'s `ladder_moves`.
    var json: String {
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
        ])
    }
}

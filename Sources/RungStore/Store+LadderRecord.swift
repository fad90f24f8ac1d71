import GRDB
import RungCore
import RungTime

/// What the adaptive ladder rules read from the store: a ladder's position, its attempts
/// (debriefs with an outcome), every confidence rating about its rungs, and when the
/// person last watched a peer before one of its performances.
extension Store {
    /// The record of `ladder` under `config`, read in one snapshot. An attempt's stakes are
    /// its performance's (`Performance.stakes(atRung:of:)`: for one that follows its ladder
    /// without stakes of its own, the rung's; the rung's, too, when the config no longer
    /// names the performance); a
    /// prediction counts as a rating of the rung its performance was at when it was made.
    /// Attempts count toward the current rung from the move that brought the ladder there.
    public func ladderRecord(_ ladder: Ladder, config: Config) throws -> LadderRecord {
        let performances = Dictionary(config.performances.filter { $0.ladder == ladder.id }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try read("reading the record of ladder \(ladder.id)") { db in
            let position = try LadderPosition.fetchOne(db, key: ladder.id)
            let moves = try LadderMove.filter(Column("ladder") == ladder.id).order(Column("moved_at"), Column("id")).fetchAll(db)
            let debriefs = try Debrief.filter(Column("skill") == ladder.id).fetchAll(db)
            let predictions = try Prediction.filter(performances.keys.contains(Column("performance")) && Column("replaced_at") == nil).fetchAll(db)
            let standing = Dictionary(predictions.map { (PredictionKey(performance: $0.performance, start: $0.attemptStart), $0) }, uniquingKeysWith: { first, _ in first })
            /// The rung the ladder stood on at `instant`, from its moves.
            func rungAt(_ instant: Instant) -> Int { moves.last { $0.movedAt <= instant }?.toRung ?? 1 }
            func rung(of performance: Performance, at instant: Instant) -> Int? {
                performance.followsLadder ? rungAt(instant) : performance.rung.map { $0 + 1 }
            }

            var attempts: [LadderRecord.Attempt] = debriefs.map { debrief in
                let performance = performances[debrief.performance]
                let rungStakes = debrief.rung.flatMap { ladder.rungs.indices.contains($0 - 1) ? ladder.rungs[$0 - 1].stakes : nil }
                let predicted = debrief.attemptStart.flatMap { standing[PredictionKey(performance: debrief.performance, start: $0)]?.selfEfficacy }
                return LadderRecord.Attempt(
                    rung: debrief.rung, outcome: LadderRecord.Outcome(debrief.outcome), stakes: performance?.stakes(atRung: debrief.rung, of: ladder) ?? rungStakes ?? .medium,
                    fearedHappened: debrief.fearedHappened, distress: debrief.distress, aids: debrief.aids, predicted: predicted,
                    at: debrief.attemptStart ?? debrief.recordedAt)
            }
            attempts.sort { $0.at < $1.at }

            var ratings: [LadderRecord.Rating] = []
            for debrief in debriefs {
                guard let rung = debrief.rung, let confidence = debrief.selfEfficacy else { continue }
                ratings.append(LadderRecord.Rating(rung: rung, confidence: confidence, at: debrief.completedAt ?? debrief.recordedAt))
            }
            for prediction in predictions {
                guard let performance = performances[prediction.performance], let rung = rung(of: performance, at: prediction.recordedAt) else { continue }
                ratings.append(LadderRecord.Rating(rung: rung, confidence: prediction.selfEfficacy, at: prediction.recordedAt))
            }
            for rating in try RungRating.filter(Column("ladder") == ladder.id).fetchAll(db) {
                ratings.append(LadderRecord.Rating(rung: rating.rung, confidence: rating.selfEfficacy, at: rating.recordedAt))
            }
            ratings.sort { $0.at < $1.at }

            let subjects = performances.keys.map { PlanSubject.performance($0).description }
            let watched = try Instant.fetchOne(db, sql: """
                SELECT max(response.answered_at) FROM response JOIN occurrence ON occurrence.id = response.occurrence_id
                WHERE occurrence.kind = 'vicarious' AND response.answer = ? AND response.replaced_at IS NULL
                  AND occurrence.subject IN (\(subjects.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments([PromptText.watchedAction.id] + subjects))

            // The stay on the current rung began with the last move that changed the rung; a
            // ladder that only started and held has been on rung 1 all along.
            let arrival = moves.last { $0.kind == .climb || $0.kind == .stepBack }
            return LadderRecord(
                currentRung: position?.rung ?? 1, since: arrival?.movedAt, arrivedBySteppingBack: arrival?.kind == .stepBack,
                attempts: attempts, ratings: ratings, lastWatched: watched)
        }
    }
}

/// One attempt of a performance, as predictions name it.
private struct PredictionKey: Hashable {
    var performance: String
    var start: Instant
}

extension LadderRecord.Outcome {
    init(_ outcome: Debrief.Outcome) {
        self = switch outcome {
        case .success: .success
        case .partial: .partial
        case .miss: .miss
        }
    }
}

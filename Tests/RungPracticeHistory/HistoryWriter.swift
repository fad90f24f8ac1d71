import Foundation
import GRDB
import RungStore

/// Writes a history's rows into a new store: created and migrated by `Store` itself, then
/// filled in one transaction with prepared statements, each table in order of time.
enum HistoryWriter {
    static func write(_ given: HistoryRows, to path: String) throws -> PracticeHistory.Summary {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw PracticeHistory.StoreExists(path: path)
        }
        // Creating the store migrates it; it is closed again before the rows go in.
        _ = try Store(path: path)
        var rows = given
        // Debriefs are numbered in order of time; evidence names them by that number.
        let debriefOrder = rows.debriefs.indices.sorted { (rows.debriefs[$0].recorded, $0) < (rows.debriefs[$1].recorded, $1) }
        var debriefID = [Int](repeating: 0, count: rows.debriefs.count)
        for (number, index) in debriefOrder.enumerated() { debriefID[index] = number + 1 }
        rows.debriefs = debriefOrder.map { rows.debriefs[$0] }
        rows.occurrences.sort { ($0.due, $0.id) < ($1.due, $1.id) }
        rows.deliveries = stableSorted(rows.deliveries) { $0.started }
        rows.responses = stableSorted(rows.responses) { $0.answered }
        rows.snoozes = stableSorted(rows.snoozes) { $0.snoozed }
        rows.predictions = stableSorted(rows.predictions) { $0.recorded }
        rows.evidence = stableSorted(rows.evidence) { $0.recorded }
        rows.moves = stableSorted(rows.moves) { $0.moved }
        rows.ratings = stableSorted(rows.ratings) { $0.recorded }

        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // A new file nobody reads yet: there is nothing to lose in a crash.
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try insert(db, "occurrence (id, kind, subject, state, due_at, delivered_at, updated_at, schedule, scheduled_at, expires_at, performance_start, reason)", rows.occurrences) {
                [$0.id, $0.kind, $0.subject, $0.state, $0.due, $0.delivered, $0.updated, $0.schedule, $0.scheduled, $0.expires, $0.performanceStart, $0.reason]
            }
            try insert(db, "delivery (id, occurrence_id, channel, started_at, ended_at, outcome, error, purpose, dismissed_at)", rows.deliveries, numbered: true) {
                [$0.occurrence, $0.channel, $0.started, $0.ended, $0.outcome, $0.error, $0.purpose, $0.dismissed]
            }
            try insert(db, "response (id, occurrence_id, answer, via, channel, answered_at, note, replaced_at, rating)", rows.responses, numbered: true) {
                [$0.occurrence, $0.answer, $0.via, $0.channel, $0.answered, $0.note, $0.replaced, $0.rating]
            }
            try insert(db, "snooze (id, occurrence_id, snoozed_at, ends_at)", rows.snoozes, numbered: true) {
                [$0.occurrence, $0.snoozed, $0.ends]
            }
            try insert(db, """
                debrief (id, occurrence_id, performance, skill, rung, attempt_start, outcome, planned, happened, why, keep, change,
                    self_efficacy, feared_happened, distress, aids, recorded_at, completed_at)
                """, rows.debriefs, numbered: true) {
                [$0.occurrence, $0.performance, $0.skill, $0.rung, $0.attemptStart, $0.outcome, $0.planned, $0.happened, $0.why, $0.keep, $0.change,
                 $0.selfEfficacy, $0.fearedHappened, $0.distress, $0.aids, $0.recorded, $0.completed]
            }
            try insert(db, "prediction (id, performance, attempt_start, self_efficacy, fear, recorded_at)", rows.predictions, numbered: true) {
                [$0.performance, $0.attemptStart, $0.selfEfficacy, $0.fear, $0.recorded]
            }
            try insert(db, """
                evidence (id, skill, rung, what, detail, source, given_by, debrief_id, observed, feared, feared_happened, aids,
                    happened_at, recorded_at, performance, praise_only)
                """, rows.evidence, numbered: true) {
                [$0.skill, $0.rung, $0.what, $0.detail, $0.source, $0.givenBy, $0.debrief.map { debriefID[$0] }, $0.observed, $0.feared,
                 $0.fearedHappened, $0.aids, $0.happened, $0.recorded, $0.performance, $0.praiseOnly]
            }
            try insert(db, "ladder_move (id, ladder, move, from_rung, to_rung, reason, moved_at)", rows.moves, numbered: true) {
                [$0.ladder, $0.move, $0.from, $0.to, $0.reason, $0.moved]
            }
            try insert(db, "ladder_position (ladder, rung, since)", rows.positions) { [$0.ladder, $0.rung, $0.since] }
            try insert(db, "rung_rating (id, ladder, rung, self_efficacy, recorded_at)", rows.ratings, numbered: true) {
                [$0.ladder, $0.rung, $0.selfEfficacy, $0.recorded]
            }
            try insert(db, "pause (id, subject, starts_at, ends_at, resumed_at, reason)", rows.pauses, numbered: true) {
                [$0.subject, $0.starts, $0.ends, $0.resumed, $0.reason]
            }
        }
        try queue.close()

        var summary = PracticeHistory.Summary()
        summary.occurrences = rows.occurrences.count
        summary.deliveries = rows.deliveries.count
        summary.attempts = rows.attempts
        summary.answers = rows.responses.count
        summary.debriefs = rows.debriefs.count
        summary.predictions = rows.predictions.count
        summary.evidence = rows.evidence.count
        summary.ladderMoves = rows.moves.count
        summary.rungRatings = rows.ratings.count
        summary.pauses = rows.pauses.count
        summary.snoozes = rows.snoozes.count
        return summary
    }

    /// Inserts `rows` into `table` (its name and columns) with one prepared statement; a
    /// `numbered` table gets ids from 1 in the rows' order, as the first column.
    private static func insert<Row>(
        _ db: Database, _ table: String, _ rows: [Row], numbered: Bool = false, values: (Row) -> [(any DatabaseValueConvertible)?]
    ) throws {
        let columns = table.split(separator: "(", maxSplits: 1)[1].split(separator: ",").count
        let statement = try db.makeStatement(sql: "INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: columns).joined(separator: ", ")))")
        for (index, row) in rows.enumerated() {
            let given = values(row)
            let arguments = numbered ? [index + 1] + given : given
            statement.setUncheckedArguments(StatementArguments(arguments))
            try statement.execute()
        }
    }

    private static func stableSorted<Row>(_ rows: [Row], by key: (Row) -> Int64) -> [Row] {
        rows.indices.sorted { (key(rows[$0]), $0) < (key(rows[$1]), $1) }.map { rows[$0] }
    }
}

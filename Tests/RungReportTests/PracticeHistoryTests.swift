import Foundation
import GRDB
import RungCore
import RungPracticeHistory
import RungStore
import RungTestSupport
import RungTime
import Testing

/// The generated practice history the report is tested and measured on: deterministic,
/// the size it was asked for, readable by the store's own readers, and consistent the way
/// a person's real record is.
@Suite("Practice history")
struct PracticeHistoryTests {
    /// 2026-12-07 18:00 UTC.
    static let end = Instant(seconds: 1_796_666_400)

    /// A history of `size` written into a new store in `directory`, and its config.
    static func written(_ size: PracticeHistory.Size, in directory: TemporaryDirectory, seed: UInt64 = PracticeHistory.seed, name: String = "rung.sqlite3")
        throws -> (path: String, summary: PracticeHistory.Summary, config: Config) {
        let path = directory.file(name)
        let summary = try PracticeHistory.write(to: path, size: size, seed: seed, end: end)
        let config = try ConfigLoader.load(PracticeHistory.configText(end: end), path: "rung.toml", now: end)
        return (path, summary, config)
    }

    /// Every row of every table, as text, in order.
    static func dump(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'evidence_text%' ORDER BY name")
            return try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { "\(table) \($0)" }
            }
        }
    }

    static func count(_ path: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test("the same seed and end write the same rows; another seed writes others")
    func deterministic() throws {
        let directory = try TemporaryDirectory()
        let first = try Self.written(.oneYear, in: directory, name: "first.sqlite3")
        let second = try Self.written(.oneYear, in: directory, name: "second.sqlite3")
        let other = try Self.written(.oneYear, in: directory, seed: 7, name: "other.sqlite3")
        let rows = try Self.dump(first.path)
        #expect(rows.count > 5_000)
        #expect(rows == (try Self.dump(second.path)))
        #expect(rows != (try Self.dump(other.path)))
        #expect(PracticeHistory.configText(end: Self.end) == PracticeHistory.configText(end: Self.end))
    }

    @Test("the store holds exactly the attempts, answers and evidence of the size", arguments: [PracticeHistory.Size.oneYear, .oneEntry])
    func counts(size: PracticeHistory.Size) throws {
        let directory = try TemporaryDirectory()
        let (path, summary, _) = try Self.written(size, in: directory)
        #expect(summary.attempts == size.performances)
        #expect(summary.answers == size.answers)
        #expect(summary.evidence == size.evidence)
        #expect(try Self.count(path, "SELECT count(*) FROM response") == size.answers)
        #expect(try Self.count(path, "SELECT count(*) FROM evidence") == size.evidence)
        #expect(try Self.count(path, "SELECT count(*) FROM occurrence") == summary.occurrences)
        #expect(try Self.count(path, "SELECT count(*) FROM debrief") == summary.debriefs)
        #expect(summary.debriefs <= size.performances)
        if size == .oneEntry {
            #expect(summary.debriefs == 1)
            #expect(try Self.count(path, "SELECT count(*) FROM evidence WHERE source = 'debrief'") == 1)
        } else {
            #expect(summary.debriefs >= size.performances * 8 / 10)
            #expect(summary.ladderMoves > 10)
            #expect(summary.pauses > 0)
            #expect(summary.snoozes > 0)
            #expect(try Self.count(path, "SELECT count(*) FROM ladder_move WHERE move = 'climb'") > 0)
            #expect(try Self.count(path, "SELECT count(DISTINCT source) FROM evidence") == 3)
            #expect(try Self.count(path, "SELECT count(DISTINCT state) FROM occurrence") == 5)
            #expect(try Self.count(path, "SELECT count(*) FROM delivery WHERE purpose = 'retry'") > 0)
        }
    }

    @Test("the config loads without errors and names every ladder and performance the store does")
    func configMatchesStore() throws {
        let directory = try TemporaryDirectory()
        let (path, _, config) = try Self.written(.oneYear, in: directory)
        let check = ConfigLoader.check(PracticeHistory.configText(end: Self.end), path: "rung.toml", now: Self.end)
        #expect(check.errors.isEmpty, "\(check.errors)")
        #expect(config.ladders.count == 3)
        #expect(config.ladders.allSatisfy { (6...8).contains($0.rungs.count) })
        let keynote = try #require(config.performances.first { $0.id == "keynote" })
        #expect(keynote.rung == 6)
        let queue = try DatabaseQueue(path: path)
        let (skills, performances, subjects) = try queue.read { db in
            (Set(try String.fetchAll(db, sql: "SELECT skill FROM debrief UNION SELECT skill FROM evidence UNION SELECT ladder FROM ladder_move")),
             Set(try String.fetchAll(db, sql: "SELECT performance FROM debrief UNION SELECT performance FROM prediction")),
             Set(try String.fetchAll(db, sql: "SELECT DISTINCT subject FROM occurrence")))
        }
        #expect(skills == Set(config.ladders.map(\.id)))
        #expect(performances.isSubset(of: Set(config.performances.map(\.id))))
        for subject in subjects {
            switch PlanSubject(parsing: subject) {
            case .performance(let id)?: #expect(config.performances.contains { $0.id == id }, "\(subject)")
            case .ladder(let id)?: #expect(config.ladder(id) != nil, "\(subject)")
            case nil: Issue.record("\(subject) is no subject")
            }
        }
    }

    @Test("the store's own readers accept it: the ladder record, export and the integrity check")
    func storeReaders() throws {
        let directory = try TemporaryDirectory()
        let (path, summary, config) = try Self.written(.oneYear, in: directory)
        let store = try Store(path: path, access: .readOnly)
        #expect(try store.integrityCheck() == ["ok"])
        var attempts = 0
        for ladder in config.ladders {
            let record = try store.ladderRecord(ladder, config: config)
            let position = try Self.count(path, "SELECT rung FROM ladder_position WHERE ladder = '\(ladder.id)'")
            #expect(record.currentRung == position)
            attempts += record.attempts.count
            #expect(record.attempts.contains { $0.predicted != nil })
        }
        #expect(attempts == summary.debriefs)
        var json = ""
        let counts = try store.exportJSON(since: nil, exportedAt: Self.end) { json += $0 }
        #expect(json.contains("\"evidence\""))
        #expect(!counts.isEmpty)
    }

    @Test("the record is consistent: predictions before their attempts, answers after their prompts, positions after their moves")
    func invariants() throws {
        let directory = try TemporaryDirectory()
        let (path, _, _) = try Self.written(.oneYear, in: directory)
        let end = Self.end.microseconds
        let violations: [(String, String)] = [
            ("foreign keys", "SELECT count(*) FROM pragma_foreign_key_check"),
            ("answer before its prompt was due", "SELECT count(*) FROM response JOIN occurrence ON occurrence.id = response.occurrence_id WHERE answered_at < due_at"),
            ("prediction after its attempt began", "SELECT count(*) FROM prediction WHERE recorded_at >= attempt_start"),
            ("two debriefs of one attempt", "SELECT count(*) FROM (SELECT 1 FROM debrief GROUP BY performance, attempt_start HAVING count(*) > 1)"),
            ("debrief before its attempt", "SELECT count(*) FROM debrief WHERE recorded_at < attempt_start"),
            ("debrief of another prompt's performance", "SELECT count(*) FROM debrief JOIN occurrence ON occurrence.id = debrief.occurrence_id WHERE occurrence.subject <> 'performance:' || debrief.performance OR occurrence.kind <> 'debrief' OR occurrence.state <> 'answered'"),
            ("evidence of another skill than its debrief", "SELECT count(*) FROM evidence JOIN debrief ON debrief.id = evidence.debrief_id WHERE evidence.skill <> debrief.skill"),
            ("position not where the last move led", """
                SELECT count(*) FROM ladder_position WHERE rung <> (
                    SELECT to_rung FROM ladder_move WHERE ladder_move.ladder = ladder_position.ladder ORDER BY moved_at DESC, id DESC LIMIT 1)
                """),
            ("a move that does not start where the last one ended", """
                SELECT count(*) FROM ladder_move AS move WHERE move.move <> 'start' AND move.from_rung <> (
                    SELECT to_rung FROM ladder_move AS before WHERE before.ladder = move.ladder AND before.id < move.id ORDER BY before.id DESC LIMIT 1)
                """),
            ("more than one standing answer", "SELECT count(*) FROM (SELECT 1 FROM response WHERE replaced_at IS NULL GROUP BY occurrence_id HAVING count(*) > 1)"),
            ("an answered prompt without an answer", "SELECT count(*) FROM occurrence WHERE state = 'answered' AND id NOT IN (SELECT occurrence_id FROM response)"),
            ("anything after the end", "SELECT count(*) FROM response WHERE answered_at >= \(end) OR coalesce(replaced_at, 0) >= \(end)"),
            ("evidence after the end", "SELECT count(*) FROM evidence WHERE recorded_at >= \(end) OR happened_at > recorded_at"),
        ]
        for (violation, sql) in violations {
            #expect(try Self.count(path, sql) == 0, "\(violation)")
        }
        let ids = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT id, schedule, scheduled_at FROM occurrence").map { row in
                (row["id"] as String, OccurrenceID(schedule: row["schedule"], instant: Instant(microseconds: row["scheduled_at"])).rawValue)
            }
        }
        #expect(ids.allSatisfy { $0.0 == $0.1 })
    }

    @Test("predictions fall about 15 points under the outcomes: the person under-predicts")
    func underPredicts() throws {
        let directory = try TemporaryDirectory()
        let (path, _, _) = try Self.written(.oneYear, in: directory)
        let (predicted, succeeded) = try DatabaseQueue(path: path).read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT avg(prediction.self_efficacy) AS predicted, 100.0 * avg(debrief.outcome = 'success') AS succeeded
                FROM prediction JOIN debrief ON debrief.performance = prediction.performance AND debrief.attempt_start = prediction.attempt_start
                """)!
            return (row["predicted"] as Double, row["succeeded"] as Double)
        }
        #expect((5...25).contains(succeeded - predicted), "predicted \(predicted), succeeded \(succeeded)")
    }
}

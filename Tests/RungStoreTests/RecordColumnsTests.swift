import GRDB
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

/// The records' coding against the schema: every property reaches its column and comes back,
/// enums are stored as the raw strings the CHECK constraints list, instants as INTEGER
/// microseconds, and an emptied property empties its column.
@Suite("Records and their columns")
struct RecordColumnsTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    /// Inserts `record` and reads its row back by rowid.
    private func roundTrip<Record: FetchableRecord & MutablePersistableRecord & Equatable>(
        _ record: Record, _ db: Database
    ) throws -> (written: Record, read: Record?) {
        var written = record
        try written.insert(db)
        let read = try Record.fetchOne(db, sql: "SELECT * FROM \(Record.databaseTableName) WHERE rowid = ?", arguments: [db.lastInsertedRowID])
        return (written, read)
    }

    private func occurrence(_ id: String, kind: PromptKind = .checkIn) -> OccurrenceRecord {
        OccurrenceRecord(id: id, kind: kind, subject: "ladder:talks", dueAt: at(0), updatedAt: at(-1))
    }

    @Test("every record reads back as it was written, its optional properties filled and empty")
    func roundTrips() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.pool.write { db in
            let full = OccurrenceRecord(
                id: "full", kind: .checkIn, subject: "ladder:talks", state: .snoozed, dueAt: at(5), deliveredAt: at(1),
                updatedAt: at(2), schedule: "ladder:talks/check_in", scheduledAt: at(0), expiresAt: at(60),
                performanceStart: at(-10), follows: "debrief-1", reason: "snoozed twice")
            for record in [full, occurrence("bare")] {
                let (written, read) = try roundTrip(record, db)
                #expect(read == written)
            }

            let deliveries = [
                Delivery(id: nil, occurrenceID: "full", channel: "email", purpose: .escalation, startedAt: at(3), endedAt: at(4),
                         outcome: .timedOut, error: "sendmail took too long", dismissedAt: at(6)),
                Delivery(occurrenceID: "bare", channel: "desktop", purpose: .first, startedAt: at(3)),
            ]
            for record in deliveries {
                let (written, read) = try roundTrip(record, db)
                #expect(written.id != nil)
                #expect(read == written)
            }

            let responses = [
                Response(occurrenceID: "full", answer: "done", note: "went well", via: .hook, channel: "command",
                         answeredAt: at(7), rating: 7, replacedAt: at(8)),
                Response(occurrenceID: "bare", answer: "done", via: .cli, answeredAt: at(7)),
            ]
            for record in responses {
                let (written, read) = try roundTrip(record, db)
                #expect(read == written)
            }

            let debriefs = [
                Debrief(occurrenceID: "full", performance: "standup", skill: "public-speaking", rung: 2, outcome: .partial,
                        whatWorked: "the opening", keep: "notes", change: "pace", selfEfficacy: 70, fearedHappened: false,
                        distress: 40, recordedAt: at(9)),
                Debrief(performance: "standup", skill: "public-speaking", outcome: .miss, selfEfficacy: 0, recordedAt: at(9)),
            ]
            for record in debriefs {
                let (written, read) = try roundTrip(record, db)
                #expect(read == written)
            }

            let moves = [
                LadderMove(id: nil, ladder: "talks", kind: .stepBack, fromRung: 3, toRung: 2, reason: "two misses", movedAt: at(10)),
                LadderMove(id: nil, ladder: "talks", kind: .start, fromRung: nil, toRung: 1, reason: "", movedAt: at(10)),
            ]
            for record in moves {
                let (written, read) = try roundTrip(record, db)
                #expect(read == written)
            }
            let position = LadderPosition(ladder: "talks", rung: 2, since: at(10))
            #expect(try roundTrip(position, db).read == position)

            let pauses = [
                Pause(id: nil, subject: "ladder:talks", startsAt: at(0), endsAt: at(60), resumedAt: at(30), reason: "ill"),
                Pause(id: nil, subject: nil, startsAt: at(0), endsAt: at(60), resumedAt: nil, reason: ""),
            ]
            for record in pauses {
                let (written, read) = try roundTrip(record, db)
                #expect(read == written)
            }
            let (snooze, readSnooze) = try roundTrip(Snooze(id: nil, occurrenceID: "full", snoozedAt: at(2), endsAt: at(5)), db)
            #expect(readSnooze == snooze)
            let (snoozeAll, readSnoozeAll) = try roundTrip(SnoozeAll(id: nil, snoozedAt: at(2), endsAt: at(50)), db)
            #expect(readSnoozeAll == snoozeAll)
        }
    }

    @Test("enums are stored as the raw strings the schema lists, instants as integer microseconds")
    func storedValues() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.pool.write { db in
            var record = occurrence("line")
            record.state = .delivered
            try record.insert(db)
            var delivery = Delivery(
                id: nil, occurrenceID: "line", channel: "email", purpose: .escalation, startedAt: at(1), endedAt: at(2),
                outcome: .timedOut, error: nil, dismissedAt: nil)
            try delivery.insert(db)
            var move = LadderMove(id: nil, ladder: "talks", kind: .stepBack, fromRung: 2, toRung: 1, reason: "", movedAt: at(3))
            try move.insert(db)
            var debrief = Debrief(performance: "standup", skill: "talks", outcome: .partial, selfEfficacy: 50, fearedHappened: false, recordedAt: at(4))
            try debrief.insert(db)

            let line = try #require(try Row.fetchOne(db, sql: "SELECT kind, state, due_at, typeof(due_at) AS type FROM occurrence"))
            #expect(line["kind"] == "check_in")
            #expect(line["state"] == "delivered")
            #expect(line["due_at"] == at(0).microseconds)
            #expect(line["type"] == "integer")
            let attempt = try #require(try Row.fetchOne(db, sql: "SELECT purpose, outcome FROM delivery"))
            #expect(attempt["purpose"] == "escalation")
            #expect(attempt["outcome"] == "timed_out")
            #expect(try String.fetchOne(db, sql: "SELECT move FROM ladder_move") == "step_back")
            let answers = try #require(try Row.fetchOne(db, sql: "SELECT outcome, feared_happened, typeof(feared_happened) AS type FROM debrief"))
            #expect(answers["outcome"] == "partial")
            #expect(answers["feared_happened"] == 0)
            #expect(answers["type"] == "integer")
        }
    }

    @Test("emptying an optional property empties its column when the record is updated")
    func emptiedColumns() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.pool.write { db in
            var record = occurrence("line")
            record.reason = "held by a pause"
            record.deliveredAt = at(1)
            try record.insert(db)
            record.reason = nil
            record.deliveredAt = nil
            try record.update(db)
            let emptied = try #require(try Row.fetchOne(db, sql: "SELECT reason, delivered_at FROM occurrence"))
            #expect(emptied.hasNull(atIndex: 0))
            #expect(emptied.hasNull(atIndex: 1))

            var pause = Pause(id: nil, subject: "ladder:talks", startsAt: at(0), endsAt: at(60), resumedAt: at(30), reason: "")
            try pause.insert(db)
            pause.resumedAt = nil
            pause.subject = nil
            try pause.update(db)
            #expect(try Pause.fetchOne(db, key: pause.id) == pause)
            #expect(try Bool.fetchOne(db, sql: "SELECT resumed_at IS NULL AND subject IS NULL FROM pause") == true)
        }
    }
}

import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// What a check-in's weekly review counts from: the previous check-in and the evidence since.
@Suite("Store reads for the weekly review")
struct StoreReviewTests {
    private func at(days: Int64) -> Instant { testInstant.adding(microseconds: days * 86_400_000_000) }

    private func checkIn(_ id: String, ladder: String = "talks", days: Int64, state: OccurrenceRecord.State = .planned) -> OccurrenceRecord {
        OccurrenceRecord(id: id, kind: .checkIn, subject: "ladder:\(ladder)", state: state, dueAt: at(days: days), updatedAt: at(days: days))
    }

    @Test("the previous check-in is the latest one of the same ladder due before, whatever its state; none before the first")
    func previousCheckIn() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(try store.previousCheckIn(of: "talks", before: at(days: 14), excluding: "c3") == nil)
        #expect(try store.recordPlanned(checkIn("c1", days: 0, state: .answered)))
        #expect(try store.recordPlanned(checkIn("c2", days: 7, state: .missed)))
        #expect(try store.recordPlanned(checkIn("c3", days: 14)))
        #expect(try store.recordPlanned(checkIn("o1", ladder: "chats", days: 10)))
        #expect(try store.recordPlanned(OccurrenceRecord(id: "r1", kind: .reframe, subject: "ladder:talks", dueAt: at(days: 12), updatedAt: at(days: 12))))
        #expect(try store.previousCheckIn(of: "talks", before: at(days: 14), excluding: "c3") == at(days: 7))
        #expect(try store.previousCheckIn(of: "talks", before: at(days: 7), excluding: "c2") == at(days: 0))
        #expect(try store.previousCheckIn(of: "talks", before: at(days: 0), excluding: "c1") == nil)
        #expect(try store.previousCheckIn(of: "chats", before: at(days: 10), excluding: "o1") == nil)
    }

    @Test("new evidence is what was logged on the skill after the instant, even about something earlier; all of it without one")
    func evidenceCount() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.addEvidence(Evidence(skill: "talks", what: "told a friend the whole talk", happenedAt: at(days: 1), recordedAt: at(days: 1)))
        try store.addEvidence(Evidence(skill: "talks", what: "answered two questions", happenedAt: at(days: 2), recordedAt: at(days: 9)))
        try store.addEvidence(Evidence(skill: "talks", what: "kept to time", happenedAt: at(days: 10), recordedAt: at(days: 10)))
        try store.addEvidence(Evidence(skill: "chats", what: "asked one question back", happenedAt: at(days: 10), recordedAt: at(days: 10)))
        #expect(try store.evidenceCount(skill: "talks", recordedAfter: at(days: 7)) == 2)
        #expect(try store.evidenceCount(skill: "talks", recordedAfter: nil) == 3)
        #expect(try store.evidenceCount(skill: "talks", recordedAfter: at(days: 10)) == 0)
    }
}

/// The store's generation, what rungd's cache of ladder records is keyed by.
@Suite("The store's generation")
struct StoreGenerationTests {
    @Test("the generation stays while nothing is written, and moves with a write of this store or of another process's")
    func generationMoves() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let store = try Store(path: path)
        let first = try store.generation()
        _ = try store.evidenceCount(skill: "talks", recordedAfter: nil)
        #expect(try store.generation() == first)
        try store.addEvidence(Evidence(skill: "talks", what: "told a friend the whole talk", happenedAt: testInstant, recordedAt: testInstant))
        let second = try store.generation()
        #expect(second != first)
        let other = try Store(path: path)
        try other.rateRung(RungRating(ladder: "talks", rung: 2, selfEfficacy: 70, recordedAt: testInstant))
        let third = try store.generation()
        #expect(third != second)
        #expect(try store.generation() == third)
    }
}

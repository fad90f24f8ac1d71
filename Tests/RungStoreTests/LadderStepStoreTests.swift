import Foundation
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Ladder moves in the store")
struct LadderStepStoreTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    static let config = Config(ladders: [Ladder(id: "talks", skill: "giving a talk", rungs: [
        Rung(title: "Friend", stakes: .low), Rung(title: "Stand-up", stakes: .low), Rung(title: "Demo", stakes: .medium),
    ])])

    @Test("a ladder never started starts on rung 1 in the same transaction as its first move")
    func startsWithTheMove() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let ladder = try #require(Self.config.ladder("talks"))
        let moves = try store.stepLadder("talks", at: at(1)) { (.climb, try LadderStep.climb.target(on: ladder, from: $0), "by hand") }
        #expect(moves.map(\.kind) == [.start, .climb])
        #expect(moves.map(\.toRung) == [1, 2])
        #expect(try store.ladderPosition("talks") == LadderPosition(ladder: "talks", rung: 2, since: at(1)))
        try store.stepLadder("talks", at: at(2)) { (.hold, $0, "one miss") }
        let history = try store.ladderHistory("talks")
        #expect(history.map(\.kind) == [.start, .climb, .hold])
        #expect(history.map(\.fromRung) == [nil, 1, 2])
        #expect(history.last?.reason == "one miss")
        #expect(try store.ladderPosition("talks")?.since == at(1), "a hold keeps the time the rung was reached")
    }

    @Test("a refused move writes nothing, not even the start")
    func refusalWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let ladder = try #require(Self.config.ladder("talks"))
        #expect(throws: LadderStep.Refusal.self) {
            try store.stepLadder("talks", at: at(1)) { (.stepBack, try LadderStep.stepBack.target(on: ladder, from: $0), "r") }
        }
        #expect(try store.ladderPosition("talks") == nil)
        #expect(try store.ladderHistory("talks").isEmpty)
    }

    @Test("a check-in answered climb moves its ladder with the answer; at the top it holds")
    func checkInAnswerMoves() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        for (index, id) in ["c1", "c2", "c3", "c4"].enumerated() {
            try store.recordPlanned(OccurrenceRecord(id: id, kind: .checkIn, subject: "ladder:talks", dueAt: at(Int64(index)), updatedAt: at(-1)))
        }
        _ = try store.answer("c1", with: "climb", via: .button, channel: "desktop", at: at(10), planned: { nil }, config: Self.config)
        #expect(try store.ladderPosition("talks")?.rung == 2)
        _ = try store.answer("c2", with: "climb", via: .cli, at: at(11), planned: { nil }, config: Self.config)
        _ = try store.answer("c3", with: "climb", via: .cli, at: at(12), planned: { nil }, config: Self.config)
        _ = try store.answer("c4", with: "step_back", via: .cli, at: at(13), planned: { nil }, config: Self.config)
        let history = try store.ladderHistory("talks")
        #expect(history.map(\.kind) == [.start, .climb, .climb, .hold, .stepBack])
        #expect(history.map(\.toRung) == [1, 2, 3, 3, 2])
        #expect(history.map(\.reason).dropFirst() == ["answered the check-in", "answered the check-in", "answered climb at the top rung", "answered the check-in"])
        let response = try store.standingResponse(to: "c1")
        #expect(history[1].movedAt == at(10) && response?.answeredAt == at(10), "the move is recorded with the answer")
    }

    @Test("a refused second answer, a note alone, or an answer without a config moves nothing")
    func refusedAnswerMovesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(OccurrenceRecord(id: "c1", kind: .checkIn, subject: "ladder:talks", dueAt: at(0), updatedAt: at(-1)))
        try store.recordPlanned(OccurrenceRecord(id: "c2", kind: .checkIn, subject: "ladder:talks", dueAt: at(0), updatedAt: at(-1)))
        try store.recordPlanned(OccurrenceRecord(id: "c3", kind: .checkIn, subject: "ladder:talks", dueAt: at(0), updatedAt: at(-1)))
        _ = try store.answer("c1", with: "hold", via: .cli, at: at(1), planned: { nil }, config: Self.config)
        #expect(throws: Store.AnswerRefused.self) {
            _ = try store.answer("c1", with: "climb", via: .button, at: at(2), planned: { nil }, config: Self.config)
        }
        _ = try store.answer("c2", with: nil, note: "felt steady", via: .cli, at: at(3), planned: { nil }, config: Self.config)
        _ = try store.answer("c3", with: "climb", via: .cli, at: at(4), planned: { nil })
        #expect(try store.ladderHistory("talks").map(\.kind) == [.start, .hold])
        #expect(try store.ladderPosition("talks")?.rung == 1)
    }
}

import Foundation
import RungCore
import RungTestSupport
import RungTime
import Testing
@testable import RungStore

/// The ladder's record as the store gathers it for the proposal.
@Suite("The ladder's record from the store")
struct LadderRecordStoreTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    private var config: Config {
        Config(ladders: [Ladder(id: "talks", skill: "talks", rungs: [
            Rung(title: "a", stakes: .low), Rung(title: "b", stakes: .low), Rung(title: "c", stakes: .medium),
        ])], performances: [
            Performance(id: "standup", title: "Stand-up", ladder: "talks", followsLadder: true, stakes: .low, schedule: .instant(at(100))),
            Performance(id: "demo", title: "Demo", ladder: "talks", rung: 2, stakes: .medium, schedule: .instant(at(200))),
            Performance(id: "chat", title: "Chat", ladder: "talks", followsLadder: true, stakesFollowRung: true, schedule: .instant(at(300))),
        ])
    }

    @Test("attempts carry their performance's stakes and prediction; ratings come from predictions, debriefs and rung ratings")
    func record() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let config = config
        let ladder = try #require(config.ladder("talks"))
        #expect(try store.ladderRecord(ladder, config: config) == LadderRecord())

        _ = try store.predict(Prediction(performance: "demo", attemptStart: at(50), selfEfficacy: 40, recordedAt: at(10)))
        try store.recordDebrief(Debrief(
            performance: "demo", skill: "talks", rung: 3, attemptStart: at(50), outcome: .success, selfEfficacy: 70,
            fearedHappened: false, distress: 30, aids: "notes", recordedAt: at(60), completedAt: at(61)))
        try store.recordDebrief(Debrief(performance: "gone", skill: "talks", rung: 1, outcome: .miss, selfEfficacy: 30, recordedAt: at(20)))
        try store.rateRung(RungRating(ladder: "talks", rung: 2, selfEfficacy: 65, recordedAt: at(70)))
        try store.stepLadder("talks", at: at(80)) { _ in (.climb, 2, "test") }

        let record = try store.ladderRecord(ladder, config: config)
        #expect(record.currentRung == 2 && record.since == at(80) && !record.arrivedBySteppingBack)
        #expect(record.attempts == [
            LadderRecord.Attempt(rung: 1, outcome: .miss, stakes: .low, at: at(20)),
            LadderRecord.Attempt(rung: 3, outcome: .success, stakes: .medium, fearedHappened: false, distress: 30, aids: "notes", predicted: 40, at: at(50)),
        ])
        #expect(record.ratings == [
            LadderRecord.Rating(rung: 3, confidence: 40, at: at(10)),
            LadderRecord.Rating(rung: 1, confidence: 30, at: at(20)),
            LadderRecord.Rating(rung: 3, confidence: 70, at: at(61)),
            LadderRecord.Rating(rung: 2, confidence: 65, at: at(70)),
        ])
        #expect(record.lastWatched == nil)

        try store.stepLadder("talks", at: at(90)) { _ in (.stepBack, 1, "test") }
        let back = try store.ladderRecord(ladder, config: config)
        #expect(back.currentRung == 1 && back.since == at(90) && back.arrivedBySteppingBack)
    }

    @Test("an attempt of a performance that follows its ladder without stakes of its own has its rung's stakes")
    func stakesFollowRung() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        let ladder = try #require(config.ladder("talks"))
        try store.recordDebrief(Debrief(performance: "chat", skill: "talks", rung: 1, outcome: .success, selfEfficacy: 50, recordedAt: at(1)))
        try store.recordDebrief(Debrief(performance: "chat", skill: "talks", rung: 3, outcome: .success, selfEfficacy: 50, recordedAt: at(2)))
        try store.recordDebrief(Debrief(performance: "standup", skill: "talks", rung: 3, outcome: .success, selfEfficacy: 50, recordedAt: at(3)))
        #expect(try store.ladderRecord(ladder, config: config).attempts.map(\.stakes) == [.low, .medium, .low])
    }

    @Test("a rung rating out of range or on rung 0 is refused and nothing is written")
    func invalidRating() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(throws: StoreError.self) { try store.rateRung(RungRating(ladder: "talks", rung: 1, selfEfficacy: 101, recordedAt: at(1))) }
        #expect(throws: StoreError.self) { try store.rateRung(RungRating(ladder: "talks", rung: 0, selfEfficacy: 50, recordedAt: at(1))) }
        #expect(try store.rungRatings(ladder: "talks").isEmpty)
    }
}

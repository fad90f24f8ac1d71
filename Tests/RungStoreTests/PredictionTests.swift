import GRDB
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Predictions before an attempt")
struct PredictionTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * Int64(TimeSpanUnit.minute)) }

    private func prediction(_ confidence: Int, fear: String? = nil, at minutes: Int64, start: Int64 = 60) -> Prediction {
        Prediction(performance: "standup", attemptStart: at(start), selfEfficacy: confidence, fear: fear, recordedAt: at(minutes))
    }

    @Test("the first prediction for an attempt is recorded and stands")
    func recorded() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        guard case .recorded(let recorded) = try store.predict(prediction(40, fear: "I freeze on a question", at: 0)) else {
            Issue.record("a first prediction was not recorded as such")
            return
        }
        #expect(recorded.id != nil)
        #expect(try store.prediction(performance: "standup", attemptStart: at(60)) == recorded)
        #expect(try store.prediction(performance: "standup", attemptStart: at(61)) == nil)
    }

    @Test("a second prediction before the attempt replaces the first, which is kept, marked replaced")
    func replaced() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        _ = try store.predict(prediction(40, at: 0))
        guard case .replaced(let standing, let previous) = try store.predict(prediction(60, fear: "losing my place", at: 30)) else {
            Issue.record("a second prediction did not replace the first")
            return
        }
        #expect(previous.selfEfficacy == 40)
        #expect(previous.replacedAt == at(30))
        #expect(try store.prediction(performance: "standup", attemptStart: at(60)) == standing)
        #expect(try store.predictions(performance: "standup").map(\.selfEfficacy) == [60])
        let all = try store.pool.read { try Prediction.order(Column("id")).fetchAll($0) }
        #expect(all.map(\.selfEfficacy) == [40, 60], "the replaced prediction is kept")
    }

    @Test("from the attempt's start on, a prediction is refused and nothing is written", arguments: [60, 61, 600] as [Int64])
    func refusedOnceStarted(minutes: Int64) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        _ = try store.predict(prediction(40, at: 0))
        #expect(throws: StoreError.self) { try store.predict(prediction(70, at: minutes)) }
        #expect(try store.prediction(performance: "standup", attemptStart: at(60))?.selfEfficacy == 40)
        #expect(try store.pool.read { try Prediction.fetchCount($0) } == 1)
    }

    @Test("a confidence outside 0–100 and an empty fear are refused", arguments: [
        (-1, nil), (101, nil), (50, "  "),
    ] as [(Int, String?)])
    func refusedValues(confidence: Int, fear: String?) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        #expect(throws: StoreError.self) { try store.predict(prediction(confidence, fear: fear, at: 0)) }
        #expect(try store.pool.read { try Prediction.fetchCount($0) } == 0)
    }

    @Test("predictions are exported with their attempt, replaced ones included")
    func exported() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        _ = try store.predict(prediction(40, at: 0))
        _ = try store.predict(prediction(60, fear: "losing my place", at: 30))
        var csv: [String: String] = [:]
        try store.exportCSV(since: nil) { table, text in csv[table, default: ""] += text }
        let lines = try #require(csv["predictions"]).split(separator: "\r\n")
        #expect(lines.first == "id,performance,attempt_start,self_efficacy,fear,recorded_at,replaced_at")
        #expect(lines.count == 3)
        #expect(lines.last?.contains(",60,losing my place,") == true)
    }
}

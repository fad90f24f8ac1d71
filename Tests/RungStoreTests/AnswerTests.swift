import Foundation
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Answers: the first stands")
struct AnswerTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    private func store() throws -> (Store, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.recordPlanned(OccurrenceRecord(id: "occ", kind: .reframe, subject: "performance:talk", dueAt: at(0), updatedAt: at(-1)))
        return (store, directory)
    }

    @Test("a second answer, by any route, is refused with the first, and changes nothing")
    func secondRefused() throws {
        let (store, directory) = try store()
        _ = directory
        let first = try store.answer("occ", with: "done", via: .cli, at: at(1)) { nil }
        guard case .response(let response) = first else {
            Issue.record("\(String(describing: first))")
            return
        }
        #expect(response.answer == "done" && response.via == .cli && response.answeredAt == at(1))
        #expect(throws: Store.AnswerRefused.alreadyAnswered(response)) {
            try store.answer("occ", with: "skip", via: .button, channel: "desktop", at: at(2)) { nil }
        }
        #expect(throws: Store.AnswerRefused.alreadyAnswered(response)) {
            try store.answer("occ", with: "snooze", via: .button, channel: "desktop", at: at(2)) { nil }
        }
        #expect(try store.responses(to: "occ").map(\.answer) == ["done"])
        #expect(try store.latestSnooze(of: "occ") == nil)
    }

    @Test("--replace keeps the first as replaced, and the new one stands")
    func replace() throws {
        let (store, directory) = try store()
        _ = directory
        try store.answer("occ", with: "done", via: .cli, at: at(1)) { nil }
        try store.answer("occ", with: "skip", via: .cli, replacing: true, at: at(2)) { nil }
        let all = try store.responses(to: "occ")
        #expect(all.map(\.answer) == ["done", "skip"])
        #expect(all.map(\.replacedAt) == [at(2), nil])
        #expect(try store.standingResponse(to: "occ")?.answer == "skip")
        #expect(try store.occurrence(id: "occ")?.state == .answered)
    }

    @Test("a note alone is the answer 'note' with the words; with an answer, it is kept beside it")
    func notes() throws {
        let (store, directory) = try store()
        _ = directory
        try store.answer("occ", with: nil, note: "heart racing, went fine", via: .cli, at: at(1)) { nil }
        let note = try #require(try store.standingResponse(to: "occ"))
        #expect(note.answer == Response.noteAnswer && note.note == "heart racing, went fine")
        try store.answer("occ", with: "done", note: "said it out loud", via: .cli, replacing: true, at: at(2)) { nil }
        let done = try #require(try store.standingResponse(to: "occ"))
        #expect(done.answer == "done" && done.note == "said it out loud")
    }

    @Test("an answer the rule refuses writes nothing, not even the planned prompt")
    func ruleRefuses() throws {
        let (store, directory) = try store()
        _ = directory
        let planned = Occurrence(
            kind: .debrief, subject: .performance("talk"), schedule: "performance:talk/debrief", scheduledAt: at(60),
            expires: at(600), channels: ["desk"])
        let refusal = AnswerRule.Refusal.tooEarly(kind: .debrief, endsAt: at(50))
        #expect(throws: Store.AnswerRefused.rule(refusal)) {
            try store.answer(planned.id.rawValue, with: "success", via: .cli, at: at(1), planned: { planned }, check: { _ in refusal })
        }
        #expect(try store.occurrence(id: planned.id.rawValue) == nil)
        #expect(try store.answer("unknown", with: "done", via: .cli, at: at(1)) { nil } == nil)
    }

    @Test("snooze still postpones an unanswered prompt 15 minutes")
    func snooze() throws {
        let (store, directory) = try store()
        _ = directory
        #expect(try store.answer("occ", with: "snooze", via: .button, channel: "desktop", at: at(1)) { nil } == .snoozed(until: at(16)))
        #expect(try store.latestSnooze(of: "occ")?.endsAt == at(16))
        #expect(try store.responses(to: "occ").isEmpty)
    }

    @Test("a reframe's rating is kept with its answer, alone it answers done, and export shows it after the older columns")
    func ratingStoredAndExported() throws {
        let (store, directory) = try store()
        _ = directory
        let rated = try store.answer("occ", with: nil, rating: 7, via: .cli, at: at(1)) { nil }
        guard case .response(let response) = rated else {
            Issue.record("\(String(describing: rated))")
            return
        }
        #expect(response.answer == "done" && response.rating == 7)
        #expect(try store.standingResponse(to: "occ")?.rating == 7)
        _ = try store.answer("occ", with: "skip", note: "too rushed to try", rating: 2, via: .cli, replacing: true, at: at(2)) { nil }
        #expect(try store.responses(to: "occ").map(\.rating) == [7, 2])

        #expect(Response.exportColumns.suffix(2) == ["replaced_at", "rating"])
        var exported = ""
        try store.exportJSON(since: nil, exportedAt: at(3)) { exported += $0 }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        let responses = try #require(document["responses"] as? [[String: Any]])
        #expect(responses.map { $0["rating"] as? Int } == [7, 2])
    }

    @Test("a rating for any prompt but a reframe, off the scale or with a snooze is refused and writes nothing")
    func ratingRefused() throws {
        let (store, directory) = try store()
        _ = directory
        try store.recordPlanned(OccurrenceRecord(id: "debrief", kind: .debrief, subject: "performance:talk", dueAt: at(0), updatedAt: at(-1)))
        #expect(throws: Store.AnswerRefused.rule(.ratingNotAsked(kind: .debrief))) {
            try store.answer("debrief", with: "success", rating: 8, via: .cli, at: at(1)) { nil }
        }
        #expect(throws: Store.AnswerRefused.rule(.ratingOffScale(rating: 11))) {
            try store.answer("occ", with: nil, rating: 11, via: .cli, at: at(1)) { nil }
        }
        #expect(throws: StoreError.self) {
            try store.answer("occ", with: "snooze", rating: 5, via: .cli, at: at(1)) { nil }
        }
        #expect(try store.responses(to: "debrief").isEmpty && store.responses(to: "occ").isEmpty)
        #expect(try store.latestSnooze(of: "occ") == nil)
    }
}

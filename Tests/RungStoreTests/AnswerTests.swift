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
}

import Foundation
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Attempts, escalations and dismissals in the ledger")
struct DeliveryPurposeTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    private func store(with ids: [String], kind: PromptKind = .debrief) throws -> (Store, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.file("rung.sqlite3"))
        for id in ids {
            try store.recordPlanned(OccurrenceRecord(id: id, kind: kind, subject: "performance:talk", dueAt: at(0), updatedAt: at(-1)))
        }
        return (store, directory)
    }

    private func attempt(_ store: Store, _ id: String, on channel: String, _ outcome: Delivery.Outcome, escalation: Bool = false, at minute: Int64) throws {
        let delivery = try store.beginDelivery(of: id, on: channel, escalation: escalation, at: at(minute))
        try store.finishDelivery(try #require(delivery.id), outcome: outcome, error: outcome == .sent ? nil : "down", at: at(minute))
    }

    @Test("an attempt is a retry when the one before it used the same channel and did not send")
    func firstOrRetry() throws {
        let (store, directory) = try store(with: ["occ"])
        _ = directory
        try attempt(store, "occ", on: "hook", .failed, at: 1)
        try attempt(store, "occ", on: "hook", .timedOut, at: 2)
        try attempt(store, "occ", on: "mail", .sent, at: 3)
        try store.snooze("occ", until: at(20), at: at(4))
        try attempt(store, "occ", on: "mail", .sent, at: 20)
        #expect(try store.deliveries(of: "occ").map(\.purpose) == [.first, .retry, .first, .first])
        #expect(try store.deliveries(of: "occ").compactMap(\.failureReason) == ["hook: down", "hook: down"])
    }

    @Test("an escalation is marked as one and leaves the delivered prompt delivered, even when it fails")
    func escalationKeepsState() throws {
        let (store, directory) = try store(with: ["occ"])
        _ = directory
        try attempt(store, "occ", on: "desktop", .sent, at: 1)
        try attempt(store, "occ", on: "email", .failed, escalation: true, at: 61)
        try attempt(store, "occ", on: "email", .sent, escalation: true, at: 62)
        let occurrence = try #require(try store.occurrence(id: "occ"))
        #expect(occurrence.state == .delivered)
        #expect(occurrence.deliveredAt == at(1))
        #expect(try store.deliveries(of: "occ").map(\.purpose) == [.first, .escalation, .escalation])
        #expect(try store.wasEscalated("occ"))
        #expect(throws: StoreError.self) { try store.beginDelivery(of: "nothing", on: "email", escalation: true, at: at(63)) }
    }

    @Test("a delivered, unanswered prompt awaits escalation until any escalation attempt starts, even one never finished")
    func unescalatedOnce() throws {
        let (store, directory) = try store(with: ["answered", "escalating", "waiting", "planned"])
        _ = directory
        try attempt(store, "answered", on: "desktop", .sent, at: 1)
        try store.recordResponse(Response(occurrenceID: "answered", answer: "success", via: .button, channel: "desktop", answeredAt: at(2)))
        try attempt(store, "escalating", on: "desktop", .sent, at: 1)
        try attempt(store, "waiting", on: "hook", .failed, at: 1)
        try attempt(store, "waiting", on: "desktop", .sent, at: 2)
        let waiting = try store.unescalatedDeliveries(of: [.debrief, .checkIn], dueFrom: at(-60))
        #expect(waiting.map(\.occurrence.id) == ["escalating", "waiting"])
        #expect(waiting.map(\.delivery.channel) == ["desktop", "desktop"])
        #expect(waiting.last?.delivery.endedAt == at(2))

        _ = try store.beginDelivery(of: "escalating", on: "email", escalation: true, at: at(61))
        #expect(try store.unescalatedDeliveries(of: [.debrief], dueFrom: at(-60)).map(\.occurrence.id) == ["waiting"])
        #expect(try !store.wasEscalated("escalating"))
        #expect(try store.unescalatedDeliveries(of: [.checkIn], dueFrom: at(-60)).isEmpty)
        #expect(try store.unescalatedDeliveries(of: [.debrief], dueFrom: at(1)).isEmpty)
    }

    @Test("a dismissal is recorded on the attempt that delivered the prompt, once")
    func dismissal() throws {
        let (store, directory) = try store(with: ["occ"])
        _ = directory
        #expect(try !store.recordDismissal(of: "occ", on: "desktop", at: at(0)))
        try attempt(store, "occ", on: "desktop", .sent, at: 1)
        try attempt(store, "occ", on: "email", .sent, escalation: true, at: 60)
        #expect(try store.recordDismissal(of: "occ", on: "desktop", at: at(5)))
        #expect(try !store.recordDismissal(of: "occ", on: "desktop", at: at(6)))
        #expect(try store.deliveries(of: "occ").map(\.dismissedAt) == [at(5), nil])
        #expect(try store.occurrence(id: "occ")?.state == .delivered)
    }

    @Test("an answer carried by a channel's button names the channel")
    func answerNamesChannel() throws {
        let (store, directory) = try store(with: ["occ"])
        _ = directory
        #expect(try store.answer("occ", with: "partial", via: .button, channel: "desktop", at: at(3)) { nil } != nil)
        let response = try #require(try store.responses(to: "occ").first)
        #expect(response.via == .button)
        #expect(response.channel == "desktop")
    }
}

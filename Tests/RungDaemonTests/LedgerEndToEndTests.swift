import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import Testing

/// The ledger's promises through the real rungd: a snoozed prompt comes back once, and a
/// second rungd on the same store and socket takes nothing over.
@Suite("rungd ledger end to end", .serialized)
struct LedgerEndToEndTests {
    @Test("a delivered debrief snoozed for 10 s is delivered once more at the snooze's end, and rests delivered")
    func snoozedComesBack() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 5))
            duration = "1s"

            [prompts.reframe]
            enabled = false

            [prompts.debrief]
            offset = "+2s"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await rungd.waitUntil { rungd.hookDeliveries().count == 1 }, "stderr: \(rungd.stderr)")
        let debrief = try #require(rungd.hookDeliveries().first?["occurrence_id"] as? String)
        let snooze = try await rungd.rungctl(["snooze", debrief, "10s"])
        #expect(snooze.status == 0, "\(snooze.stderr)")
        let store = try Store(path: rungd.storePath)
        let snoozedUntil = try #require(try store.occurrence(id: debrief)?.dueAt)
        let status = try await rungd.rungctl(["status", "--json"])
        #expect(status.stdout.contains(debrief), "status lists the snoozed prompt: \(status.stdout)")
        #expect(await rungd.waitUntil(timeout: .seconds(60)) { rungd.hookDeliveries().count == 2 }, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().compactMap { $0["occurrence_id"] as? String } == [debrief, debrief])
        #expect(try store.occurrence(id: debrief)?.state == .delivered)
        let attempts = try store.deliveries(of: debrief)
        #expect(attempts.count == 2)
        #expect(attempts.last.map { $0.startedAt >= snoozedUntil } == true)
        // Nothing more comes of it.
        _ = try await rungd.rungctl(["status"])
        #expect(rungd.hookDeliveries().count == 2)
        #expect(await rungd.stop() == 0)
    }

    @Test("a second rungd on the same store and socket exits 75 naming the first; the first keeps its socket")
    func secondRungdRefused() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let first = try #require(rungd.process?.processIdentifier)
        let second = try ProcessRunner.run(ProcessRunner.product("rungd"), [], environment: rungd.environment)
        #expect(second.status == 75)
        #expect(second.stderr.contains("another rungd (PID \(first)) already runs on the store"), "\(second.stderr)")
        // The first rungd still answers on its socket, and still holds both locks.
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try String(contentsOfFile: rungd.storePath + ".lock", encoding: .utf8) == "\(first)\n")
        #expect(await rungd.stop() == 0)
        // Once it is gone, a new rungd starts.
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await rungd.stop() == 0)
    }
}

import Foundation
import RungCore
import RungStore
import RungTestSupport
import Testing

/// The real rungd stopped with SIGTERM while a hook is still running: the stop waits for
/// the delivery under way, but not longer than systemd should wait.
@Suite("rungd stopping during a delivery", .serialized)
struct ShutdownIntegrationTests {
    @Test("a stop waits for a hook still running, and the ledger has it sent before rungd exits")
    func stopWaitsForADeliveryUnderWay() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("slow", "sleep 0.5")
        try rungd.writeConfig(chain: ["slow"], OutboxIntegrationTests.talk())
        let store = try await OutboxIntegrationTests.start(rungd)
        #expect(await eventually { rungd.deliveries(toHook: "slow").count == 1 }, "stderr: \(rungd.stderr)")
        #expect(await rungd.stop() == 0, "\(rungd.stderr)")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        #expect(debrief.state == .delivered)
        #expect(try store.deliveries(of: debrief.id).map(\.outcome) == [.sent])
    }

    @Test("a stop waits 1.5 s for a hook that hangs, no longer, and rungd exits 0")
    func stopGivesUpOnAHungDelivery() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("hanging", "sleep 60")
        try rungd.writeConfig(chain: ["hanging"], timeout: "30s", OutboxIntegrationTests.talk())
        _ = try await OutboxIntegrationTests.start(rungd)
        #expect(await eventually { rungd.deliveries(toHook: "hanging").count == 1 }, "stderr: \(rungd.stderr)")
        let stopping = ContinuousClock.now
        #expect(await rungd.stop() == 0, "\(rungd.stderr)")
        let stopped = ContinuousClock.now - stopping
        #expect(stopped >= .milliseconds(1500) && stopped < .seconds(25), "stopped after \(stopped)")
    }
}

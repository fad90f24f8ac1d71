import Foundation
import RungControl
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// Time quantities at and beyond their limits through the real rungd and rungctl.
@Suite("rungd time limits end to end", .serialized)
struct TimeLimitsEndToEndTests {
    @Test("with escalate_after at its limit a debrief is delivered and rungd stays up, across a restart; a pause of 300000y is refused while rungd answers")
    func longestEscalation() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("desk")
        try rungd.writeHook("mail")
        try rungd.writeConfig(chain: ["desk", "mail"], OutboxIntegrationTests.talk("escalate_after = \"4w\"\nexpires_after = \"4w\""))
        let store = try await OutboxIntegrationTests.start(rungd)
        #expect(await eventually { rungd.deliveries(toHook: "desk").count == 1 }, "stderr: \(rungd.stderr)")
        #expect(await eventually { (try? OutboxIntegrationTests.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(rungd.process?.isRunning == true, "stderr: \(rungd.stderr)")

        let refused = try await rungd.rungctl(["pause", "--for", "300000y"])
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("rungctl: error: A pause lasts at least a second and at most 1y, not '300000y'."), "\(refused.stderr)")
        // What rungctl refuses, a varlink client may still send: rungd refuses it too.
        let client = try VarlinkClient(path: rungd.runtimeDirectory + "/rung/control")
        let reply = try client.call(VarlinkCall(method: "io.rung.Control.Pause", parameters: ["seconds": .integer(9_300_000_000_000)]))
        #expect(reply.error == "org.varlink.service.InvalidParameter")
        #expect(reply.parameters?["parameter"] == .string("seconds"))
        #expect(try store.activePauses(at: Instant.now()).isEmpty)
        let after = try await rungd.rungctl(["status", "--json"])
        #expect(after.status == 0, "\(after.stderr)")

        // The escalation, four weeks away, waits in the ledger through a restart.
        #expect(await rungd.stop() == 0)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(try await rungd.rungctl(["status"]).status == 0)
        #expect(rungd.process?.isRunning == true, "stderr: \(rungd.stderr)")
        #expect(rungd.deliveries(toHook: "mail").isEmpty)
        #expect(rungd.deliveries(toHook: "desk").count == 1)
        #expect(await rungd.stop() == 0)
    }

    @Test("a config with escalate_after of 300000y is refused at start, with the error where it is, exit 78")
    func escalationBeyondTheLimit() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("desk")
        try rungd.writeHook("mail")
        try rungd.writeConfig(chain: ["desk", "mail"], OutboxIntegrationTests.talk("escalate_after = \"300000y\""))
        try await rungd.start()
        #expect(await rungd.waitForExit() == 78)
        #expect(rungd.stderr.contains("\(rungd.configPath):"), "\(rungd.stderr)")
        #expect(rungd.stderr.contains("error: 'escalate_after' in [prompts.debrief] must be at most 4w, not '300000y'; use \"0\" for no escalation"), "\(rungd.stderr)")
        #expect(rungd.deliveries(toHook: "desk").isEmpty)
    }
}

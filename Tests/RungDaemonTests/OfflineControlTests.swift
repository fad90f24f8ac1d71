import Foundation
import RungControl
import RungCore
import RungStore
import RungTime
import Testing
@testable import RungDaemon

/// Snooze, pause and resume while rungd is stopped: answered by the scheduler's own rules
/// in another process, written to the store, and honoured by the rungd that starts next.
@Suite("Control with rungd stopped")
struct OfflineControlTests {
    /// The talk's reframe is due at -45 min (expiring at -35), its debrief at 0 (see
    /// `SnoozeAllTests.fixture`); the clock starts at -90.
    static func fixture() throws -> OutboxTests.Fixture {
        try SnoozeAllTests.fixture(start: SnoozeAllTests.at(-90))
    }

    static func offline(_ fixture: OutboxTests.Fixture) throws -> VarlinkService {
        let clock = fixture.clock
        return try OfflineControl.service(
            config: fixture.config, configPath: fixture.directory + "/rung.toml", store: fixture.store, systemZone: .utc,
            clock: { clock.now() })
    }

    static func call(_ service: VarlinkService, _ method: ControlInterface.Method, _ parameters: [String: JSONValue]) async -> VarlinkReply {
        await service.replies(to: VarlinkCall(method: method.qualifiedName, parameters: parameters))[0]
    }

    static func reframeID(_ fixture: OutboxTests.Fixture) async throws -> String {
        let upcoming = await fixture.scheduler.upcomingOccurrences(from: fixture.clock.now(), through: fixture.at(minutes: 60))
        return try #require(upcoming.first { $0.kind == .reframe }).id.rawValue
    }

    @Test("a prompt snoozed while rungd is stopped comes at the snooze's end, once, from the rungd that starts next")
    func snoozeHonouredAtStart() async throws {
        let fixture = try Self.fixture()
        let id = try await Self.reframeID(fixture)
        let reply = await Self.call(try Self.offline(fixture), .snooze, ["occurrence": .string(id), "seconds": .integer(5 * 60)])
        #expect(reply.error == nil)
        #expect(reply.parameters?["until"]?.string == TimestampFormat.iso8601(fixture.at(minutes: -40), in: .utc))
        fixture.scheduler = try fixture.makeScheduler()
        await fixture.pass(at: fixture.at(minutes: -45))
        #expect(fixture.channels.instants("desk").isEmpty, "nothing at the reframe's own instant")
        await fixture.pass(at: fixture.at(minutes: -40))
        await fixture.pass(at: fixture.at(minutes: -39))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: -40)])
    }

    @Test("a pause made while rungd is stopped holds back what falls in it, and status lists it; resume ends it")
    func pauseHonouredAtStart() async throws {
        let fixture = try Self.fixture()
        let offline = try Self.offline(fixture)
        let paused = await Self.call(offline, .pause, ["subject": .string("talk"), "seconds": .integer(60 * 60)])
        #expect(paused.error == nil)
        #expect(paused.parameters?["pause"]?.object?["subject"]?.string == "performance:talk")
        fixture.scheduler = try fixture.makeScheduler()
        let status = await fixture.scheduler.status()
        #expect(status.parameters?["pauses"]?.array?.count == 1)
        await fixture.pass(at: fixture.at(minutes: -45))
        await fixture.pass(at: fixture.at(minutes: -34))
        #expect(fixture.channels.instants("desk").isEmpty, "the reframe fell in the pause")
        let resumed = await Self.call(offline, .resume, [:])
        #expect(resumed.parameters?["resumed"]?.integer == 1)
        await fixture.pass(at: fixture.at(minutes: 0))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0)], "the debrief comes once the pause ended")
    }

    @Test("offline and running, the same snooze gets the same reply and leaves the same ledger")
    func sameRulesAsRungd() async throws {
        for minutes: Int64 in [5, 9, 10, 60] {
            let running = try Self.fixture()
            let stopped = try Self.fixture()
            let id = try await Self.reframeID(running)
            let parameters: [String: JSONValue] = ["occurrence": .string(id), "seconds": .integer(minutes * 60)]
            let online = await running.scheduler.snooze(parameters)
            let offline = await Self.call(try Self.offline(stopped), .snooze, parameters)
            #expect(online.error == offline.error, "\(minutes) min")
            #expect(online.parameters == offline.parameters, "\(minutes) min")
            #expect(try running.store.latestSnooze(of: id)?.endsAt == stopped.store.latestSnooze(of: id)?.endsAt, "\(minutes) min")
        }
    }

    @Test("what needs the running rungd is not answered offline")
    func onlyHoldsOffline() async throws {
        let offline = try Self.offline(try Self.fixture())
        for method in ControlInterface.Method.allCases where !OfflineControl.methods.contains(method) {
            let parameters: [String: JSONValue] = method == .respond ? ["occurrence": .string("x"), "answer": .string("done")] : [:]
            let reply = await Self.call(offline, method, parameters)
            #expect(reply.error == "org.varlink.service.MethodNotFound", "\(method)")
        }
    }
}

import Foundation
import GRDB
import RungControl
import RungCore
@testable import RungStore
import RungTime
import Testing
@testable import RungDaemon

/// `snooze --all` under a manual clock: one record however long, everything due before its
/// end comes then, once; what would expire first comes on time; a prompt delivered and
/// unanswered comes again; `status` and `upcoming` say so.
@Suite("Snooze everything")
struct SnoozeAllTests {
    static let minute = OutboxTests.minute
    static let century: Int64 = 100 * 365 * 86_400

    /// The talk starts at 10:00 UTC (its reframe due 09:45, expiring 09:55); its debrief is
    /// due at 10:30 (`OutboxTests.end`) and expires a day later.
    static func fixture(start: Instant) throws -> OutboxTests.Fixture {
        try OutboxTests.Fixture(
            config: OutboxTests.config().replacingOccurrences(of: "[prompts.reframe]\nenabled = false", with: ""), start: start)
    }

    static func rows(_ table: String, _ store: Store) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    @Test("snoozing everything for 100 years writes one record; status and upcoming are as before, but for the snooze")
    func century() async throws {
        let fixture = try Self.fixture(start: Self.at(-90))
        await fixture.pass()
        let before = await fixture.scheduler.upcomingOccurrences(from: fixture.clock.now(), through: fixture.at(minutes: 24 * 60))
        let until = fixture.clock.now().adding(microseconds: Self.century * 1_000_000)
        let reply = await fixture.scheduler.snooze(["all": .bool(true), "until": .string(TimestampFormat.iso8601(until, in: .utc))])
        #expect(reply.error == nil)
        #expect(reply.parameters?["snoozed"]?.array == [])
        #expect(try Self.rows("snooze_all", fixture.store) == 1)
        #expect(try Self.rows("snooze", fixture.store) == 0)
        #expect(try Self.rows("occurrence", fixture.store) == 0)
        // Every prompt expires long before: each comes as it would have.
        let after = await fixture.scheduler.upcomingOccurrences(from: fixture.clock.now(), through: fixture.at(minutes: 24 * 60))
        #expect(after == before)
        #expect(after.map(\.kind) == [.reframe, .debrief, .debrief])
        let status = await fixture.scheduler.status()
        #expect(status.parameters?["snoozed_until"]?.string == TimestampFormat.iso8601(until, in: .utc))
        #expect(status.parameters?["next"]?.object?["kind"]?.string == "reframe")
        #expect(status.parameters?["snoozed_count"]?.integer == 0)
        // And the pass delivers them at their own instants.
        await fixture.pass(at: fixture.at(minutes: -45))
        await fixture.pass(at: fixture.at(minutes: 0))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: -45), fixture.at(minutes: 0)])
    }

    @Test("what is due before the end comes at the end, once; what would expire first comes on time; upcoming and status say so")
    func twoHours() async throws {
        let fixture = try Self.fixture(start: Self.at(-90))
        await fixture.pass()
        let reply = await fixture.scheduler.snooze(["all": .bool(true), "seconds": .integer(2 * 3600)])
        #expect(reply.error == nil)
        let end = fixture.at(minutes: 30)
        let upcoming = await fixture.scheduler.upcomingOccurrences(from: fixture.clock.now(), through: fixture.at(minutes: 24 * 60))
        #expect(upcoming.map(\.kind) == [.reframe, .debrief, .debrief])
        #expect(upcoming.map(\.due) == [fixture.at(minutes: -45), end, fixture.at(minutes: 180)])
        let status = await fixture.scheduler.status()
        #expect(status.parameters?["snoozed_until"]?.string == TimestampFormat.iso8601(end, in: .utc))
        #expect(status.parameters?["next"]?.object?["kind"]?.string == "reframe")
        await fixture.pass(at: fixture.at(minutes: -45))
        let next = await fixture.pass(at: fixture.at(minutes: 0))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: -45)], "nothing comes at the debrief's own instant")
        #expect(next == end, "the loop wakes next at the snooze's end")
        await fixture.pass(at: end)
        await fixture.pass(at: fixture.at(minutes: 35))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: -45), end])
        #expect(try fixture.attempts().count == 1)
    }

    @Test("a prompt delivered and unanswered comes again at the end; one that expires first is left and listed")
    func delivered() async throws {
        let fixture = try Self.fixture(start: Self.at(-45))
        await fixture.pass()
        await fixture.pass(at: fixture.at(minutes: 0))
        let reframe = OccurrenceID(schedule: "performance:talk/reframe", instant: fixture.at(minutes: -45)).rawValue
        #expect(try fixture.store.occurrence(id: OutboxTests.debriefID)?.state == .delivered)
        let reply = await fixture.scheduler.snooze(["all": .bool(true), "seconds": .integer(20 * 60)])
        #expect(reply.parameters?["snoozed"]?.array == [.string(OutboxTests.debriefID)])
        // The reframe expired already: it is not even listed.
        #expect(reply.parameters?["expire_first"]?.array == [])
        #expect(try fixture.store.occurrence(id: OutboxTests.debriefID)?.state == .snoozed)
        #expect(try fixture.store.occurrence(id: reframe)?.state == .delivered)
        let status = await fixture.scheduler.status()
        #expect(status.parameters?["snoozed"]?.array?.count == 1)
        await fixture.pass(at: fixture.at(minutes: 20))
        #expect(fixture.channels.instants("desk").suffix(1) == [fixture.at(minutes: 20)])
        #expect(try fixture.attempts().filter { $0.outcome == .sent }.count == 2)
    }

    @Test("a snooze of one prompt made after a snooze of everything decides when it comes")
    func laterSnoozeOfOne() async throws {
        let fixture = try Self.fixture(start: Self.at(-90))
        await fixture.pass()
        _ = await fixture.scheduler.snooze(["all": .bool(true), "seconds": .integer(2 * 3600)])
        fixture.clock.set(fixture.at(minutes: -80))
        let until = fixture.at(minutes: 10)
        let reply = await fixture.scheduler.snooze([
            "occurrence": .string(OutboxTests.debriefID), "until": .string(TimestampFormat.iso8601(until, in: .utc)),
        ])
        #expect(reply.error == nil)
        let upcoming = await fixture.scheduler.upcomingOccurrences(from: fixture.clock.now(), through: fixture.at(minutes: 60))
        #expect(upcoming.first { $0.id.rawValue == OutboxTests.debriefID }?.due == until)
        await fixture.pass(at: fixture.at(minutes: -45))
        await fixture.pass(at: until)
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: -45), until])
    }

    @Test("Upcoming takes 1 to 366 days; anything else is InvalidParameter naming days")
    func upcomingDays() async throws {
        let fixture = try Self.fixture(start: Self.at(-90))
        for days: JSONValue in [.integer(0), .integer(367), .integer(-1), .string("7")] {
            let replies = await fixture.scheduler.upcoming(["days": days], more: true)
            #expect(replies.count == 1)
            #expect(replies.first?.error == "org.varlink.service.InvalidParameter")
            #expect(replies.first?.parameters?["parameter"]?.string == "days")
        }
        let year = await fixture.scheduler.upcoming(["days": .integer(366)], more: true)
        #expect(year.first?.error == nil)
        #expect(year.first?.parameters?["truncated_at"] == nil)
    }

    /// `minutes` from the debrief's instant (10:30 UTC).
    static func at(_ minutes: Int64) -> Instant { OutboxTests.end.adding(microseconds: minutes * minute) }
}

extension SnoozeAllTests {
    @Test("Upcoming over a year of a performance every 5 minutes stops at its limit, whole up to where it stops")
    func upcomingLimit() async throws {
        var text = OutboxTests.config()
        text += "\n[performance.drill]\ntitle = \"Drill\"\non = \"*:0/5\"\nduration = \"1min\"\n"
        let fixture = try OutboxTests.Fixture(config: text, start: Self.at(-90))
        let replies = await fixture.scheduler.upcoming(["days": .integer(366)], more: true)
        let occurrences = replies.flatMap { $0.parameters?["occurrences"]?.array ?? [] }
        #expect(occurrences.count > ControlInterface.upcomingLimit / 2 && occurrences.count <= ControlInterface.upcomingLimit)
        let truncated = try #require(replies.first?.parameters?["truncated_at"]?.string.flatMap(TimestampFormat.parseISO8601))
        let dues = occurrences.compactMap { $0.object?["due"]?.string.flatMap(TimestampFormat.parseISO8601) }
        #expect(dues.count == occurrences.count && dues == dues.sorted())
        #expect(dues.allSatisfy { $0 < truncated })
        // Whole up to there: the plan of that stretch, as the pass will deliver it.
        let whole = await fixture.scheduler.upcomingOccurrences(from: fixture.clock.now(), through: truncated.adding(microseconds: -1))
        #expect(whole.count == occurrences.count)
    }
}

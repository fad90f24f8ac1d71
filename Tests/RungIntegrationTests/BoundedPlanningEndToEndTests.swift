import Foundation
import Glibc
import GRDB
import RungControl
import RungCore
import RungStore
import RungTime
import Testing

/// Planning stays bounded through the real rungd: a snooze of everything for a century is
/// one record, and a year of Upcoming streamed to a client that does not read holds up
/// neither `status` nor SIGTERM.
@Suite("rungd planning bounded, end to end", .serialized)
struct BoundedPlanningEndToEndTests {
    static let hourlyCheckIn = UpcomingStreamingTests.hourlyCheckIn

    @Test("snooze --all until a century from now writes one record; status and upcoming answer and say so")
    func snoozeCentury() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.hourlyCheckIn)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let until = Instant(seconds: Instant.now().seconds + 100 * 365 * 86_400)
        let snooze = try await rungd.rungctl(["snooze", "--all", "--until", RungdHarness.tomlDate(until)])
        #expect(snooze.status == 0, "\(snooze.stderr)")
        #expect(snooze.stdout.hasPrefix("Snoozed everything until "), "\(snooze.stdout)")
        let rows = try await DatabaseQueue(path: rungd.storePath, configuration: { var c = Configuration(); c.readonly = true; return c }()).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM snooze_all") ?? -1, try Int.fetchOne(db, sql: "SELECT count(*) FROM snooze") ?? -1)
        }
        #expect(rows == (1, 0))

        let status = try await rungd.rungctl(["status", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], "\(status.stdout)")
        let snoozedUntil = try #require((fields["snoozed_until"] as? String).flatMap(TimestampFormat.parseISO8601))
        #expect(snoozedUntil == until)
        // Every check-in expires a day after its instant, long before: each comes as it would.
        #expect((fields["next"] as? [String: Any])?["kind"] as? String == "check_in")
        let text = try await rungd.rungctl(["status"])
        #expect(text.stdout.contains("Snoozed: everything due before "), "\(text.stdout)")

        let upcoming = try await rungd.rungctl(["upcoming", "--days", "366", "--json"])
        #expect(upcoming.status == 0, "\(upcoming.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]])
        #expect(list.count >= 366 * 24 - 1 && list.count <= 366 * 24)
        #expect(list.allSatisfy { $0["due"] as? String == $0["scheduled"] as? String && $0["state"] as? String == "planned" })
        #expect(await rungd.stop() == 0)
    }

    @Test("while Upcoming streams a year to a client that does not read, rungctl status is answered and SIGTERM stops rungd")
    func answersWhileStreaming() async throws {
        let rungd = try RungdHarness()
        // Twenty performances every hour with all five prompts: more than Upcoming lists.
        let performances = (0..<20).map {
            "[performance.p\($0)]\ntitle = \"P\($0)\"\non = \"hourly\"\nduration = \"1h\"\npeer = \"Jo\"\nobserver = \"Mi\"\n"
        }.joined(separator: "\n")
        try rungd.writeConfig(performances)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let connection = try UnixSocket.connect(to: UpcomingStreamingTests.socket(rungd))
        defer { close(connection) }
        let call = try VarlinkFraming.encode(VarlinkCall(method: ControlInterface.Method.upcoming.qualifiedName, parameters: ["days": .integer(366)], more: true))
        #expect(UnixSocket.writeAll(call, to: connection))
        // The reply is never read: rungd computes it, then blocks writing it to this socket.
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.hasPrefix("● rungd is running"), "\(status.stdout)")
        #expect(await rungd.stop() == 0, "stderr: \(rungd.stderr)")
    }
}

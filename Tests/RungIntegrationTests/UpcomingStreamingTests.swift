import Foundation
import RungTestSupport
import Testing

/// `Upcoming` served by a real rungd, read by rungctl and by python's `varlink` package (the
/// reference implementation): a reply too long for one message is streamed when the caller
/// asks for more, and refused with a clear error when it does not.
@Suite("Upcoming through rungd, streamed")
struct UpcomingStreamingTests {
    /// A ladder checked in on every hour: a year of it is 8760 prompts, several MiB of reply.
    static let hourlyCheckIn = """
        [ladder.talks]
        skill = "public speaking"
        check_in = "hourly"
        rungs = [{ title = "speak up in a meeting", stakes = "low" }]
        """

    /// The control socket of `rungd`.
    static func socket(_ rungd: RungdHarness) -> String {
        rungd.runtimeDirectory + "/rung/control"
    }

    @Test("rungctl upcoming --days 365 through rungd lists a year of hourly check-ins")
    func upcomingYear() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.hourlyCheckIn)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let text = try await rungd.rungctl(["upcoming", "--days", "365"])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.hasPrefix("8760 prompts in the next 365 days, as rungd plans them:\n"), "\(text.stdout.prefix(200)) \(text.stderr)")
        #expect(text.stdout.split(separator: "\n").count == 1 + 1 + 8760)  // summary, header, rows

        let json = try await rungd.rungctl(["upcoming", "--days", "365", "--json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 365 * 24)
        #expect(rows.allSatisfy { $0["kind"] as? String == "check_in" })
        #expect(Set(rows.compactMap { $0["id"] as? String }).count == rows.count)
        let dues = rows.compactMap { $0["due"] as? String }
        #expect(dues == dues.sorted(), "in time order, across the replies")
        #expect(await rungd.stop() == 0)
    }

    @Test("python's varlink client gets Upcoming streamed with more, and a clear error without it")
    func upcomingStreamedToPython() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.hourlyCheckIn)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let script = """
            import sys, varlink
            with varlink.Client(address="unix:" + sys.argv[1]) as client:
                with client.open("io.rung.Control") as control:
                    replies = list(control.Upcoming(days=365, _more=True))
                    print(len(replies), sum(len(r["occurrences"]) for r in replies),
                          max(len(r["occurrences"]) for r in replies), {r["zone"] for r in replies})
                with client.open("io.rung.Control") as control:
                    try:
                        control.Upcoming(days=365)
                        print("no error")
                    except varlink.VarlinkError as error:
                        parameters = error.parameters()
                        print(error.error(), parameters["method"], parameters["size"] > parameters["limit"], parameters["limit"])
                with client.open("io.rung.Control") as control:
                    print(len(control.Upcoming(days=7)["occurrences"]))
            """
        let result = try await ProcessRunner.runDetached("/usr/bin/env", ["python3", "-c", script, Self.socket(rungd)])
        #expect(result.stderr == "")
        #expect(result.stdout == """
            18 8760 500 {'UTC'}
            io.rung.Control.ReplyTooLarge io.rung.Control.Upcoming True 1048576
            168

            """)
        #expect(await rungd.stop() == 0)
    }
}

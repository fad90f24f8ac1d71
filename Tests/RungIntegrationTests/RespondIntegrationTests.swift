import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// `rungctl respond` under the one rule, through rungd and with rungd stopped: only the
/// prompt's own answers, nothing about a performance before it ended, the first answer
/// stands; and an answer takes the prompt's notification down.
@Suite("rungctl respond end to end")
struct RespondIntegrationTests {
    /// A talk tomorrow, whose reframe and debrief are planned.
    static func tomorrow(_ rungd: RungdHarness) throws {
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
    }

    /// The ids of the talk's reframe and (first) debrief, from the plan.
    static func ids(_ rungd: RungdHarness) async throws -> (reframe: String, debrief: String) {
        let upcoming = try await rungd.rungctl(["upcoming", "--json", "--days", "3"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]], "\(upcoming.stderr)")
        let reframe = try #require(plan.first { $0["kind"] as? String == "reframe" }?["id"] as? String)
        let debrief = try #require(plan.first { $0["kind"] as? String == "debrief" }?["id"] as? String)
        return (reframe, debrief)
    }

    /// The checks both routes must pass; `suffix` is what a recorded answer's line ends with.
    static func checkRules(_ rungd: RungdHarness, suffix: String) async throws {
        let (reframe, debrief) = try await Self.ids(rungd)
        let climb = try await rungd.rungctl(["respond", reframe, "climb"])
        #expect(climb.status == 64)
        #expect(climb.stderr.hasPrefix("rungctl: error: 'climb' is not an answer to prompt \(reframe); it offers: done, snooze, skip (your own words go with --note TEXT)\nUsage: rungctl respond "), "\(climb.stderr)")
        let words = try await rungd.rungctl(["respond", reframe, "it went well"])
        #expect(words.status == 64, "\(words.stderr)")

        let early = try await rungd.rungctl(["respond", debrief, "success"])
        #expect(early.status == 1)
        #expect(early.stderr.hasPrefix("rungctl: error: the debrief \(debrief) asks about a performance that ends at "), "\(early.stderr)")
        let earlyNote = try await rungd.rungctl(["respond", debrief, "--note", "nervous already"])
        #expect(earlyNote.status == 1, "\(earlyNote.stderr)")

        let done = try await rungd.rungctl(["respond", reframe, "done", "--json"])
        #expect(done.status == 0, "\(done.stderr)")
        let recorded = try #require(try JSONSerialization.jsonObject(with: Data(done.stdout.utf8)) as? [String: Any], "\(done.stdout)")
        #expect(recorded["occurrence"] as? String == reframe)
        #expect(recorded["answer"] as? String == "done")
        #expect(recorded["via"] as? String == "cli")
        #expect((recorded["at"] as? String).flatMap(TimestampFormat.parseISO8601) != nil, "\(recorded)")

        let second = try await rungd.rungctl(["respond", reframe, "skip"])
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("rungctl: error: prompt \(reframe) was already answered 'done' at "), "\(second.stderr)")
        #expect(second.stderr.hasSuffix(" via rungctl; the first answer stands (--replace replaces it)\n"), "\(second.stderr)")
        let snooze = try await rungd.rungctl(["respond", reframe, "snooze"])
        #expect(snooze.status == 1, "a snooze after the answer: \(snooze.stderr)")

        let replaced = try await rungd.rungctl(["respond", reframe, "skip", "--note", "no time to prepare", "--replace"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout == "Recorded 'skip' with the note \"no time to prepare\" for \(reframe)\(suffix)\n")
        let store = try Store(path: rungd.storePath)
        let standing = try #require(try store.standingResponse(to: reframe))
        #expect(standing.answer == "skip" && standing.note == "no time to prepare")
        #expect(try store.responses(to: reframe).map(\.answer) == ["done", "skip"])
        #expect(try store.responses(to: debrief).isEmpty)
    }

    @Test("through rungd: only the prompt's answers, not before the performance ended, the first stands")
    func throughRungd() async throws {
        let rungd = try RungdHarness()
        try Self.tomorrow(rungd)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        try await Self.checkRules(rungd, suffix: ".")
        #expect(await rungd.stop() == 0)
    }

    @Test("with rungd stopped: the same rules, straight into the store")
    func withRungdStopped() async throws {
        let rungd = try RungdHarness()
        try Self.tomorrow(rungd)
        try await Self.checkRules(rungd, suffix: " in the store (rungd is not running; it will see it when it starts).")
    }

    @Test("--rating: a reframe's \"did this help?\" is recorded and exported; a debrief refuses it", arguments: [true, false])
    func rating(throughRungd: Bool) async throws {
        let rungd = try RungdHarness()
        try Self.tomorrow(rungd)
        if throughRungd { #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)") }
        let (reframe, debrief) = try await Self.ids(rungd)
        let offScale = try await rungd.rungctl(["respond", reframe, "--rating", "11"])
        #expect(offScale.status == 64, "\(offScale.stderr)")
        let onDebrief = try await rungd.rungctl(["respond", debrief, "success", "--rating", "7"])
        #expect(onDebrief.status == 64)
        #expect(onDebrief.stderr.hasPrefix("rungctl: error: the debrief \(debrief) asks no \"did this help?\"; only a reframe takes --rating\nUsage: "), "\(onDebrief.stderr)")

        let rated = try await rungd.rungctl(["respond", reframe, "--rating", "7", "--json"])
        #expect(rated.status == 0, "\(rated.stderr)")
        let recorded = try #require(try JSONSerialization.jsonObject(with: Data(rated.stdout.utf8)) as? [String: Any], "\(rated.stdout)")
        #expect(recorded["answer"] as? String == "done" && recorded["rating"] as? Int == 7, "\(recorded)")
        if throughRungd { #expect(await rungd.stop() == 0) }

        let store = try Store(path: rungd.storePath)
        #expect(try store.standingResponse(to: reframe)?.rating == 7)
        #expect(try store.responses(to: debrief).isEmpty)
        let export = try await rungd.rungctl(["export"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any], "\(export.stderr)")
        let responses = try #require(document["responses"] as? [[String: Any]])
        #expect(responses.map { $0["rating"] as? Int } == [7])
    }

    @Test("a vicarious prompt takes 'watched' as an ordinary answer, through rungd and with rungd stopped", arguments: [true, false])
    func watched(throughRungd: Bool) async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 2 * 86_400))
            peer = "Sam"
            """)
        if throughRungd { #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)") }
        let upcoming = try await rungd.rungctl(["upcoming", "--json", "--days", "3"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]], "\(upcoming.stderr)")
        let vicarious = try #require(plan.first { $0["kind"] as? String == "vicarious" }?["id"] as? String)
        let climb = try await rungd.rungctl(["respond", vicarious, "climb"])
        #expect(climb.stderr.contains("it offers: watched, done, snooze, skip"), "\(climb.stderr)")
        let watched = try await rungd.rungctl(["respond", vicarious, "watched"])
        #expect(watched.status == 0, "\(watched.stderr)")
        #expect(watched.stdout.hasPrefix("Recorded 'watched' for \(vicarious)"), "\(watched.stdout)")
        if throughRungd { #expect(await rungd.stop() == 0) }
        #expect(try Store(path: rungd.storePath).standingResponse(to: vicarious)?.answer == "watched")
    }

    @Test("an answer through rungctl takes the notification down, and a button pressed afterwards is ignored")
    func answerClosesNotification() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: ["actions", "body"])
        let rungd = try RungdHarness()
        let store = try await DesktopDeliveryTests.start(rungd, on: bus)
        #expect(try await server.waitForNotifyCalls(1, timeout: .seconds(30)).map(\.summary) == ["Debrief: Team talk"])
        #expect(await eventually { (try? OutboxIntegrationTests.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))

        let answered = try await rungd.rungctl(["respond", debrief.id, "success"])
        #expect(answered.status == 0, "\(answered.stderr)")
        var closed: [UInt32] = []
        _ = try await eventually(timeout: .seconds(30)) { closed = try await server.closeNotificationCalls(); return !closed.isEmpty }
        #expect(closed.count == 1, "the notification was not taken down; stderr: \(rungd.stderr)")

        // A button pressed before the close reached the server answers nothing more. rungd
        // takes the server's signals in order: once it reports the dismissal of a test
        // prompt signalled after the press, it has handled the press.
        let sample = try await rungd.rungctl(["test-notify", "--channel", "desktop", "--json"])
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(sample.stdout.utf8)) as? [String: Any], "\(sample.stderr)")["detail"]
        let sampleID = try #require((detail as? String)?.split(separator: " ").dropFirst().first.flatMap { UInt32($0) }, "\(sample.stdout)")
        try await server.emitActionInvoked(id: try #require(closed.first), actionKey: "miss")
        try await server.emitNotificationClosed(id: sampleID, reason: 2)
        #expect(await eventually { rungd.stderr.contains("the test prompt was dismissed on desktop") }, "stderr: \(rungd.stderr)")
        #expect(try store.responses(to: debrief.id).map(\.answer) == ["success"])
        #expect(await rungd.stop() == 0)
    }
}

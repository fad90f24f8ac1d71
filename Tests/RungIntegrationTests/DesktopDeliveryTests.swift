import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import Testing

/// The real rungd delivering to real notification servers on a private session bus: dunst
/// under Xvfb, and python-dbusmock's notification daemon for a server that comes late.
@Suite("rungd desktop delivery end to end")
struct DesktopDeliveryTests {
    /// Starts rungd on `bus` with a desktop channel and a talk whose debrief (due a minute
    /// ago, caught up from a last pass an hour ago) goes only there.
    static func start(_ rungd: RungdHarness, on bus: PrivateSessionBus) async throws -> Store {
        try rungd.writeConfig("""
            [channel.desktop]
            kind = "desktop"
            expire_timeout = "0"

            \(OutboxIntegrationTests.talk("channels = [\"desktop\"]"))
            """)
        return try await OutboxIntegrationTests.start(
            rungd, extraEnvironment: RungdHarness.passReports.merging(["DBUS_SESSION_BUS_ADDRESS": bus.address]) { $1 })
    }

    @Test("a debrief shows in dunst with Success / Partial / Miss, and choosing Success records the answer in the store")
    func dunstButtonAnswers() async throws {
        let bus = try await PrivateSessionBus.start()
        let dunst = try await DunstServer.start(on: bus)
        let rungd = try RungdHarness()
        let store = try await Self.start(rungd, on: bus)
        try await dunst.waitForDisplayed(1)

        let menu = try await dunst.chooseFromContextMenu("Success")
        #expect(menu.contains("#Success") && menu.contains("#Partial") && menu.contains("#Miss"), "\(menu)")
        #expect(await eventually(timeout: .seconds(20)) {
            (try? OutboxIntegrationTests.debrief(in: store))??.state == .answered
        }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        let responses = try store.responses(to: debrief.id)
        #expect(responses.map(\.answer) == ["success"])
        #expect(responses.first?.via == .button)
        // Answered, the notification was closed: dunst keeps it in its history.
        let history = try await dunst.history()
        #expect(history.contains { $0["summary"] == "Debrief: Team talk" && $0["appname"] == "Rung" }, "\(history)")
        let deliveries = try store.deliveries(of: debrief.id)
        #expect(deliveries.map(\.channel) == ["desktop"] && deliveries.first?.outcome == .sent)
        #expect(await rungd.stop() == 0)
    }

    @Test("with no notification server yet, a debrief waits for one and is shown once it appears")
    func waitsForLateServer() async throws {
        let bus = try await PrivateSessionBus.start()
        let rungd = try RungdHarness()
        let store = try await Self.start(rungd, on: bus)
        #expect(await eventually { rungd.stderr.contains("debrief for 'Team talk' waits for desktop") }, "stderr: \(rungd.stderr)")
        #expect(try OutboxIntegrationTests.debrief(in: store)?.state != .delivered)
        // rungctl status shows what waits, for which channel, until when, and why.
        let status = try await rungd.rungctl(["status", "--json"])
        let waiting = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])["waiting"] as? [[String: Any]]
        #expect(waiting?.count == 1)
        #expect(waiting?.first?["kind"] as? String == "debrief" && waiting?.first?["channel"] as? String == "desktop")
        #expect((waiting?.first?["reason"] as? String)?.contains("org.freedesktop.Notifications") == true, "\(status.stdout)")
        #expect(try await rungd.rungctl(["status"]).stdout.contains("for desktop until "))

        let server = try await NotificationMock.start(on: bus, capabilities: ["actions", "body"])
        let calls = try await server.waitForNotifyCalls(1, timeout: .seconds(20))
        #expect(calls.map(\.summary) == ["Debrief: Team talk"])
        #expect(calls.first?.actions == ["success", "Success", "partial", "Partial", "miss", "Miss"])
        #expect(await eventually { (try? OutboxIntegrationTests.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        // Shown once: rungd has acted on the delivery's end and started nothing more, nothing
        // else reached the server, and nothing waits any more.
        let shownAt = try #require(try OutboxIntegrationTests.debrief(in: store).flatMap { try store.deliveries(of: $0.id).last?.endedAt })
        #expect(await rungd.quietPass(after: shownAt) != nil, "stderr: \(rungd.stderr)")
        #expect(try await server.notifyCalls().count == 1)
        #expect(try await rungd.rungctl(["status"]).stdout.contains("  Waiting: for no channel"))
        #expect(await rungd.stop() == 0)
    }

    @Test("a reload that puts a working hook before the desktop a debrief waits for sends it through the hook at once")
    func reloadReroutesWhatWaits() async throws {
        let bus = try await PrivateSessionBus.start()
        let rungd = try RungdHarness()
        let store = try await Self.start(rungd, on: bus)
        #expect(await eventually { rungd.stderr.contains("debrief for 'Team talk' waits for desktop") }, "stderr: \(rungd.stderr)")
        // The one-line status says something waits, rather than "idle".
        let waiting = try await rungd.rungctl(["status"])
        #expect(waiting.stdout.contains("   Status: 1 waiting for desktop; "), "\(waiting.stdout)")
        try rungd.writeConfig("""
            [channel.desktop]
            kind = "desktop"
            expire_timeout = "0"

            \(OutboxIntegrationTests.talk("channels = [\"hook\", \"desktop\"]"))
            """)
        rungd.signal(SIGHUP)
        #expect(await eventually { rungd.hookDeliveries().count == 1 }, "stderr: \(rungd.stderr)")
        #expect(await eventually { (try? OutboxIntegrationTests.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        #expect(try store.deliveries(of: debrief.id).last?.channel == "hook")
        #expect(try await rungd.rungctl(["status"]).stdout.contains("  Waiting: for no channel"))
        #expect(await rungd.stop() == 0)
    }

    @Test("a debrief answered while it waits for a channel leaves the waiting list and is not sent")
    func answeredWhileWaiting() async throws {
        let bus = try await PrivateSessionBus.start()
        let rungd = try RungdHarness()
        let store = try await Self.start(rungd, on: bus)
        #expect(await eventually { rungd.stderr.contains("debrief for 'Team talk' waits for desktop") }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        let answer = try await rungd.rungctl(["respond", debrief.id, "success"])
        #expect(answer.status == 0, "\(answer.stderr)")
        let status = try await rungd.rungctl(["status"])
        #expect(status.stdout.contains("  Waiting: for no channel"), "\(status.stdout)")
        #expect(!status.stdout.contains("waiting for desktop"), "\(status.stdout)")
        #expect(status.stdout.contains("0 delivered, 1 answered"), "\(status.stdout)")
        // A server that appears now gets nothing: rungd hears of it and has nothing to send.
        let server = try await NotificationMock.start(on: bus, capabilities: ["actions", "body"])
        #expect(await eventually { rungd.stderr.contains("desktop reported that it can deliver again") }, "stderr: \(rungd.stderr)")
        #expect(!rungd.stderr.contains("desktop can deliver again; sending"), "stderr: \(rungd.stderr)")
        #expect(try await server.notifyCalls().isEmpty)
        #expect(try store.occurrence(id: debrief.id)?.state == .answered)
        #expect(await rungd.stop() == 0)
    }

    @Test("a debrief left unanswered on the desktop is escalated once by email, through msmtp to an SMTP server, and the ledger shows it")
    func escalatesToEmail() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: ["actions", "body"])
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [channel.desktop]
            kind = "desktop"

            [channel.mail]
            kind = "email"
            to = "ana@example.org"
            from = "rung@example.org"
            sendmail = ["msmtp", "-C", "\(try sink.msmtpConfiguration(from: "rung@example.org"))", "-t"]

            \(OutboxIntegrationTests.talk("channels = [\"desktop\", \"mail\"]\nescalate_after = \"3s\""))
            """)
        let store = try await OutboxIntegrationTests.start(
            rungd, extraEnvironment: RungdHarness.passReports.merging(["DBUS_SESSION_BUS_ADDRESS": bus.address]) { $1 })

        #expect(try await server.waitForNotifyCalls(1).map(\.summary) == ["Debrief: Team talk"])
        let mail = try #require(try await sink.waitForMail(count: 1, timeout: .seconds(30)).first)
        #expect(mail.recipients == ["ana@example.org"])
        let parsed = try await ParsedMail.parse(mail.data)
        #expect(parsed.header("Subject") == "Debrief: Team talk")
        #expect(parsed.header("From") == "rung@example.org" && parsed.header("To") == "ana@example.org")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        #expect(parsed.body?.contains("rungctl respond \(debrief.id) ") == true, "\(parsed.body ?? "")")
        #expect(await eventually { ((try? store.deliveries(of: debrief.id)) ?? []).count == 2 })
        let attempts = try store.deliveries(of: debrief.id)
        #expect(attempts.map(\.channel) == ["desktop", "mail"])
        #expect(attempts.map(\.purpose) == [.first, .escalation])
        #expect(attempts.allSatisfy { $0.outcome == .sent })
        // Once: after the escalation rungd has nothing to do until its window has passed again.
        let escalatedAt = try #require(attempts.last?.endedAt)
        #expect(await rungd.quietPass(after: escalatedAt, through: escalatedAt.adding(microseconds: 3_000_000)) != nil, "stderr: \(rungd.stderr)")
        #expect(try sink.received.count == 1)
        #expect(await rungd.stop() == 0)
    }

    @Test("a notification server that takes the call and never answers costs a reframe one time-out, then the hook has it")
    func hungServerFallsBack() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: ["actions", "body"])
        // Stopped, it still owns its name: the bus accepts calls for it, and no reply comes.
        server.process.pause()
        defer { server.process.resume() }
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [channel.desktop]
            kind = "desktop"

            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 125))
            duration = "1h"
            channels = ["desktop", "hook"]

            [prompts.reframe]
            offset = "-2min"
            expires_after = "5min"
            """)
        #expect(try await rungd.startUntilReady(extraEnvironment: ["DBUS_SESSION_BUS_ADDRESS": bus.address]), "stderr: \(rungd.stderr)")
        #expect(await eventually { rungd.hookDeliveries().count == 1 }, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().first?["kind"] as? String == "reframe")

        // The hook has it before rungd records how the attempt ended: wait for the ledger.
        let store = try Store(path: rungd.storePath)
        #expect(await eventually { ((try? store.occurrences(in: [.delivered])) ?? []).contains { $0.kind == .reframe } })
        let reframe = try #require(try store.occurrences(in: [.delivered]).first { $0.kind == .reframe })
        let attempts = try store.deliveries(of: reframe.id)
        // One attempt on the desktop, not five: a time-out is not retried.
        #expect(attempts.map(\.channel) == ["desktop", "hook"], "\(attempts)")
        #expect(attempts.map(\.outcome) == [.timedOut, .sent])
        #expect(attempts.first?.error?.contains("got no reply within 5.0 seconds") == true, "\(attempts)")
        // The hook took over as soon as the desktop's one wait (5 s) ended; retries would add
        // some 30 s. The bound is generous for a loaded machine.
        let handedOver = try #require(attempts.last?.startedAt.microseconds) - (try #require(attempts.first?.startedAt.microseconds))
        #expect(handedOver < 20_000_000, "the hook got the reframe \(handedOver) µs after the desktop attempt began")
        #expect(await rungd.stop() == 0)
    }

    @Test("rungctl test-notify without rungd leaves its notification on screen after it exits, and says so")
    func testNotifyStaysShown() async throws {
        let bus = try await PrivateSessionBus.start()
        let dunst = try await DunstServer.start(on: bus)
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [channel.desktop]
            kind = "desktop"
            expire_timeout = "0"
            """)
        var environment = rungd.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        let before = try await bus.connections()
        let sent = try await ProcessRunner.runDetached(ProcessRunner.product("rungctl"), ["test-notify", "--channel", "desktop"], environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent by rungctl, as rungd is not running: it stays on screen until you close it"), "\(sent.stdout)")
        // rungctl has exited, and the bus has let its connection go (only the asking one is
        // new): whatever rungctl sent reached dunst before the question that follows. The
        // notification is still shown: it was never closed.
        #expect(try await eventually(timeout: .seconds(20)) { try await bus.connections().subtracting(before).count <= 1 })
        try await dunst.waitForDisplayed(1)
        #expect(try await dunst.displayedCount() == 1)
        let history = try await dunst.history()
        #expect(history.isEmpty, "closed: \(history)")
    }
}

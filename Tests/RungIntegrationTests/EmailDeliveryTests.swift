import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import Testing

/// The real rungd sending email through msmtp to a real SMTP server on 127.0.0.1, behind a
/// sendmail wrapper script that can fail first, the way a mail command does when its
/// server is down for a moment.
@Suite("rungd email delivery end to end")
struct EmailDeliveryTests {
    /// A sendmail wrapper that exits with `firstStatus` on its first run and hands the
    /// message to msmtp (pointed at `sink`) from then on.
    static func sendmail(_ rungd: RungdHarness, sink: SMTPSink, firstStatus: Int32) throws -> String {
        let path = rungd.root.appendingPathComponent("sendmail.sh").path
        let runs = rungd.root.appendingPathComponent("sendmail.runs").path
        try """
            #!/bin/sh
            echo run >> '\(runs)'
            if [ "$(wc -l < '\(runs)')" -eq 1 ]; then echo 'mail server unreachable' >&2; exit \(firstStatus); fi
            exec msmtp -C '\(try sink.msmtpConfiguration(from: "rung@example.org"))' "$@"
            """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    static func start(_ rungd: RungdHarness, sendmail: String) async throws -> Store {
        let hook = try rungd.writeHook("phone")
        try """
            [rung]
            timezone = "UTC"
            channels = ["mail", "phone"]

            [channel.mail]
            kind = "email"
            to = "ana@example.org"
            from = "rung@example.org"
            sendmail = ["\(sendmail)", "-t"]

            [channel.phone]
            kind = "command"
            argv = ["\(hook)"]

            \(OutboxIntegrationTests.talk())
            """.write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
        return try await OutboxIntegrationTests.start(rungd)
    }

    @Test("the mail command exits 75, then takes the message: delivered on the retry, one mail, two ledger rows")
    func temporaryFailureThenSent() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let rungd = try RungdHarness()
        let store = try await Self.start(rungd, sendmail: try Self.sendmail(rungd, sink: sink, firstStatus: 75))
        let mail = try #require(try await sink.waitForMail(count: 1, timeout: .seconds(30)).first)
        #expect(mail.recipients == ["ana@example.org"])
        #expect(try await ParsedMail.parse(mail.data).header("Subject") == "Debrief: Team talk")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        #expect(await eventually { (try? store.occurrence(id: debrief.id))??.state == .delivered })
        let attempts = try store.deliveries(of: debrief.id)
        #expect(attempts.map(\.channel) == ["mail", "mail"])
        #expect(attempts.map(\.purpose) == [.first, .retry])
        #expect(attempts.map(\.outcome) == [.failed, .sent])
        #expect(attempts.first?.error == "exit status 75 (temporary failure): mail server unreachable")
        #expect(rungd.deliveries(toHook: "phone").isEmpty)
        #expect(try sink.received.count == 1)
        #expect(await rungd.stop() == 0)
    }

    @Test("the mail command exits 1: the prompt goes to the next channel at once, and no mail is sent")
    func permanentFailureFallsBack() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let rungd = try RungdHarness()
        let store = try await Self.start(rungd, sendmail: try Self.sendmail(rungd, sink: sink, firstStatus: 1))
        #expect(await eventually { rungd.deliveries(toHook: "phone").count == 1 }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try OutboxIntegrationTests.debrief(in: store))
        #expect(try store.deliveries(of: debrief.id).map(\.channel) == ["mail", "phone"])
        #expect(try store.deliveries(of: debrief.id).first?.error == "exit status 1: mail server unreachable")
        #expect(try sink.received.isEmpty)
        #expect(await rungd.stop() == 0)
    }
}

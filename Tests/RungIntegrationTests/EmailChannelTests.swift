import Foundation
import Glibc
import RungCore
import RungDelivery
import RungTestSupport
import RungTime
import Testing

@Suite("Email channel")
struct EmailChannelTests {
    static let title = "Débrief: Vortrag über Mut — 🎤"
    static let message = PromptMessage(
        occurrenceID: "0f3a9c2b7d4e1a55", kind: "debrief", subject: "performance:lightning-talk",
        title: title, body: "Wie lief es? Was behältst du für das nächste Mal?",
        due: Instant(seconds: 1_764_066_600), expires: Instant(seconds: 1_764_153_000),
        actions: [.init("success", "Success"), .init("partial", "Partial"), .init("miss", "Miss")])

    static func settings(to: String = "me@example.org", from: String? = "rung@example.org", sendmail: [String]) -> Channel.Email {
        var settings = Channel.Email(to: to)
        settings.from = from
        settings.sendmail = sendmail
        return settings
    }

    static func channel(_ settings: Channel.Email, timeout: Duration = .seconds(30)) -> EmailChannel {
        var settings = settings
        settings.timeout = TimeSpan(microseconds: UInt64(timeout.components.seconds) * 1_000_000 + UInt64(timeout.components.attoseconds / 1_000_000_000_000))
        return EmailChannel(name: "mail", settings: settings, zone: .utc, host: "laptop")
    }

    /// The Message-ID a `delivered` detail names.
    static func messageID(in outcome: DeliveryOutcome) -> String? {
        guard case .delivered(let detail) = outcome, let start = detail.lastIndex(of: "<") else { return nil }
        return String(detail[start...])
    }

    // MARK: - A sendmail-compatible command

    @Test("the message goes to the mail command's standard input, with its argv as configured")
    func pipesToCommand() async throws {
        let hooks = try HookDirectory()
        let sendmail = try hooks.script("sendmail", #"printf '%s\n' "$@" > "$0.args"; cat > "$0.stdin""#)
        let outcome = await Self.channel(Self.settings(sendmail: [sendmail, "-t", "-i"])).deliver(Self.message)
        let messageID = try #require(Self.messageID(in: outcome))
        #expect(outcome == .delivered(detail: "handed to sendmail (exit 0), Message-ID \(messageID)"))
        #expect(try String(contentsOfFile: sendmail + ".args", encoding: .utf8) == "-t\n-i\n")
        let data = try Data(contentsOf: URL(fileURLWithPath: sendmail + ".stdin"))
        #expect(!data.contains(0x0D), "lines end in LF for a local mail command")
        let mail = try await ParsedMail.parse(data)
        #expect(mail.header("Message-ID") == messageID)
        #expect(mail.header("Subject") == Self.title)
        #expect(mail.header("To") == "me@example.org")
    }

    @Test("exit 75 is a temporary failure worth retrying; other failures fall back, quoting stderr", arguments: [
        ("echo 'sendmail: mail queue locked' >&2; exit 75",
         DeliveryOutcome.failed(reason: "exit status 75 (temporary failure): sendmail: mail queue locked", retryable: true)),
        ("echo 'sendmail: fatal: no such user' >&2; exit 1", .failed(reason: "exit status 1: sendmail: fatal: no such user", retryable: false)),
        ("exit 67", .failed(reason: "exit status 67", retryable: false)),
        ("kill -9 $$", .failed(reason: "killed by signal 9", retryable: false)),
    ])
    func failures(body: String, expected: DeliveryOutcome) async throws {
        let hooks = try HookDirectory()
        let sendmail = try hooks.script("sendmail", "cat > /dev/null; " + body)
        #expect(await Self.channel(Self.settings(sendmail: [sendmail, "-t"])).deliver(Self.message) == expected)
    }

    @Test("a mail command that hangs is killed at the timeout, with the processes it started")
    func hangKilled() async throws {
        let hooks = try HookDirectory()
        let sendmail = try hooks.script("sendmail", #"sleep 300 & echo $! > "$0.child"; wait"#)
        let outcome = await Self.channel(Self.settings(sendmail: [sendmail, "-t"]), timeout: .milliseconds(500)).deliver(Self.message)
        #expect(outcome == .timedOut(reason: "timed out after 0.5 seconds and was killed"))
        let child = try #require(pid_t(try String(contentsOfFile: sendmail + ".child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let gone = await eventually(timeout: .seconds(5)) { kill(child, 0) != 0 || CommandChannelTests.isZombie(child) }
        #expect(gone, "the mail command's child \(child) outlived the timeout")
    }

    @Test("a mail command that is not installed fails at once, saying how to name one")
    func missingCommand() async {
        let outcome = await Self.channel(Self.settings(sendmail: ["rung-no-such-sendmail", "-t", "-i"])).deliver(Self.message)
        #expect(outcome == .failed(
            reason: #"cannot run rung-no-such-sendmail: Executable "rung-no-such-sendmail" is not found or cannot be executed. "#
                + #"Install a sendmail-compatible mail command, or name one in [channel.mail] sendmail, e.g. ["msmtp", "-t"]."#,
            retryable: false))
    }

    @Test("a hostile address fails without running the mail command", arguments: [
        ("me@example.org\r\nBcc: evil@example.com", "rung@example.org", "'to'"),
        ("me@example.org, evil@example.com", "rung@example.org", "'to'"),
        ("me@example.org", "rung@example.org\nBcc: evil@example.com", "'from'"),
    ])
    func hostileAddress(to: String, from: String, field: String) async throws {
        let hooks = try HookDirectory()
        let sendmail = try hooks.script("sendmail", #"touch "$0.ran""#)
        let outcome = await Self.channel(Self.settings(to: to, from: from, sendmail: [sendmail, "-t"])).deliver(Self.message)
        guard case .failed(let reason, let retryable) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("cannot compose the message: \(field) is not a single email address: "))
        #expect(!reason.contains { $0.isNewline })
        #expect(!retryable)
        #expect(!FileManager.default.fileExists(atPath: sendmail + ".ran"))
    }

    // MARK: - msmtp and a real SMTP server

    @Test("msmtp hands the message to an SMTP server, which receives every header, the body and only the configured recipient")
    func msmtpDelivers() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let configuration = try sink.msmtpConfiguration(from: "rung@example.org")
        let outcome = await Self.channel(Self.settings(sendmail: ["msmtp", "-C", configuration, "-t"])).deliver(Self.message)
        let messageID = try #require(Self.messageID(in: outcome), "\(outcome)")
        #expect(outcome == .delivered(detail: "handed to msmtp (exit 0), Message-ID \(messageID)"))

        let received = try await sink.waitForMail(count: 1)
        #expect(received.count == 1)
        #expect(received[0].sender == "rung@example.org")
        #expect(received[0].recipients == ["me@example.org"])
        let mail = try await ParsedMail.parse(received[0].data)
        #expect(mail.defects == [])
        #expect(mail.headerNames == ParsedMail.rungHeaders)
        #expect(mail.header("From") == "rung@example.org")
        #expect(mail.header("To") == "me@example.org")
        #expect(mail.header("Subject") == Self.title)
        #expect(abs(try #require(mail.dateSeconds) - Date().timeIntervalSince1970) < 300)
        #expect(mail.dateOffset == 0)
        #expect(mail.header("Message-ID") == messageID)
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.contentType == "text/plain")
        #expect(mail.charset == "utf-8")
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.header("Auto-Submitted") == "auto-generated")
        #expect(mail.header("X-Rung-Occurrence") == "0f3a9c2b7d4e1a55")
        // SMTP carries lines ending in CRLF; the parser keeps them.
        let body = try #require(mail.body).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(body.hasPrefix("Wie lief es? Was behältst du für das nächste Mal?\n"))
        #expect(body.contains("\n    rungctl respond 0f3a9c2b7d4e1a55 ANSWER\n"))
        #expect(body.contains("\n    partial   Partial\n"))
    }

    @Test("without a configured sender, msmtp writes the From header from its own configuration")
    func msmtpAddsFrom() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let configuration = try sink.msmtpConfiguration(from: "me.at.home@example.net")
        let outcome = await Self.channel(Self.settings(from: nil, sendmail: ["msmtp", "-C", configuration, "-t"])).deliver(Self.message)
        #expect(outcome.isDelivered, "\(outcome)")
        let received = try await sink.waitForMail(count: 1)
        let mail = try await ParsedMail.parse(received[0].data)
        #expect(received[0].sender == "me.at.home@example.net")
        #expect(mail.header("From") == "me.at.home@example.net")
        #expect(Set(mail.headerNames) == Set(ParsedMail.rungHeaders))
    }

    @Test("a hostile title reaches the SMTP server as a subject, never as a header or a recipient")
    func msmtpHostileTitle() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let configuration = try sink.msmtpConfiguration(from: "rung@example.org")
        var prompt = Self.message
        prompt.title = "Talk\r\nBcc: evil@example.com\r\n\r\n.\r\nRCPT TO:<evil@example.com>"
        let outcome = await Self.channel(Self.settings(sendmail: ["msmtp", "-C", configuration, "-t"])).deliver(prompt)
        #expect(outcome.isDelivered, "\(outcome)")
        let received = try await sink.waitForMail(count: 1)
        #expect(received[0].recipients == ["me@example.org"])
        let mail = try await ParsedMail.parse(received[0].data)
        #expect(mail.headerNames == ParsedMail.rungHeaders)
        #expect(mail.header("Subject") == "Talk Bcc: evil@example.com . RCPT TO:<evil@example.com>")
    }

    @Test("msmtp that cannot reach its server exits 75, and the channel says to retry")
    func msmtpServerDown() async throws {
        // A bound socket that never listens: every connection to its port is refused.
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let configuration = try sink.msmtpConfiguration(from: "rung@example.org")
        let outcome = await Self.channel(Self.settings(sendmail: ["msmtp", "-C", configuration, "--port=\(port)", "-t"])).deliver(Self.message)
        guard case .failed(let reason, let retryable) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("exit status 75 (temporary failure): msmtp: cannot connect to 127.0.0.1, port \(port)"))
        #expect(retryable)
    }

    @Test("an SMTP server that refuses the message makes msmtp fail, and the channel falls back quoting the server")
    func msmtpRefused() async throws {
        let sink = try await SMTPSink.start(replyingToData: "554 5.7.1 Rejected by policy")
        defer { sink.stop() }
        let configuration = try sink.msmtpConfiguration(from: "rung@example.org")
        let outcome = await Self.channel(Self.settings(sendmail: ["msmtp", "-C", configuration, "-t"])).deliver(Self.message)
        guard case .failed(let reason, let retryable) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("exit status 69: msmtp: the server did not accept the mail"))
        #expect(reason.contains("554 5.7.1 Rejected by policy"))
        #expect(!retryable)
        #expect(try sink.received.isEmpty)
    }
}

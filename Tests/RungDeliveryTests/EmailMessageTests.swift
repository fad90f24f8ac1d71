import Foundation
import RungCore
import RungDelivery
import RungTestSupport
import RungTime
import Testing

@Suite("Email message")
struct EmailMessageTests {
    static let expectedHeaders = ParsedMail.rungHeaders
    static let settings = {
        var settings = Channel.Email(to: "me@example.org")
        settings.from = "rung@example.org"
        return settings
    }()
    static let due = Instant(seconds: 1_764_066_600)

    static func prompt(title: String = "Débrief: Vortrag über Mut — 🎤", body: String = "Wie lief es?\nWas behältst du?") -> PromptMessage {
        PromptMessage(
            occurrenceID: "0f3a9c2b7d4e1a55", kind: "debrief", subject: "performance:lightning-talk",
            title: title, body: body, due: due, expires: Instant(seconds: 1_764_153_000),
            actions: [.init("success", "Success"), .init("partial", "Partial"), .init("miss", "Miss")])
    }

    static func message(
        _ prompt: PromptMessage = prompt(), settings: Channel.Email = settings, zone: TimeZoneRules = .utc, host: String = "laptop"
    ) throws -> EmailMessage {
        try EmailMessage(prompt: prompt, settings: settings, date: due, zone: zone, host: host)
    }

    /// Every line of `message` is 7-bit ASCII and ends in LF; header lines are at most 78
    /// characters, body lines at most 76; no body line could end a dot-terminated transfer
    /// or look like an mbox separator.
    static func expectSafeLines(_ message: EmailMessage, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(message.text.utf8)
        #expect(bytes.allSatisfy { $0 < 0x80 && ($0 >= 0x20 || $0 == 0x0A) }, "not printable 7-bit ASCII", sourceLocation: sourceLocation)
        #expect(bytes.last == 0x0A, sourceLocation: sourceLocation)
        let lines = message.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let blank = lines.firstIndex(of: "") ?? lines.endIndex
        for line in lines[..<blank] {
            #expect(line.utf8.count <= 78, "header line too long: \(line)", sourceLocation: sourceLocation)
        }
        for line in lines[blank...] {
            #expect(line.utf8.count <= 76, "body line too long: \(line)", sourceLocation: sourceLocation)
            #expect(line != "." && !line.hasPrefix("From "), "risky body line: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test("a prompt becomes a complete message that a mail parser reads back header by header")
    func completeMessage() async throws {
        let message = try Self.message(zone: try TimeZoneRules.named("Europe/Berlin"))
        Self.expectSafeLines(message)
        let mail = try await ParsedMail.parse(Data(message.text.utf8))
        #expect(mail.defects == [])
        #expect(mail.headerNames == Self.expectedHeaders)
        #expect(mail.header("From") == "rung@example.org")
        #expect(mail.header("To") == "me@example.org")
        #expect(mail.header("Subject") == "Débrief: Vortrag über Mut — 🎤")
        #expect(message.text.contains("\nDate: Tue, 25 Nov 2025 11:30:00 +0100\n"))
        #expect(mail.dateSeconds == 1_764_066_600)
        #expect(mail.dateOffset == 3600)
        #expect(mail.header("Message-ID") == message.messageID)
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.contentType == "text/plain")
        #expect(mail.charset == "utf-8")
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.header("Auto-Submitted") == "auto-generated")
        #expect(mail.header("X-Rung-Occurrence") == "0f3a9c2b7d4e1a55")
        #expect(mail.body == """
            Wie lief es?
            Was behältst du?

            Answer from a terminal:

                rungctl respond 0f3a9c2b7d4e1a55 ANSWER

            where ANSWER is one of:

                success   Success
                partial   Partial
                miss      Miss

            The prompt expires Wed 2025-11-26 11:30:00 CET.

            """)
    }

    @Test("without a configured sender there is no From header: the mail command adds its own")
    func noFrom() async throws {
        let message = try Self.message(settings: Channel.Email(to: "me@example.org"))
        let mail = try await ParsedMail.parse(Data(message.text.utf8))
        #expect(mail.headerNames == Array(Self.expectedHeaders.dropFirst()))
    }

    @Test("a short ASCII title is written as it is; a long one is folded into encoded-words", arguments: [
        ("Debrief: Lightning talk", "Subject: Debrief: Lightning talk"),
        (String(repeating: "Rung ", count: 20).trimmingCharacters(in: .whitespaces), "Subject: =?UTF-8?Q?Rung_Rung_"),
        ("Say =?utf-8?q?hi?=", "Subject: =?UTF-8?Q?Say_=3D=3Futf-8=3Fq=3Fhi=3F=3D?="),
    ])
    func subjectForm(title: String, expectedStart: String) async throws {
        let message = try Self.message(Self.prompt(title: title))
        Self.expectSafeLines(message)
        let subjectLine = try #require(message.text.split(separator: "\n").first { $0.hasPrefix("Subject: ") })
        #expect(subjectLine.hasPrefix(expectedStart))
        let mail = try await ParsedMail.parse(Data(message.text.utf8))
        #expect(mail.header("Subject") == title)
    }

    @Test("line breaks and controls in a title never start a header: they become single spaces", arguments: [
        ("Talk\r\nBcc: evil@example.com", "Talk Bcc: evil@example.com"),
        ("Talk\nTo: evil@example.com\n\nFake body", "Talk To: evil@example.com Fake body"),
        ("\n\nbody", "body"),
        ("Talk\rBcc: evil@example.com", "Talk Bcc: evil@example.com"),
        ("Line\u{2028}Bcc: a@x\u{2029}Cc: b@x\u{85}Reply-To: c@x", "Line Bcc: a@x Cc: b@x Reply-To: c@x"),
        ("NUL\u{0}here\u{1B}[31m red\u{7F}", "NUL here [31m red"),
        ("Tab\tand   spaces ", "Tab and spaces"),
        ("\r\n\u{0}", "Rung prompt"),
    ])
    func hostileTitle(title: String, shown: String) async throws {
        let message = try Self.message(Self.prompt(title: title))
        Self.expectSafeLines(message)
        let mail = try await ParsedMail.parse(Data(message.text.utf8))
        #expect(mail.defects == [])
        #expect(mail.headerNames == Self.expectedHeaders)
        #expect(mail.header("Subject") == shown)
        #expect(mail.header("To") == "me@example.org")
        #expect(mail.body?.hasPrefix("Wie lief es?\n") == true)
    }

    @Test("any title of letters, symbols, emoji and combining marks survives the round trip", .timeLimit(.minutes(2)))
    func randomTitles() async throws {
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_EMAIL_SEED")
        var random = SplitMix64(seed: seed)
        let pieces = [
            "a", "Z", "7", "=", "?", "_", "=?", "?=", ":", "\"", "(", "<", "@", ",", ";", "é", "ü", "ß", "—", "€",
            "🎤", "👩‍👩‍👧", "🇩🇪", "e\u{301}", "\u{200D}", "\u{00A0}", "漢字", "א", "\u{202E}", "ꙮ", "𝄞",
        ]
        var titles: [String] = []
        for _ in 0..<200 {
            let words = (0..<Int.random(in: 1...30, using: &random)).map { _ in
                (0..<Int.random(in: 1...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            titles.append(words.joined(separator: " "))
        }
        let messages = try titles.map { try Self.message(Self.prompt(title: $0)) }
        for message in messages { Self.expectSafeLines(message) }
        let parsed = try await ParsedMail.parse(messages.map { Data($0.text.utf8) })
        for (title, mail) in zip(titles, parsed) {
            #expect(mail.header("Subject") == title, "seed \(seed) (replay with RUNG_EMAIL_SEED)")
            #expect(mail.headerNames == Self.expectedHeaders, "seed \(seed)")
            #expect(mail.defects == [], "seed \(seed)")
        }
    }

    @Test("a body of any lines is quoted-printable in short 7-bit lines and decodes to the original")
    func bodyEncoding() async throws {
        let body = [
            String(repeating: "Lange Zeile mit Umlauten äöü und = Zeichen ", count: 8),
            ".", ".hidden", "From the start", "Fromage", "trailing spaces   ", "trailing tab\t",
            "crlf\r\nline", "nul\u{0}byte", "🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤🎤", String(repeating: "=", count: 100),
        ].joined(separator: "\n")
        let message = try Self.message(Self.prompt(body: body))
        Self.expectSafeLines(message)
        let mail = try await ParsedMail.parse(Data(message.text.utf8))
        #expect(mail.defects == [])
        #expect(mail.body?.hasPrefix(body.replacingOccurrences(of: "\r\n", with: "\n") + "\n\nAnswer from a terminal:") == true)
    }

    @Test("the Date header is the instant in the configured zone, in whole minutes of offset", arguments: [
        ("UTC", Int64(1_764_066_600), "Tue, 25 Nov 2025 10:30:00 +0000", 0),
        ("Europe/Berlin", 1_751_437_800, "Wed, 2 Jul 2025 08:30:00 +0200", 7200),
        ("America/St_Johns", 1_764_066_600, "Tue, 25 Nov 2025 07:00:00 -0330", -12600),
        // Amsterdam Mean Time was 19 min 32 s ahead of UTC: not expressible, so UTC.
        ("Europe/Amsterdam", -2_000_000_000, "Thu, 16 Aug 1906 20:26:40 +0000", 0),
    ])
    func date(zone: String, seconds: Int64, expected: String, offset: Int) async throws {
        let message = try EmailMessage(
            prompt: Self.prompt(), settings: Self.settings, date: Instant(seconds: seconds),
            zone: try TimeZoneRules.named(zone), host: "laptop")
        #expect(message.text.split(separator: "\n").contains { $0 == "Date: " + expected })
        let mail = try await ParsedMail.parse(Data(message.text.utf8))
        #expect(mail.dateSeconds == Double(seconds))
        #expect(mail.dateOffset == offset)
    }

    @Test("every message gets a Message-ID of its own, naming the occurrence and a plain host name")
    func messageID() throws {
        let first = try Self.message(host: "laptop.example.org")
        let second = try Self.message(host: "laptop.example.org")
        #expect(first.messageID != second.messageID)
        #expect(first.messageID.wholeMatch(of: /<0f3a9c2b7d4e1a55\.[0-9a-f]{16}@laptop\.example\.org>/) != nil)
        for host in ["", "bad host", "host\r\nBcc: x", "-.", String(repeating: "long", count: 20)] {
            #expect(try Self.message(host: host).messageID.hasSuffix("@rung.invalid>"), "host \(host.debugDescription)")
        }
    }

    @Test("an address that is not one bare address is refused, naming what is wrong", arguments: [
        ("me@example.org\r\nBcc: evil@example.com", "it holds a line break"),
        ("me@example.org\nBcc: evil@example.com", "it holds a line break"),
        ("me@example.org\u{2028}Bcc: evil@example.com", "it holds a line break"),
        ("me\u{0}@example.org", "it holds a control character"),
        ("me@example.org\u{1B}", "it holds a control character"),
        ("mé@example.org", "it holds a character outside ASCII (write an international domain in its xn-- form)"),
        ("me@example.org, evil@example.com", "it holds a space, comma or semicolon: one address only, without a name"),
        ("me@example.org,evil@example.com", "it holds a space, comma or semicolon: one address only, without a name"),
        ("me@example.org;evil@example.com", "it holds a space, comma or semicolon: one address only, without a name"),
        ("Me <me@example.org>", "it holds a space, comma or semicolon: one address only, without a name"),
        ("<me@example.org>", "it is not of the form local-part@domain"),
        ("\"me\"@example.org", "it is not of the form local-part@domain"),
        ("me@example.org(comment)", "it is not of the form local-part@domain"),
        ("me@@example.org", "it is not of the form local-part@domain"),
        ("me..too@example.org", "it is not of the form local-part@domain"),
        ("@example.org", "it is not of the form local-part@domain"),
        ("me@", "it is not of the form local-part@domain"),
        ("me@exa_mple.org", "it is not of the form local-part@domain"),
        ("", "it is not of the form local-part@domain"),
        (String(repeating: "x", count: 65) + "@example.org", "its local part is longer than 64 characters"),
        ("me@" + String(repeating: "sub.", count: 63) + "org", "it is longer than 254 characters"),
    ])
    func hostileAddress(address: String, reason: String) throws {
        for field in ["to", "from"] {
            var settings = Self.settings
            if field == "to" { settings.to = address } else { settings.from = address }
            let error = #expect(throws: EmailAddressError.self) { try Self.message(settings: settings) }
            #expect(error?.field == field)
            #expect(error?.reason == reason)
            #expect(error?.description.contains(where: { $0.isNewline || $0 == "\0" }) == false)
        }
    }

    @Test("an address error shows hidden characters as escapes")
    func addressErrorText() {
        let error = #expect(throws: EmailAddressError.self) { try EmailAddress("me@example.org\r\nBcc: e@x\u{2028}", field: "to") }
        #expect(error?.description == #"'to' is not a single email address: "me@example.org\r\nBcc: e@x\u{2028}": it holds a line break"#)
    }

    @Test("plain addresses of every allowed shape pass", arguments: [
        "me@example.org", "first.last+rung@mail.example.org", "me@localhost", "o'brien@xn--bcher-kva.example",
        "a!#$%&'*+-/=?^_`{|}~z@example.org",
    ])
    func validAddress(address: String) async throws {
        var settings = Self.settings
        settings.to = address
        let mail = try await ParsedMail.parse(Data(try Self.message(settings: settings).text.utf8))
        #expect(mail.header("To") == address)
        #expect(mail.headerNames == Self.expectedHeaders)
    }
}

import Logging
@testable import RungSystemd
import Synchronization
import Testing

@Suite("Plain-text log handler")
struct PlainTextLogHandlerTests {
    /// The lines a logger wrote, as the handler handed them over.
    final class Lines: Sendable {
        let written = Mutex<[String]>([])
    }

    @Test("a message and metadata with line breaks and escape sequences come out as one line, escaped")
    func oneEscapedLine() throws {
        let lines = Lines()
        var logger = Logger(label: "rungd") { PlainTextLogHandler(label: $0) { line in lines.written.withLock { $0.append(line) } } }
        logger[metadataKey: "config"] = "/home/ana/rung\r\n.toml"
        let forged = "Demo\r\n2026-11-25T09:30:00+0100 critical rungd: [RungDaemon] every channel failed\u{1B}[2J"
        logger.info("delivered reframe for '\(forged)' via desktop", metadata: ["title": "\(forged)", "path": "C:\\talks\tnew"])

        let written = lines.written.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.utf8.filter { $0 == UInt8(ascii: "\n") }.count == 1 && line.hasSuffix("\n"))
        #expect(!line.unicodeScalars.contains { $0 == "\r" || $0 == "\u{1B}" })
        let escapedForgery = #"Demo\r\n2026-11-25T09:30:00+0100 critical rungd: [RungDaemon] every channel failed\u{1B}[2J"#
        #expect(line.hasSuffix(
            #" info rungd: config=/home/ana/rung\r\n.toml path=C:\\talks\tnew title="# + escapedForgery
                + #" [RungSystemdTests] delivered reframe for '"# + escapedForgery + "' via desktop\n"))
    }

    @Test("controls, separators and backslashes are escaped; other text is left alone", arguments: [
        ("plain text, é ☕️", "plain text, é ☕️"),
        ("a\nb\rc\td", #"a\nb\rc\td"#),
        ("bell\u{07} nul\u{00} del\u{7F}", #"bell\u{7} nul\u{0} del\u{7F}"#),
        ("next line\u{85}csi\u{9B}", #"next line\u{85}csi\u{9B}"#),
        ("line\u{2028}paragraph\u{2029}", #"line\u{2028}paragraph\u{2029}"#),
        (#"a literal \n stays two characters"#, #"a literal \\n stays two characters"#),
    ])
    func escaping(text: String, expected: String) {
        #expect(PlainTextLogHandler.escaped(text) == expected)
    }

    @Test("an entry is timestamp, level, label, sorted metadata, source and message")
    func layout() {
        let line = PlainTextLogHandler.line(
            timestamp: "2026-11-25T09:30:00+0100", level: .notice, label: "rungd",
            metadata: ["occurrence_id": "3f2a", "channel": "desktop"], source: "RungDaemon", message: "escalated")
        #expect(line == "2026-11-25T09:30:00+0100 notice rungd: channel=desktop occurrence_id=3f2a [RungDaemon] escalated\n")
    }
}

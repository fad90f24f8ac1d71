import Foundation
import Glibc
import Logging
@testable import RungSystemd
import Testing

@Suite("Journal log handler")
struct JournalLogHandlerTests {
    @Test("an entry carries message, priority, code location and metadata as upper-case fields")
    func fields() {
        let fields = JournalLogHandler.fields(
            identifier: "rungd", level: .warning, message: "delivered",
            metadata: ["occurrence_id": "3f2a", "channel": "desktop", "message_id": "9b1c"],
            file: "Scheduler.swift", function: "fire()", line: 42)
        #expect(fields == [
            "MESSAGE=delivered", "PRIORITY=4", "SYSLOG_IDENTIFIER=rungd",
            "CODE_FILE=Scheduler.swift", "CODE_LINE=42", "CODE_FUNC=fire()",
            "CHANNEL=desktop", "MESSAGE_ID=9b1c", "OCCURRENCE_ID=3f2a",
        ])
    }

    @Test("metadata cannot overwrite the entry's own fields or produce invalid names", arguments: [
        ("message", nil as String?), ("priority", nil), ("_private", "PRIVATE"), ("9lives", "LIVES"),
        ("kind", "KIND"), ("rung.step-back", "RUNG_STEP_BACK"), ("___", nil),
    ])
    func fieldNames(key: String, expected: String?) {
        let name = JournalLogHandler.fieldName(for: key)
        if let expected {
            #expect(name == expected)
        } else {
            let fields = JournalLogHandler.fields(
                identifier: "rungd", level: .info, message: "m", metadata: [key: "x"],
                file: "f", function: "g", line: 1)
            #expect(fields.count == 6)
        }
    }

    @Test("syslog priorities follow the levels", arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorities(level: Logger.Level, priority: Int) {
        #expect(JournalLogHandler.priority(of: level) == priority)
    }

    @Test("standard error counts as the journal only when JOURNAL_STREAM names it")
    func detection() {
        var status = stat()
        fstat(STDERR_FILENO, &status)
        let matching = "\(status.st_dev):\(status.st_ino)"
        #expect(JournalConnection.isStandardErrorConnected(environment: ["JOURNAL_STREAM": matching]))
        #expect(!JournalConnection.isStandardErrorConnected(environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino + 1)"]))
        #expect(!JournalConnection.isStandardErrorConnected(environment: ["JOURNAL_STREAM": "garbage"]))
        #expect(!JournalConnection.isStandardErrorConnected(environment: [:]))
    }
}

import Foundation
import RungPracticeHistory
@testable import RungStore
import RungTestSupport
import RungTime
import Testing

/// `rungctl report` as a person runs it: on a seeded year of practice in a real store, piped,
/// on a terminal (under `script`), with NO_COLOR, and with bad input.
@Suite("rungctl report")
struct ReportCommandTests {
    /// A config and a store holding a year of practice ending now.
    struct Practice {
        let directory: TemporaryDirectory
        let config: String
        let store: String

        init(_ size: PracticeHistory.Size? = .oneYear) throws {
            directory = try TemporaryDirectory()
            let end = Instant.now()
            config = directory.file("rung.toml")
            try PracticeHistory.configText(end: end).write(toFile: config, atomically: true, encoding: .utf8)
            store = directory.file("rung.sqlite3")
            if let size { _ = try PracticeHistory.write(to: store, size: size, end: end) }
        }

        func report(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
            try await BuiltProduct.rungctl(["report", "--config", config] + arguments, store: store, environment: environment)
        }
    }

    @Test("--json gives every ladder with its rungs, calibration, moves and debriefs, and the performances ahead")
    func json() async throws {
        let practice = try Practice()
        let result = try await practice.report(["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["generated_at", "since", "ladders", "upcoming"])
        let ladders = try #require(object["ladders"] as? [[String: Any]])
        #expect(!ladders.isEmpty)
        for ladder in ladders {
            let rungs = try #require(ladder["rungs"] as? [[String: Any]])
            #expect(rungs.filter { $0["current"] as? Bool == true }.count == 1)
            let attempts = rungs.compactMap { $0["attempts"] as? Int }.reduce(0, +)
            let outcomes = rungs.map { ($0["success"] as? Int ?? 0) + ($0["partial"] as? Int ?? 0) + ($0["miss"] as? Int ?? 0) }.reduce(0, +)
            #expect(attempts == outcomes && attempts > 0)
            #expect(ladder["debriefs"] is [String: Int] && ladder["moves"] is [Any] && ladder["calibration_words"] is String)
        }
        #expect(ladders.contains { $0["calibration"] is [String: Any] }, "a year has enough predicted attempts on some ladder")
        #expect(object["upcoming"] is [[String: Any]])
    }

    @Test("piped, the report is plain ASCII laid out for 80 columns, and the store is only read")
    func piped() async throws {
        let practice = try Practice()
        let before = try Data(contentsOf: URL(fileURLWithPath: practice.store))
        let result = try await practice.report([])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Rung report - all of your record"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.contains("Calibration: ") && result.stdout.contains("Debriefs: "))
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "wider than 80 columns: \(line)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: practice.store)) == before)
    }

    /// `rungctl report ARGUMENTS` on a pseudo-terminal, as `script` gives one, written
    /// directly rather than through a pager that would wait for keys; its output with the
    /// terminal's line endings made plain.
    func onTerminal(_ practice: Practice, _ arguments: [String], environment: [String: String]) throws -> String {
        let command = ([BuiltProduct.path("rungctl"), "report", "--no-pager", "--config", practice.config, "--store", practice.store] + arguments)
            .map { "'\($0)'" }.joined(separator: " ")
        // The test runner's own NO_COLOR (some set it) must not reach a run that asks for colour.
        let unset = environment["NO_COLOR"] == nil ? ["-u", "NO_COLOR"] : []
        let result = try BuiltProduct.runTool("/usr/bin/env", unset + ["/usr/bin/script", "-q", "-e", "-c", command, "/dev/null"], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return result.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test("on a terminal: colour and Unicode blocks within the terminal's width; NO_COLOR gives plain text there too")
    func terminal() async throws {
        let practice = try Practice()
        let coloured = try onTerminal(practice, [], environment: ["COLUMNS": "70", "TERM": "xterm-256color"])
        #expect(coloured.contains("\u{1B}[") && coloured.contains("▶"))
        #expect(coloured.contains { "▁▂▃▄▅▆▇█".contains($0) }, "the confidence sparkline uses blocks")
        for line in coloured.split(separator: "\n") {
            let visible = line.replacing(/\x1B\[[0-9;]*m/, with: "")
            #expect(visible.count <= 70, "wider than the terminal: \(visible)")
        }
        let plain = try onTerminal(practice, [], environment: ["COLUMNS": "70", "TERM": "xterm-256color", "NO_COLOR": "1"])
        #expect(!plain.contains("\u{1B}") && plain.contains("> "))
    }

    @Test("on a terminal the report goes through $PAGER, whole")
    func paged() async throws {
        let practice = try Practice()
        let paged = practice.directory.file("paged.txt")
        let pager = practice.directory.file("pager")
        try "#!/bin/sh\ncat > '\(paged)'\n".write(toFile: pager, atomically: true, encoding: .utf8)
        #expect(chmod(pager, 0o755) == 0)
        let command = [BuiltProduct.path("rungctl"), "report", "--config", practice.config, "--store", practice.store].map { "'\($0)'" }.joined(separator: " ")
        let result = try BuiltProduct.runTool("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], environment: ["PAGER": pager, "NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let shown = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(shown.hasPrefix("Rung report") && shown.contains("Ahead"))
        #expect(!result.stdout.contains("Rung report"), "the report went to the pager, not past it")
    }

    @Test("--since and --ladder narrow the report")
    func narrowed() async throws {
        let practice = try Practice()
        let whole = try await practice.report(["--json"])
        let recent = try await practice.report(["--json", "--since", "2000-01-01T00:00Z"])
        #expect(whole.status == 0 && recent.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
        let first = try #require((object["ladders"] as? [[String: Any]])?.first?["ladder"] as? String)
        let one = try await practice.report(["--ladder", first])
        #expect(one.status == 0 && one.stdout.contains("\(first): "))
        let month = try await practice.report(["--json", "--since", "2999-01-01"])
        let future = try #require(try JSONSerialization.jsonObject(with: Data(month.stdout.utf8)) as? [String: Any])
        let rungs = (future["ladders"] as? [[String: Any]])?.flatMap { $0["rungs"] as? [[String: Any]] ?? [] } ?? []
        #expect(rungs.allSatisfy { $0["attempts"] as? Int == 0 })
    }

    @Test("bad input: a date, an unknown ladder, a missing store or config is refused in one form, nothing written")
    func badInput() async throws {
        let practice = try Practice()
        let date = try await practice.report(["--since", "yesterday"])
        #expect(date.status == 64 && date.stderr.hasPrefix("rungctl: error: ") && date.stderr.contains("'yesterday' is not a date"))
        let ladder = try await practice.report(["--ladder", "nosuch"])
        #expect(ladder.status == 64 && ladder.stderr.contains("rungctl: error: unknown ladder 'nosuch'"))
        let missing = try await BuiltProduct.rungctl(
            ["report", "--config", practice.config], store: practice.directory.file("elsewhere.sqlite3"))
        #expect(missing.status == 1 && missing.stderr.hasPrefix("rungctl: error: "))
        #expect(!FileManager.default.fileExists(atPath: practice.directory.file("elsewhere.sqlite3")))
        let noConfig = try await BuiltProduct.rungctl(["report", "--config", practice.directory.file("none.toml")], store: practice.store)
        #expect(noConfig.status == 1 && noConfig.stderr.hasPrefix("rungctl: error: "))
    }

    @Test("with an empty store nothing was tried yet, and the report says so")
    func empty() async throws {
        let practice = try Practice(nil)
        try Store(path: practice.store).pool.close()
        let result = try await practice.report([])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Confidence: no ratings yet") && result.stdout.contains("Moves: none yet."))
    }
}

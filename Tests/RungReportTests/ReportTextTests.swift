import Foundation
import RungCore
import RungPracticeHistory
import RungStore
import RungTestSupport
import RungTime
import Testing
@testable import RungReport

/// The terminal report of seeded practice histories (`RungPracticeHistory`), checked against
/// golden files with and without colour, so that a change of layout or wording is a visible
/// diff. Rewrite them with RUNG_UPDATE_GOLDEN=1.
@Suite("The terminal report")
struct ReportTextTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    /// The end of every generated history and the report's clock: a fixed instant, so that
    /// the goldens never depend on the day the tests run.
    static let end = Instant(seconds: 1_796_000_000)

    /// A history of `size` in a new store, and the report on it at `end`.
    static func report(
        _ size: PracticeHistory.Size?, in directory: TemporaryDirectory, since: Instant? = nil, ladder: String? = nil
    ) throws -> ProgressReport {
        try written(size, in: directory, since: since, ladder: ladder).report
    }

    /// `report(…)` with what the generator says it wrote.
    static func written(
        _ size: PracticeHistory.Size?, in directory: TemporaryDirectory, since: Instant? = nil, ladder: String? = nil
    ) throws -> (report: ProgressReport, summary: PracticeHistory.Summary) {
        let config = try ConfigLoader.load(PracticeHistory.configText(end: end), path: "rung.toml", now: end, systemZone: .utc)
        var store: Store?
        var summary = PracticeHistory.Summary()
        if let size {
            let path = directory.file("rung.sqlite3")
            summary = try PracticeHistory.write(to: path, size: size, end: end)
            store = try Store(path: path, access: .readOnly)
        }
        return (try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: store, now: end, since: since, ladder: ladder), summary)
    }

    static func checkGolden(_ name: String, _ actual: String) throws {
        let golden = goldenDirectory.appendingPathComponent("report-\(name).txt")
        if ProcessEnvironment.current["RUNG_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        let difference = lineDiff(expected: try String(contentsOf: golden, encoding: .utf8), actual: actual)
        #expect(difference.isEmpty, "the \(name) report changed; rerun with RUNG_UPDATE_GOLDEN=1 if intended:\n\(difference)")
    }

    static let colour = TerminalStyle(usesColour: true, width: 100)
    static let plain = TerminalStyle(usesColour: false, width: nil)

    @Test("a year of practice, in colour at 100 columns and in plain ASCII for a pipe")
    func yearGoldens() throws {
        let directory = try TemporaryDirectory()
        let report = try Self.report(.oneYear, in: directory)
        let coloured = ReportText(report, style: Self.colour).text
        let plain = ReportText(report, style: Self.plain).text
        try Self.checkGolden("year-colour", coloured)
        try Self.checkGolden("year-plain", plain)
        #expect(coloured.contains("\u{1B}[") && coloured.contains("▶"))
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.unicodeScalars.allSatisfy { $0.isASCII }, "plain text is ASCII, the generated titles being ASCII")
        for line in coloured.split(separator: "\n") {
            let visible = line.replacing(/\x1B\[[0-9;]*m/, with: "")
            #expect(visible.count <= 100, "a line wider than the terminal: \(visible)")
        }
    }

    @Test("the counts on the screen are the store's: attempts, evidence and debriefs add up")
    func countsAddUp() throws {
        let directory = try TemporaryDirectory()
        let report = try Self.report(.oneYear, in: directory)
        let store = try Store(path: directory.file("rung.sqlite3"), access: .readOnly)
        for ladder in report.ladders {
            let debriefs = try store.debriefs(skill: ladder.ladder.id)
            #expect(ladder.attempts == debriefs.count)
            #expect(ladder.debriefs.written + ladder.debriefs.awaitingDetail == debriefs.count)
            #expect(ladder.evidence == (try store.evidence(skill: ladder.ladder.id)).count)
            #expect(ladder.moves.count == (try store.ladderHistory(ladder.ladder.id)).count)
            #expect(ladder.currentRung == (try store.ladderPosition(ladder.ladder.id))?.rung ?? 1)
        }
        #expect(report.ladders.contains { $0.calibration != nil }, "a year of predictions is enough for calibration")
    }

    @Test("--since counts only what happened from then on, and the ladder still stands where it stands")
    func since() throws {
        let directory = try TemporaryDirectory()
        let whole = try Self.report(.oneYear, in: directory)
        let lastMonth = Self.end.adding(microseconds: -30 * Int64(TimeSpanUnit.day))
        let config = try ConfigLoader.load(PracticeHistory.configText(end: Self.end), path: "rung.toml", now: Self.end, systemZone: .utc)
        let store = try Store(path: directory.file("rung.sqlite3"), access: .readOnly)
        let recent = try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: store, now: Self.end, since: lastMonth)
        for (all, month) in zip(whole.ladders, recent.ladders) {
            #expect(month.attempts < all.attempts && month.evidence < all.evidence)
            #expect(month.currentRung == all.currentRung && month.proposal == all.proposal)
            #expect(month.confidence.allSatisfy { $0.at >= lastMonth } && month.moves.allSatisfy { $0.movedAt >= lastMonth })
        }
        #expect(ReportText(recent, style: Self.plain).text.contains("since 20"))
    }

    @Test("an empty store and a single entry give a whole report, saying nothing was tried")
    func emptyAndOne() throws {
        let empty = try Self.report(nil, in: try TemporaryDirectory())
        let emptyText = ReportText(empty, style: Self.plain).text
        try Self.checkGolden("empty-plain", emptyText)
        #expect(emptyText.contains("Confidence: no ratings yet") && emptyText.contains("Moves: none yet."))
        let one = try Self.report(.oneEntry, in: try TemporaryDirectory())
        try Self.checkGolden("one-entry-plain", ReportText(one, style: Self.plain).text)
        #expect(one.ladders.map(\.attempts).reduce(0, +) == 1)
    }

    @Test("ten years: every figure is counted and the screen stays one per ladder")
    func tenYears() throws {
        let directory = try TemporaryDirectory()
        let (report, summary) = try Self.written(.tenYears, in: directory)
        #expect(report.ladders.map(\.attempts).reduce(0, +) == summary.debriefs)
        #expect(report.ladders.map(\.evidence).reduce(0, +) == summary.evidence)
        #expect(summary.evidence == PracticeHistory.Size.tenYears.evidence)
        let text = ReportText(report, style: Self.plain).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines < report.ladders.count * 40 + 20, "\(lines) lines")
    }

    @Test("one ladder with --ladder")
    func oneLadder() throws {
        let all = try Self.report(nil, in: try TemporaryDirectory())
        let first = try #require(all.ladders.first).ladder.id
        let one = try Self.report(nil, in: try TemporaryDirectory(), ladder: first)
        #expect(one.ladders.map(\.ladder.id) == [first])
        #expect(one.upcoming.allSatisfy { $0.performance.ladder == first })
    }

    @Test("text from the config that a terminal would act on is shown escaped")
    func hostileTitles() throws {
        let config = try ConfigLoader.load("""
            [ladder.talks]
            skill = "talks\\u001B[2J"
            rungs = [{ title = "first\\u001B]0;owned\\u0007", stakes = "low" }, { title = "second\\u202E", stakes = "medium" }]
            """, path: "rung.toml", now: Self.end, systemZone: .utc)
        let report = try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: nil, now: Self.end)
        for style in [Self.colour, Self.plain] {
            let text = ReportText(report, style: style).text
            #expect(!text.contains("\u{1B}[2J") && !text.contains("\u{7}") && !text.contains("\u{202E}"))
            #expect(text.contains("talks\\x1b[2J") && text.contains("second\\u202e"))
        }
    }
}

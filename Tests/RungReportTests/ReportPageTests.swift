import Foundation
import RungCore
import RungPracticeHistory
import RungStore
import RungTestSupport
import RungTime
import Testing
@testable import RungReport

/// The HTML page of seeded practice histories, read as markup: what it holds, what it escapes,
/// and that it stays one pass over the store however long the record. How it looks in a
/// browser is `ReportPageBrowserTests`'s.
@Suite("The HTML report page")
struct ReportPageTests {
    static let end = ReportTextTests.end

    /// The report of `size` at `end`, with its evidence.
    static func report(_ size: PracticeHistory.Size, in directory: TemporaryDirectory) throws -> (ProgressReport, PracticeHistory.Summary) {
        let config = try ConfigLoader.load(PracticeHistory.configText(end: end), path: "rung.toml", now: end, systemZone: .utc)
        let path = directory.file("rung.sqlite3")
        let summary = try PracticeHistory.write(to: path, size: size, end: end)
        let store = try Store(path: path, access: .readOnly)
        let report = try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: store, now: end, withEvidence: true)
        return (report, summary)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.split(separator: needle, omittingEmptySubsequences: false).count - 1
    }

    /// The page's part from `start` up to the next `end`.
    static func part(of page: String, from start: String, to end: String) -> Substring {
        guard let from = page.range(of: start) else { return "" }
        let rest = page[from.upperBound...]
        return rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)]
    }

    @Test("a year: a section per ladder with its four charts, every evidence entry under its month, oldest first")
    func year() throws {
        let (report, summary) = try Self.report(.oneYear, in: try TemporaryDirectory())
        let page = ReportPage.html(report)
        #expect(page.hasSuffix("</main>\n</body>\n</html>\n"))
        for (index, progress) in report.ladders.enumerated() {
            #expect(page.contains("<section class=\"ladder\" id=\"ladder-\(index + 1)\"><h2>\(HTMLText.escape(progress.ladder.skill))"))
            for chart in ["position", "outcomes", "confidence", "calibration"] {
                #expect(page.contains("<svg class=\"chart\" id=\"ladder-\(index + 1)-\(chart)\" role=\"img\""))
            }
            #expect(page.contains("On rung \(progress.currentRung) of \(progress.ladder.rungs.count)"))
        }
        let evidence = Self.part(of: page, from: "<section id=\"evidence\">", to: "</section>")
        #expect(Self.count("<li>", in: String(evidence)) == summary.evidence && summary.evidence == report.evidence.count)
        let months = evidence.split(separator: "<h3>").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(months.count >= 12 && months.count <= 13, "\(months)")
        #expect(Set(months).count == months.count, "each month once")
        #expect(page.contains("<section id=\"ahead\"><h2>Ahead</h2>"))
        #expect(Self.count("<script", in: page) == 0)
    }

    @Test("text from the store and the config is escaped wherever the page shows it")
    func escaped() throws {
        let directory = try TemporaryDirectory()
        let config = try ConfigLoader.load("""
            [ladder.talks]
            skill = "talks <b>&</b>"
            rungs = [{ title = "first \\"<img src=x>\\"", stakes = "low" }, { title = "second\\u0007", stakes = "medium" }]
            """, path: "rung.toml", now: Self.end, systemZone: .utc)
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.addEvidence(Evidence(
            skill: "talks", rung: 1, what: "<script>alert(1)</script>", detail: "a & b", source: .feedback(from: "Ann <ann@x>"),
            feared: "\"they'd laugh\"", fearedHappened: false, happenedAt: Self.end, recordedAt: Self.end))
        let report = try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: store, now: Self.end, withEvidence: true)
        let page = ReportPage.html(report)
        for raw in ["<script", "<b>&", "<img src=x>", "Ann <ann", "\u{7}"] {
            #expect(!page.contains(raw), "\(raw) is shown as text, never markup")
        }
        #expect(page.contains("talks &lt;b&gt;&amp;&lt;/b&gt;"))
        #expect(page.contains("first &quot;&lt;img src=x&gt;&quot;"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && page.contains("feedback from Ann &lt;ann@x&gt;"))
        #expect(page.contains("&quot;they&#39;d laugh&quot; (it did not happen)"))
    }

    @Test("ten years, 20 000 evidence entries: every one on the page, built in one pass")
    func tenYears() throws {
        let (report, summary) = try Self.report(.tenYears, in: try TemporaryDirectory())
        let clock = ContinuousClock()
        var page = ""
        let elapsed = clock.measure { page = ReportPage.html(report) }
        let evidence = Self.part(of: page, from: "<section id=\"evidence\">", to: "</section>")
        #expect(Self.count("<li>", in: String(evidence)) == summary.evidence)
        // A bound on a quadratic build, not a benchmark: linear takes well under a second.
        #expect(elapsed < .seconds(20), "\(elapsed) for \(page.utf8.count) bytes")
    }
}

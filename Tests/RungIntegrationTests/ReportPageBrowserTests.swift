import Foundation
import RungPracticeHistory
@testable import RungStore
import RungTestSupport
import Testing

/// `rungctl report --html FILE` as a person opens it: the real command on a seeded store, the
/// page checked by the Nu HTML validator and rendered by a real headless Chromium at desktop
/// and phone widths. The screenshots are kept in `.build/test-artifacts/report/` to look at.
/// Serialized: each browser run takes a core.
@Suite("rungctl report --html in a browser", .serialized)
struct ReportPageBrowserTests {
    typealias Practice = ReportCommandTests.Practice

    /// The page for `practice`, written by `rungctl report --html`.
    static func page(_ practice: Practice, name: String = "report.html") async throws -> (path: String, html: String) {
        let path = practice.directory.file(name)
        let result = try await practice.report(["--html", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == path + "\n", "the path written is printed")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        return (path, html)
    }

    /// The ids of the page's charts, in order.
    static func chartIDs(in html: String) -> [String] {
        html.split(separator: "<svg class=\"chart\" id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// No script and nothing fetched: the page says so to the browser and has nothing to run.
    static func expectSelfContained(_ html: String) {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(!html.lowercased().contains("<script") && !html.contains("http://") && !html.contains("<link"))
        #expect(html.contains("@media (prefers-color-scheme: dark)") && html.contains("@media print"))
    }

    @Test("a year of practice: a private new file, valid HTML, every chart in the rendered DOM, no console error, real pixels")
    func yearOfPractice() async throws {
        let practice = try Practice()
        let (path, html) = try await Self.page(practice)
        #expect(permissions(path) == 0o600)
        let again = try await practice.report(["--html", path])
        #expect(again.status == 1 && again.stderr.contains("already exists"), "a second run refuses to overwrite: \(again.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == html)

        Self.expectSelfContained(html)
        let charts = Self.chartIDs(in: html)
        for ladder in 1...3 {
            for chart in ["position", "outcomes", "confidence", "calibration"] {
                #expect(charts.contains("ladder-\(ladder)-\(chart)"), "ladder \(ladder) has its \(chart) chart")
            }
        }
        #expect(html.contains("<section id=\"evidence\"><h2>Evidence</h2>") && html.contains("<ol class=\"timeline\">"))

        let validation = try await onOwnThread { try HTMLValidator.validate([path]) }
        #expect(validation.problems.isEmpty, "\(validation.checker): \(validation.problems.joined(separator: "\n"))")

        let dom = try await onOwnThread { try HeadlessBrowser.dumpDOM(of: path) }
        #expect(dom.consoleMessages.isEmpty, "\(dom.consoleMessages.joined(separator: "\n"))")
        #expect(Self.chartIDs(in: dom.dom) == charts, "every chart survives parsing")
        #expect(!dom.dom.contains("<script"))

        let artifacts = try HeadlessBrowser.artifactDirectory("report")
        for (name, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
            let png = artifacts + "/\(name).png"
            let rendering = try await onOwnThread { try HeadlessBrowser.screenshot(of: path, width: width, height: height, to: png) }
            #expect(rendering.consoleMessages.isEmpty, "\(name): \(rendering.consoleMessages.joined(separator: "\n"))")
            let pixels = try await onOwnThread { try ScreenshotPixels.read(png) }
            #expect(pixels.width == width && pixels.height == height)
            #expect(pixels.looksRendered, "\(name) screenshot looks blank: \(pixels)")
        }
    }

    @Test("with an empty store, and with a single entry, the page is still valid and quiet in the browser")
    func emptyAndSingleEntry() async throws {
        let empty = try Practice(nil)
        try Store(path: empty.store).pool.close()
        let single = try Practice(.oneEntry)
        let pages = [try await Self.page(empty), try await Self.page(single)]
        for (_, html) in pages { Self.expectSelfContained(html) }
        #expect(pages[0].html.contains("No evidence in this period yet."))
        #expect(pages[1].html.contains("1 entry, oldest first."))

        let validation = try await onOwnThread { try HTMLValidator.validate(pages.map(\.path)) }
        #expect(validation.problems.isEmpty, "\(validation.checker): \(validation.problems.joined(separator: "\n"))")
        for (path, html) in pages {
            let dom = try await onOwnThread { try HeadlessBrowser.dumpDOM(of: path) }
            #expect(dom.consoleMessages.isEmpty, "\(dom.consoleMessages.joined(separator: "\n"))")
            #expect(Self.chartIDs(in: dom.dom) == Self.chartIDs(in: html))
        }
    }
}

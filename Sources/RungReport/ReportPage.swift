import RungTime

/// The person's progress as one self-contained HTML page (`rungctl report --html FILE`): to
/// keep, print or show a coach. No script, no network, no file beside it: styles are inline,
/// charts are inline SVG with text alternatives, and a strict Content Security Policy says so
/// to the browser. Every string from the store or the config is escaped.
public enum ReportPage {
    /// The page of `report`: a section per ladder, the evidence log, the performances ahead.
    /// The report should carry its evidence (`ProgressReport(…, withEvidence: true)`).
    public static func html(_ report: ProgressReport) -> String {
        let span = report.since.map { "since \(HumanTimestamp.date($0, in: report.zone))" } ?? "all of your record"
        return document(title: "Rung report, \(HumanTimestamp.date(report.generatedAt, in: report.zone))") { page in
            page += "<header><h1>Rung report</h1><p class=\"muted\">\(span), at "
            page += "\(HumanTimestamp.minute(report.generatedAt, in: report.zone)).</p>"
            if !report.ladders.isEmpty {
                page += "<nav><ul>"
                for (index, progress) in report.ladders.enumerated() {
                    page += "<li><a href=\"#ladder-\(index + 1)\">\(HTMLText.escape(progress.ladder.skill))</a></li>"
                }
                page += "<li><a href=\"#evidence\">Evidence</a></li><li><a href=\"#ahead\">Ahead</a></li></ul></nav>"
            }
            page += "</header><main>"
            if report.ladders.isEmpty {
                page += "<p>The config defines no ladders ([ladder.ID]): there is no progress to show yet.</p>"
            }
            for (index, progress) in report.ladders.enumerated() {
                appendLadder(progress, index: index, report: report, to: &page)
            }
            appendEvidenceTimeline(report.evidence, zone: report.zone, to: &page)
            appendUpcoming(report, to: &page)
            page += "</main>"
        }
    }

    static func appendUpcoming(_ report: ProgressReport, to page: inout String) {
        let days = ProgressReport.upcomingHorizon.microseconds / UInt64(TimeSpanUnit.day)
        page += "<section id=\"ahead\"><h2>Ahead</h2>"
        guard !report.upcoming.isEmpty else {
            page += "<p class=\"muted\">No performances in the next \(days) days.</p></section>"
            return
        }
        page += "<p class=\"muted\">The performances of the next \(days) days, soonest first.</p><ol class=\"timeline\">"
        for upcoming in report.upcoming {
            page += "<li><time datetime=\"\(machineTime(upcoming.start))\">"
            page += HTMLText.escape(HumanTimestamp.text(upcoming.start, now: report.generatedAt, in: report.zone))
            page += "</time>“\(HTMLText.escape(upcoming.performance.title))” (\(upcoming.stakes.rawValue) stakes)"
            if let warning = upcoming.readinessWarning { page += "<br><span class=\"note\">Not ready yet: \(HTMLText.escape(warning))</span>" }
            if !upcoming.rehearsals.isEmpty {
                let days = upcoming.rehearsals.map { HTMLText.escape(HumanTimestamp.when($0, now: report.generatedAt, in: report.zone)) }
                page += "<br>Rehearsals planned: \(days.joined(separator: ", "))."
            }
            page += "</li>"
        }
        page += "</ol></section>"
    }

    /// A complete document titled `title`, whose `<body>` `appendBody` writes. The page is
    /// built in one string, appended to and never copied, so a store of tens of thousands of
    /// entries gives its page in linear time.
    static func document(title: String, appendBody: (inout String) -> Void) -> String {
        var page = ""
        page.reserveCapacity(64 * 1024)
        page += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="color-scheme" content="light dark">
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>

            """
        appendBody(&page)
        page += "\n</body>\n</html>\n"
        return page
    }
}

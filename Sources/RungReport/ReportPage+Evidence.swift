import RungStore
import RungTime

extension ReportPage {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// The evidence log as plain text grouped by month, oldest first: every entry shown in
    /// full, nothing collapsed, so the browser's find reaches all of it.
    static func appendEvidenceTimeline(_ entries: [Evidence], zone: TimeZoneRules, to page: inout String) {
        page += "<section id=\"evidence\"><h2>Evidence</h2>"
        guard !entries.isEmpty else {
            page += "<p class=\"muted\">No evidence in this period yet. Each success you record appears here.</p></section>"
            return
        }
        page += "<p class=\"muted\">\(entries.count) \(entries.count == 1 ? "entry" : "entries"), oldest first.</p>"
        var openMonth: (year: Int, month: Int)?
        for entry in entries {
            let time = zone.localTime(at: entry.happenedAt.seconds)
            if openMonth.map({ $0 != (time.year, time.month) }) ?? true {
                if openMonth != nil { page += "</ol>" }
                openMonth = (time.year, time.month)
                page += "<h3>\(monthNames[time.month - 1]) \(time.year)</h3><ol class=\"timeline\">"
            }
            appendEntry(entry, time: time, to: &page)
        }
        page += "</ol></section>"
    }

    private static func appendEntry(_ entry: Evidence, time: BrokenDownTime, to page: inout String) {
        page += "<li><time datetime=\"\(machineTime(entry.happenedAt))\">\(time.day) \(monthNames[time.month - 1].prefix(3)) \(twoDigits(time.hour)):\(twoDigits(time.minute))</time>"
        page += "<strong>\(HTMLText.escape(entry.what))</strong> <span class=\"muted\">"
        page += HTMLText.escape(entry.skill)
        if let rung = entry.rung { page += ", rung \(rung)" }
        page += ", " + sourceWords(entry.source) + "</span>"
        if !entry.detail.isEmpty { page += "<br>" + HTMLText.escape(entry.detail) }
        if let feared = entry.feared, !feared.isEmpty {
            let outcome = switch entry.fearedHappened {
            case true?: "it happened"
            case false?: "it did not happen"
            case nil: "not recorded whether it happened"
            }
            page += "<br><span class=\"muted\">Feared:</span> \(HTMLText.escape(feared)) (\(outcome))"
        }
        if let aids = entry.aids, !aids.isEmpty {
            page += "<br><span class=\"muted\">Aids:</span> " + HTMLText.escape(aids)
        }
        page += "</li>"
    }

    private static func sourceWords(_ source: Evidence.Source) -> String {
        switch source {
        case .manual: "written by hand"
        case .debrief: "from a debrief"
        case .feedback(let from): "feedback from " + HTMLText.escape(from)
        }
    }

    /// `2026-05-01T07:30Z`: the form HTML's `datetime` attribute accepts, in UTC.
    static func machineTime(_ instant: Instant) -> String {
        let time = TimeZoneRules.utc.localTime(at: instant.seconds)
        return "\(time.year)-\(twoDigits(time.month))-\(twoDigits(time.day))T\(twoDigits(time.hour)):\(twoDigits(time.minute))Z"
    }

    static func twoDigits(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
}

import RungStore

/// Evidence entries as people read them in a terminal.
enum EvidenceText {
    /// Each entry as a heading line (number, local time, skill, rung, source), then what
    /// happened and its detail, indented; a blank line between entries.
    static func table(_ entries: [Evidence]) -> String {
        guard !entries.isEmpty else { return "no evidence\n" }
        return entries.map(entry).joined(separator: "\n")
    }

    private static func entry(_ entry: Evidence) -> String {
        var heading = "#\(entry.id ?? 0)  \(StoreAccess.localMinute(entry.happenedAt))  \(entry.skill)"
        if let rung = entry.rung { heading += ", rung \(rung)" }
        switch entry.source {
        case .manual: heading += "  (by hand)"
        case .debrief: heading += "  (debrief)"
        case .feedback(let person): heading += "  (feedback from \(person))"
        }
        var text = heading + "\n    " + entry.what + "\n"
        if !entry.detail.isEmpty { text += "    " + entry.detail + "\n" }
        return text
    }
}

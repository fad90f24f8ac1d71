import Foundation
import RungCore
import RungStore
import RungTime

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
        if let rung = entry.rung {
            heading += ", rung \(rung)"
            if let titles = rungTitles[entry.skill], titles.indices.contains(rung - 1) { heading += " \u{201C}\(titles[rung - 1])\u{201D}" }
        }
        switch entry.source {
        case .manual: heading += "  (by hand)"
        case .debrief(let id): heading += id.map { "  (debrief #\($0))" } ?? "  (debrief)"
        case .feedback(let person): heading += "  (feedback from \(person)\(observation(entry)))"
        }
        var text = heading + "\n    " + entry.what + "\n"
        if !entry.detail.isEmpty { text += "    " + entry.detail + "\n" }
        return text
    }

    /// Each ladder's rung titles, from the config at the default path when it can be read
    /// without errors (silently: a list does not need it), so that a rung is named by its
    /// title as well as its number.
    static let rungTitles: [String: [String]] = {
        let path = ConfigFile.defaultPath(environment: ProcessInfo.processInfo.environment)
        guard let text = try? ConfigFile.read(atPath: path),
              let config = ConfigLoader.check(
                text, path: path, now: .now(), systemZone: TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)).config
        else { return [:] }
        return Dictionary(uniqueKeysWithValues: config.ladders.map { ($0.id, $0.rungs.map(\.title)) })
    }()

    /// For feedback: whether its giver saw the attempt, and whether it is only praise.
    private static func observation(_ entry: Evidence) -> String {
        var notes: [String] = []
        switch entry.observed {
        case true?: notes.append("saw it")
        case false?: notes.append("did not see it")
        case nil: break
        }
        if entry.praiseOnly == true { notes.append("praise only") }
        return notes.isEmpty ? "" : ", " + notes.joined(separator: ", ")
    }
}

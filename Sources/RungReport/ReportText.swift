import RungCore
import RungStore
import RungTime

/// The progress report as text for a terminal: a screen per ladder, then the performances
/// ahead. With colour (a terminal that takes it) it uses colour and Unicode blocks; without
/// (`NO_COLOR`, a pipe, `TERM=dumb`) plain ASCII, apart from the titles the person wrote.
/// Lines fit the terminal's width; piped text is laid out for 80 columns. Every text from
/// the config or the store is escaped (`TerminalStyle.escaped`) before it is styled.
public struct ReportText {
    public var report: ProgressReport
    public var style: TerminalStyle
    /// How many of a ladder's latest moves are listed (all are counted).
    public static let movesShown = 6
    /// How many performances ahead are listed.
    public static let upcomingShown = 8

    public init(_ report: ProgressReport, style: TerminalStyle) {
        self.report = report
        self.style = style
    }

    var unicode: Bool { style.usesColour }
    var width: Int { max(40, style.width ?? 80) }

    /// The whole report, ending in a line break.
    public var text: String {
        var blocks = [header]
        if report.ladders.isEmpty {
            blocks.append("The config defines no ladders ([ladder.ID]): there is no progress to show yet.")
        }
        blocks += report.ladders.map(ladderBlock)
        blocks.append(upcomingBlock)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    var header: String {
        let span = report.since.map { "since \(HumanTimestamp.date($0, in: report.zone))" } ?? "all of your record"
        return style.bold(nil, "Rung report") + " \(dash) \(span), at \(HumanTimestamp.minute(report.generatedAt, in: report.zone))"
    }

    // MARK: One ladder

    func ladderBlock(_ progress: LadderProgress) -> String {
        let ladder = progress.ladder
        var lines = [style.bold(.cyan, safe("\(ladder.id): \(ladder.skill)"))]
        let current = ladder.rungs.indices.contains(progress.currentRung - 1) ? ladder.rungs[progress.currentRung - 1] : nil
        var standing = "On rung \(progress.currentRung) of \(ladder.rungs.count)"
        if let current { standing += ", \(quoted(current.title)) (\(current.stakes.rawValue) stakes)" }
        standing += progress.currentSince.map { ", since \(HumanTimestamp.date($0, in: report.zone))." } ?? ", where every ladder starts."
        lines.append(wrap(safe(standing), indent: 0))
        lines.append("")
        lines += rungTable(progress)
        lines.append("")
        lines.append(confidenceLine(progress))
        lines.append(wrap("Calibration: " + safe(unicode ? progress.calibrationWords : ascii(progress.calibrationWords)), indent: 2))
        let proposal = proposalLines(progress)
        lines.append(wrap(safe(proposal[0]), indent: 2))
        lines += proposal.dropFirst().map { "  " + wrap(safe($0), indent: 2) }
        lines += moveLines(progress)
        lines += nextHighStakesLines(progress)
        lines.append(wrap("Debriefs: " + progress.debriefs.words { "`\($0)`" }, indent: 2))
        return lines.joined(separator: "\n")
    }

    /// The columns of the rung table after the title and stakes, with what they count.
    static let columns = ["ok", "part", "miss", "evid", "conf"]

    /// The rungs, top of the ladder first, the current one marked, then what the columns mean.
    func rungTable(_ progress: LadderProgress) -> [String] {
        let prefix = 8, stakes = 7
        let titleWidth = max(10, width - prefix - stakes - Self.columns.count * 6)
        let heading = "     #  " + pad("rung", titleWidth) + pad("stakes", stakes) + Self.columns.map { "  " + leftPad($0, 4) }.joined()
        var lines = [style.bold(nil, TerminalStyle.fitted(heading, to: width, unicode: unicode))]
        for rung in progress.rungs.reversed() {
            let isCurrent = rung.number == progress.currentRung
            let mark = isCurrent ? (unicode ? "▶" : ">") : " "
            let tried = rung.attempts > 0
            let values = [tried ? "\(rung.successes)" : "-", tried ? "\(rung.partials)" : "-", tried ? "\(rung.misses)" : "-",
                          "\(rung.evidence)", rung.latestConfidence.map { "\($0)" } ?? "-"]
            let line = "  \(mark) " + leftPad("\(rung.number)", 2) + "  " + pad(clip(rung.rung.title, titleWidth - 1), titleWidth)
                + pad(rung.rung.stakes.rawValue, stakes) + values.map { "  " + leftPad($0, 4) }.joined()
            lines.append(isCurrent ? style.bold(nil, safe(line)) : safe(line))
        }
        let span = report.since == nil ? "" : " since \(HumanTimestamp.date(report.since!, in: report.zone))"
        lines.append(wrap("ok, part, miss: attempts\(span) that succeeded, partly or not; evid: evidence logged; conf: the latest confidence rated (0\(unicode ? "\u{2013}" : "-")100).", indent: 2))
        return lines
    }

    func confidenceLine(_ progress: LadderProgress) -> String {
        let values = progress.confidence.map { Double($0.confidence) }
        guard let first = values.first, let last = values.last else {
            return wrap("Confidence: no ratings yet (a prediction, a debrief or `rungctl ladder rate` gives one).", indent: 2)
        }
        let summary = values.count == 1
            ? " \(Int(first)) (1 rating)"
            : " from \(Int(first)) to \(Int(last)) (\(values.count) ratings)"
        let label = "Confidence "
        let room = max(8, width - label.count - summary.count - 1)
        let line = Sparkline.line(values, width: min(room, 48), unicode: unicode)
        return label + style.coloured(.green, line) + summary
    }

    /// What Rung proposes and why; what to do next as a line of its own, shown indented.
    func proposalLines(_ progress: LadderProgress) -> [String] {
        let proposal = progress.proposal
        let verb = switch proposal.step {
        case .climb: "climb to"
        case .hold: "hold on"
        case .stepBack: "step back to"
        }
        let rungs = progress.ladder.rungs
        let title = rungs.indices.contains(proposal.toRung - 1) ? " " + quoted(rungs[proposal.toRung - 1].title) : ""
        var lines = ["Proposed: \(verb) rung \(proposal.toRung)\(title) \(dash) \(proposal.reason)"]
        if let suggestion = proposal.suggestion { lines.append(suggestion) }
        return unicode ? lines : lines.map(ascii)
    }

    func moveLines(_ progress: LadderProgress) -> [String] {
        let moves = progress.moves
        guard !moves.isEmpty else { return ["Moves: none" + (report.since == nil ? " yet." : " in this time.")] }
        let counts = LadderMove.Kind.allCases.compactMap { kind -> String? in
            let count = moves.count { $0.kind == kind }
            return count == 0 ? nil : "\(count) \(Self.name(of: kind, plural: count != 1))"
        }
        var lines = ["Moves: \(counts.joined(separator: ", "))" + (moves.count > Self.movesShown ? "; the latest \(Self.movesShown):" : ":")]
        for move in moves.suffix(Self.movesShown) {
            let what = switch (move.kind, move.fromRung) {
            case (.climb, let from?), (.stepBack, let from?): "\(Self.name(of: move.kind, plural: false)) \(from) \(arrow) \(move.toRung)"
            default: "\(Self.name(of: move.kind, plural: false)) at \(move.toRung)"
            }
            let line = "  \(HumanTimestamp.date(move.movedAt, in: report.zone))  " + pad(what, 17) + (unicode ? move.reason : ascii(move.reason))
            lines.append(TerminalStyle.fitted(safe(line), to: width, unicode: unicode))
        }
        return lines
    }

    func nextHighStakesLines(_ progress: LadderProgress) -> [String] {
        guard let next = progress.nextHighStakes else { return [] }
        let when = HumanTimestamp.text(next.start, now: report.generatedAt, in: report.zone)
        var lines = [wrap(safe("Next high-stakes: \(quoted(next.performance.title)) \(when)"), indent: 2)]
        if let warning = next.readinessWarning {
            lines.append("  " + style.coloured(.yellow, wrap(safe("Not ready yet: " + (unicode ? warning : ascii(warning))), indent: 4)))
        } else {
            let needed = progress.ladder.coaching.mediumSuccesses
            lines.append("  " + style.coloured(.green, wrap("Ready by your record: it has the \(needed) successes at medium stakes or above it asks for.", indent: 4)))
        }
        if next.rehearsals.isEmpty {
            lines.append("  " + wrap("Rehearsals: none planned before it (Rung plans them before one-off performances).", indent: 4))
        } else {
            let days = next.rehearsals.map { HumanTimestamp.when($0, now: report.generatedAt, in: report.zone) }
            lines.append(wrap("  Rehearsals planned: " + days.joined(separator: ", "), indent: 4))
        }
        return lines
    }

    // MARK: Ahead

    var upcomingBlock: String {
        let days = ProgressReport.upcomingHorizon.microseconds / UInt64(TimeSpanUnit.day)
        guard !report.upcoming.isEmpty else { return "Ahead: no performances in the next \(days) days." }
        var lines = [style.bold(nil, "Ahead, in the next \(days) days:")]
        for upcoming in report.upcoming.prefix(Self.upcomingShown) {
            let when = HumanTimestamp.text(upcoming.start, now: report.generatedAt, in: report.zone)
            var line = "  \(when)  \(upcoming.performance.title) (\(upcoming.stakes.rawValue) stakes)"
            if upcoming.readinessWarning != nil { line += unicode ? " ⚠ not ready yet" : " ! not ready yet" }
            lines.append(TerminalStyle.fitted(safe(line), to: width, unicode: unicode))
        }
        if report.upcoming.count > Self.upcomingShown {
            lines.append("  and \(report.upcoming.count - Self.upcomingShown) more (`rungctl upcoming --days \(days)`)")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Words and layout

    static func name(of kind: LadderMove.Kind, plural: Bool) -> String {
        let name = switch kind {
        case .start: "start"
        case .climb: "climb"
        case .hold: "hold"
        case .stepBack: "step back"
        }
        return plural ? name + "s" : name
    }

    var dash: String { unicode ? "\u{2014}" : "-" }
    var arrow: String { unicode ? "\u{2192}" : "->" }

    func quoted(_ text: String) -> String { unicode ? "\u{201C}\(text)\u{201D}" : "\"\(text)\"" }

    /// `text` with Rung's own typography (quotes, dashes, arrows, minus) in ASCII.
    func ascii(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\u{201C}", "\u{201D}": result += "\""
            case "\u{2018}", "\u{2019}": result += "'"
            case "\u{2014}", "\u{2013}", "\u{2212}": result += "-"
            case "\u{2192}": result += "->"
            case "\u{2026}": result += "..."
            default: result.append(character)
            }
        }
        return result
    }

    func safe(_ text: String) -> String { TerminalStyle.escaped(text) }

    /// `text` wrapped so that no line passes the width, its lines after the first
    /// indented by `indent`, for text that starts at most `indent` columns in.
    func wrap(_ text: String, indent: Int) -> String {
        TerminalStyle.wrapped(text, width: width - indent, indent: indent)
    }

    func clip(_ text: String, _ count: Int) -> String {
        TerminalStyle.fitted(text, to: count, unicode: unicode)
    }

    func pad(_ text: String, _ count: Int) -> String {
        text + String(repeating: " ", count: max(1, count - text.count))
    }

    func leftPad(_ text: String, _ count: Int) -> String {
        String(repeating: " ", count: max(0, count - text.count)) + text
    }
}

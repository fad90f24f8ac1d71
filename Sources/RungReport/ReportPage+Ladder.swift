import RungCore
import RungStore
import RungTime

extension ReportPage {
    /// One ladder: where it stands, its charts each with words or a table beside, the moves
    /// and their reasons, the next high-stakes performance and the debriefs.
    static func appendLadder(_ progress: LadderProgress, index: Int, report: ProgressReport, to page: inout String) {
        let ladder = progress.ladder
        let id = "ladder-\(index + 1)"
        page += "<section class=\"ladder\" id=\"\(id)\"><h2>\(HTMLText.escape(ladder.skill)) "
        page += "<span class=\"muted\">(\(HTMLText.escape(ladder.id)))</span></h2><p>On rung \(progress.currentRung) of \(ladder.rungs.count)"
        if ladder.rungs.indices.contains(progress.currentRung - 1) {
            let rung = ladder.rungs[progress.currentRung - 1]
            page += ", “\(HTMLText.escape(rung.title))” (\(rung.stakes.rawValue) stakes)"
        }
        page += progress.currentSince.map { ", since \(HumanTimestamp.date($0, in: report.zone)).</p>" } ?? ", where every ladder starts.</p>"
        let proposal = progress.proposal
        page += "<p>Proposed: \(words(proposal.step)) rung \(proposal.toRung) — \(HTMLText.escape(proposal.reason))"
        if let suggestion = proposal.suggestion { page += " " + HTMLText.escape(suggestion) }
        page += "</p><div class=\"figures\">"
        appendPositionChart(progress, id: id, report: report, to: &page)
        appendOutcomeChart(progress, id: id, to: &page)
        appendConfidenceChart(progress, id: id, report: report, to: &page)
        appendCalibrationChart(progress, id: id, to: &page)
        page += "</div>"
        appendMoves(progress, report: report, to: &page)
        appendNextHighStakes(progress, report: report, to: &page)
        page += "<h3>Debriefs</h3><p>\(progress.debriefs.words { "<code>\($0)</code>" })</p></section>"
    }

    static func words(_ step: LadderStep) -> String {
        switch step {
        case .climb: "climb to"
        case .hold: "hold on"
        case .stepBack: "step back to"
        }
    }

    private static func appendPositionChart(_ progress: LadderProgress, id: String, report: ProgressReport, to page: inout String) {
        let positions = progress.positions.isEmpty
            ? [(x: Double(report.since?.seconds ?? report.generatedAt.seconds), rung: progress.currentRung)]
            : progress.positions.map { (x: Double($0.at.seconds), rung: $0.rung) }
        let start = Instant(microseconds: Int64(positions[0].x) * 1_000_000)
        let path = progress.positions.map { "rung \($0.rung) on \(HumanTimestamp.date($0.at, in: report.zone))" }
        let description = path.isEmpty
            ? "The ladder has stayed on rung \(progress.currentRung) in this time."
            : "Where the ladder stood: " + path.joined(separator: ", then ") + "; now on rung \(progress.currentRung)."
        page += "<figure>"
        page += SVGChart.steps(
            id: "\(id)-position", title: "Ladder position over time", description: description,
            rungTitles: progress.ladder.rungs.map(\.title), positions: positions, end: Double(report.generatedAt.seconds),
            axisLabels: (HumanTimestamp.date(start, in: report.zone), HumanTimestamp.date(report.generatedAt, in: report.zone)))
        page += "<figcaption>Ladder position over time.</figcaption></figure>"
    }

    private static func appendOutcomeChart(_ progress: LadderProgress, id: String, to page: inout String) {
        let rows = progress.rungs.map {
            SVGChart.OutcomeCounts(label: "\($0.number) \($0.rung.title)", successes: $0.successes, partials: $0.partials, misses: $0.misses)
        }
        let description = progress.rungs.map {
            "rung \($0.number): \($0.successes) succeeded, \($0.partials) partly, \($0.misses) not"
        }.joined(separator: "; ")
        page += "<figure>"
        page += SVGChart.outcomeBars(id: "\(id)-outcomes", title: "Outcomes per rung", description: "Attempts by outcome. " + description, rows: rows)
        page += "<table class=\"visually-hidden\"><caption>Attempts, evidence and confidence per rung</caption>"
        page += "<tr><th scope=\"col\">Rung</th><th scope=\"col\">Stakes</th><th scope=\"col\">Succeeded</th><th scope=\"col\">Partly</th>"
        page += "<th scope=\"col\">Not</th><th scope=\"col\">Evidence</th><th scope=\"col\">Latest confidence</th></tr>"
        for rung in progress.rungs {
            page += "<tr><th scope=\"row\">\(rung.number) \(HTMLText.escape(rung.rung.title))</th><td>\(rung.rung.stakes.rawValue)</td>"
            page += "<td>\(rung.successes)</td><td>\(rung.partials)</td><td>\(rung.misses)</td><td>\(rung.evidence)</td>"
            page += "<td>\(rung.latestConfidence.map(String.init) ?? "none")</td></tr>"
        }
        page += "</table><figcaption>Attempts per rung: succeeded · partly · not.</figcaption></figure>"
    }

    private static func appendConfidenceChart(_ progress: LadderProgress, id: String, report: ProgressReport, to page: inout String) {
        let ratings = progress.confidence
        guard let first = ratings.first, let last = ratings.last else {
            page += "<figure><p class=\"muted\">Confidence: no ratings yet (a prediction, a debrief or "
            page += "<code>rungctl ladder rate</code> gives one).</p></figure>"
            return
        }
        let description = ratings.count == 1
            ? "One rating: \(first.confidence) on \(HumanTimestamp.date(first.at, in: report.zone))."
            : "\(ratings.count) ratings, from \(first.confidence) on \(HumanTimestamp.date(first.at, in: report.zone)) "
                + "to \(last.confidence) on \(HumanTimestamp.date(last.at, in: report.zone))."
        page += "<figure>"
        page += SVGChart.line(
            id: "\(id)-confidence", title: "Confidence over time (0–100)", description: description,
            points: ratings.map { (x: Double($0.at.seconds), value: Double($0.confidence)) },
            axisLabels: (HumanTimestamp.date(first.at, in: report.zone), HumanTimestamp.date(last.at, in: report.zone)))
        page += "<figcaption>Confidence: \(HTMLText.escape(description))</figcaption></figure>"
    }

    private static func appendCalibrationChart(_ progress: LadderProgress, id: String, to page: inout String) {
        let bins = SVGChart.CalibrationBin.bins(progress.calibrationPoints.map { (predicted: $0.predicted, outcome: $0.outcome.score) })
        let binWords = bins.map {
            "\($0.count) predicted \($0.band)–\($0.band + ($0.band == 90 ? 10 : 9)): \(Int(($0.observedRate * 100).rounded())) % succeeded"
        }
        let description = bins.isEmpty
            ? "No predicted attempts yet."
            : "Predicted confidence against how often it succeeded, in bands of ten: " + binWords.joined(separator: "; ") + "."
        page += "<figure>"
        page += SVGChart.calibration(id: "\(id)-calibration", title: "Calibration: predictions against outcomes", description: description, bins: bins)
        page += "<figcaption>Calibration: \(HTMLText.escape(progress.calibrationWords)) "
        page += "Dots on the dashed line are predictions that matched what happened.</figcaption></figure>"
    }

    private static func appendMoves(_ progress: LadderProgress, report: ProgressReport, to page: inout String) {
        page += "<h3>Moves</h3>"
        guard !progress.moves.isEmpty else {
            page += "<p class=\"muted\">None\(report.since == nil ? " yet" : " in this time").</p>"
            return
        }
        page += "<ol class=\"timeline\">"
        for move in progress.moves {
            let from = move.fromRung.map { "\($0) → " } ?? ""
            page += "<li><time datetime=\"\(machineTime(move.movedAt))\">\(HumanTimestamp.date(move.movedAt, in: report.zone))</time>"
            page += "\(ReportText.name(of: move.kind, plural: false)) \(from)\(move.toRung): \(HTMLText.escape(move.reason))</li>"
        }
        page += "</ol>"
    }

    private static func appendNextHighStakes(_ progress: LadderProgress, report: ProgressReport, to page: inout String) {
        guard let next = progress.nextHighStakes else { return }
        page += "<h3>Next high-stakes performance</h3><p>“\(HTMLText.escape(next.performance.title))”, "
        page += HTMLText.escape(HumanTimestamp.text(next.start, now: report.generatedAt, in: report.zone)) + ".</p>"
        if let warning = next.readinessWarning {
            page += "<p class=\"note\">Not ready yet: \(HTMLText.escape(warning))</p>"
        } else {
            page += "<p>Ready by your record: it has the \(progress.ladder.coaching.mediumSuccesses) successes at medium stakes or above it asks for.</p>"
        }
        if next.rehearsals.isEmpty {
            page += "<p>Rehearsals: none planned before it.</p>"
        } else {
            let days = next.rehearsals.map { HTMLText.escape(HumanTimestamp.when($0, now: report.generatedAt, in: report.zone)) }
            page += "<p>Rehearsals planned: \(days.joined(separator: ", ")).</p>"
        }
    }
}

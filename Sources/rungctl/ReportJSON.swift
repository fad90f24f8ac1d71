import RungCore
import RungReport
import RungStore
import RungTime

/// `rungctl report --json`: the report for programs, every figure the text shows and the
/// lists it shortens, times in ISO 8601 UTC as the export writes them.
enum ReportJSON {
    static func object(_ report: ProgressReport) -> String {
        JSONText.object([
            ("generated_at", time(report.generatedAt)),
            ("since", report.since.map(time) ?? "null"),
            ("ladders", JSONText.array(report.ladders.map(ladder))),
            ("upcoming", JSONText.array(report.upcoming.map(upcoming))),
        ])
    }

    static func ladder(_ progress: LadderProgress) -> String {
        JSONText.object([
            ("ladder", JSONText.string(progress.ladder.id)),
            ("skill", JSONText.string(progress.ladder.skill)),
            ("current_rung", "\(progress.currentRung)"),
            ("current_since", progress.currentSince.map(time) ?? "null"),
            ("rungs", JSONText.array(progress.rungs.map { rung in
                JSONText.object([
                    ("rung", "\(rung.number)"),
                    ("title", JSONText.string(rung.rung.title)),
                    ("stakes", JSONText.string(rung.rung.stakes.rawValue)),
                    ("current", rung.number == progress.currentRung ? "true" : "false"),
                    ("attempts", "\(rung.attempts)"),
                    ("success", "\(rung.successes)"),
                    ("partial", "\(rung.partials)"),
                    ("miss", "\(rung.misses)"),
                    ("evidence", "\(rung.evidence)"),
                    ("latest_self_efficacy", rung.latestConfidence.map { "\($0)" } ?? "null"),
                ])
            })),
            ("evidence", "\(progress.evidence)"),
            ("confidence", JSONText.array(progress.confidence.map { rating in
                JSONText.object([("at", time(rating.at)), ("rung", "\(rating.rung)"), ("self_efficacy", "\(rating.confidence)")])
            })),
            ("calibration", progress.calibration.map { calibration in
                JSONText.object([
                    ("attempts", "\(calibration.attempts)"),
                    ("brier", "\(calibration.brierScore)"),
                    ("bias", "\(calibration.bias)"),
                    ("mean_predicted", "\(calibration.meanPredicted)"),
                    ("successes", "\(calibration.successes)"),
                    ("tendency", JSONText.string(calibration.tendency(band: progress.ladder.coaching.biasBand).rawValue)),
                ])
            } ?? "null"),
            ("calibration_words", JSONText.string(progress.calibrationWords)),
            ("predicted_attempts", JSONText.array(progress.calibrationPoints.map { point in
                JSONText.object([("at", time(point.at)), ("predicted", "\(point.predicted)"), ("outcome", JSONText.string(point.outcome.rawValue))])
            })),
            ("moves", JSONText.array(progress.moves.map(ExportText.jsonObject))),
            ("proposal", CoachingText.proposalJSON(progress.proposal)),
            ("next_high_stakes", progress.nextHighStakes.map(upcoming) ?? "null"),
            ("debriefs", JSONText.object([
                ("written", "\(progress.debriefs.written)"),
                ("awaiting_detail", "\(progress.debriefs.awaitingDetail)"),
                ("prompts_passed", "\(progress.debriefs.promptsPassed)"),
            ])),
        ])
    }

    static func upcoming(_ upcoming: UpcomingPerformance) -> String {
        JSONText.object([
            ("performance", JSONText.string(upcoming.performance.id)),
            ("title", JSONText.string(upcoming.performance.title)),
            ("ladder", upcoming.performance.ladder.map(JSONText.string) ?? "null"),
            ("start", time(upcoming.start)),
            ("stakes", JSONText.string(upcoming.stakes.rawValue)),
            ("readiness_warning", upcoming.readinessWarning.map(JSONText.string) ?? "null"),
            ("rehearsals", JSONText.array(upcoming.rehearsals.map(time))),
        ])
    }

    static func time(_ instant: Instant) -> String { JSONText.string(ExportText.timestamp(instant)) }
}

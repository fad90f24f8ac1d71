import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl ladder rate`: how sure the person is that they can do a rung — what a climb to
/// it waits for, and what the ladder's shape check compares between neighbours.
struct LadderRateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Say how sure you are that you can do a rung of a ladder.",
        discussion: """
            Rate whether you can do the rung, not whether you will: 0 means you cannot do \
            it at all, 50 that you are moderately certain you can, 100 that you are highly \
            certain. Without --rung the rating is for the rung above the current one, the \
            one a climb needs (the current one on the top rung). A climb is proposed only \
            when the latest confidence for the next rung is high enough (climb_confidence \
            in [coaching]). Ratings are kept in the store, whether or not rungd is \
            running; the latest one for a rung counts. Prints what was recorded and the \
            proposal that follows from it.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The ladder's id, as in [ladder.ID].")
    var ladder: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How sure you are that you can do the rung, 0–100.", valueName: "n"))
    var confidence: Int

    @Option(name: .long, help: ArgumentHelp("The rung: its number from 1, or its title (default: the next rung up).", valueName: "rung"))
    var rung: String?

    func run() async throws {
        let now = Instant.now()
        let loaded = try configOptions.checkedConfig(now: now, defines: "ladders ([ladder.ID])")
        let ladder = try LadderCommand.ladder(self.ladder, in: loaded.config)
        if case .failure(let refusal) = PredictionRule.checked(confidence: confidence) {
            throw ValidationError(refusal.message(in: loaded.zone))
        }
        let top = ladder.rungs.count
        let named = try rung.map { try LadderCommand.rung(named: $0, on: ladder) }
        if let named, !(1...top).contains(named) {
            throw ValidationError("ladder '\(ladder.id)' has no rung \(named): its rungs are 1 to \(top).")
        }
        let store = try StoreAccess.open(storeOptions)
        let (rating, record) = try StoreAccess.reportingFailures {
            let current = try store.ladderPosition(ladder.id)?.rung ?? 1
            let rated = named ?? min(current + 1, top)
            let rating = try store.rateRung(RungRating(ladder: ladder.id, rung: rated, selfEfficacy: confidence, recordedAt: now))
            return (rating, try store.ladderRecord(ladder, config: loaded.config))
        }
        let proposal = LadderProposal(ladder: ladder, record: record, now: now)
        let title = ladder.rungs[rating.rung - 1].title
        output.print(
            json: JSONText.object([
                ("ladder", JSONText.string(ladder.id)),
                ("rung", "\(rating.rung)"),
                ("title", JSONText.string(title)),
                ("confidence", "\(rating.selfEfficacy)"),
                ("recorded_at", JSONText.string(ExportText.timestamp(rating.recordedAt))),
                ("proposal", CoachingText.proposalJSON(proposal)),
            ]),
            text: (["\(ladder.id): confidence \(rating.selfEfficacy) recorded for rung \(rating.rung) of \(top), \u{201C}\(title)\u{201D}"]
                + CoachingText.proposalLines(proposal, on: ladder)).joined(separator: "\n"))
    }
}

import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// `rungctl evidence add`: one entry, written by hand.
struct EvidenceAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an entry to the evidence log.",
        discussion: """
            Say what you did, specifically: 'gave the 3-minute stand-up update without \
            notes', not 'went fine'. On a terminal, a vague entry gets one question asking \
            for something a camera could have recorded; its answer becomes the detail. The \
            entry is written at once and never lost; its number is printed. When a config file exists, the skill must be one of its \
            ladders (its id, e.g. talks) and the rung one of that ladder's. The text may be \
            at most \(TextLimits.text) characters long, the detail \(TextLimits.detail). \
            --at back-dates an entry: \(EvidenceDate.accepted).
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("The skill (e.g. public-speaking).", valueName: "skill"))
    var skill: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The rung of the skill's ladder: its number from 1, or its title.", valueName: "rung"))
    var rung: String?

    @Option(name: .long, help: ArgumentHelp("The specific detail that makes it evidence.", valueName: "text"))
    var detail: String = ""

    @Option(name: .long, help: ArgumentHelp("When it happened, if not now (a date or date-time, not in the future).", valueName: "date"),
            transform: DateArgument.instant)
    var at: Instant?

    @Argument(help: ArgumentHelp("What happened.", valueName: "what"))
    var what: [String] = []

    func validate() throws {
        try EvidenceDate.checkPast(at, now: Instant.now())
        try EvidenceLimits.check(what: what.joined(separator: " "), detail: detail)
    }

    func run() async throws {
        let rung = try self.rung.map { try configOptions.rungNumber($0, skill: skill, now: Instant.now()) }
        try configOptions.checkSkill(skill, rung: rung, now: Instant.now())
        let what = what.joined(separator: " ")
        var detail = detail
        if detail.allSatisfy(\.isWhitespace), let answer = FollowUpQuestion.answer(to: SpecificText.review(what, followUpAsked: false)) {
            detail = answer
        }
        let store = try StoreAccess.open(storeOptions)
        let now = Instant.now()
        let entry = try StoreAccess.reportingFailures {
            try store.addEvidence(Evidence(
                skill: skill, rung: rung, what: what, detail: detail,
                source: .manual, happenedAt: at ?? now, recordedAt: now))
        }
        if output.json {
            print(ExportText.jsonObject(entry))
        } else {
            TerminalOutput.write("added evidence #\(entry.id ?? 0)")
        }
    }
}

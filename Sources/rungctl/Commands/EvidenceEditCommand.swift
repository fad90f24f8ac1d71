import ArgumentParser
import RungCore
import RungStore
import RungTime

/// `rungctl evidence edit ID`: an entry corrected in place.
struct EvidenceEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Correct an entry of the evidence log.",
        discussion: """
            Changes what you give and keeps the rest; the entry keeps its number and when \
            it was recorded, and notes when it was edited. Written straight into the store, \
            whether or not rungd runs, and printed as it now is (with --json, in the shape \
            of `rungctl export`'s evidence). When a config file exists, the skill must be \
            one of its ladders and the rung one of that ladder's, by number or title. The \
            text may be at most \(TextLimits.text) characters long, the detail \(TextLimits.detail). \
            --at takes \(EvidenceDate.accepted). An unknown ID is refused with nothing written.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("The entry's number, as `rungctl evidence list` shows it.", valueName: "id"))
    var id: Int64

    @Option(name: .long, help: ArgumentHelp("What happened, instead of what the entry says.", valueName: "text"))
    var text: String?

    @Option(name: .long, help: ArgumentHelp("The specific detail that makes it evidence (empty to remove it).", valueName: "text"))
    var detail: String?

    @Option(name: .long, help: ArgumentHelp("The skill.", valueName: "skill"))
    var skill: String?

    @Option(name: .long, help: ArgumentHelp("The rung of the skill's ladder: its number from 1, or its title.", valueName: "rung"))
    var rung: String?

    @Option(name: .long, help: ArgumentHelp("When it happened (a date or date-time, not in the future).", valueName: "date"),
            transform: DateArgument.instant)
    var at: Instant?

    func validate() throws {
        guard text != nil || detail != nil || skill != nil || rung != nil || at != nil else {
            throw ValidationError("Say what to change: --text, --detail, --skill, --rung or --at.")
        }
        try EvidenceDate.checkPast(at, now: Instant.now())
        try EvidenceLimits.check(what: text, detail: detail, textName: "--text")
    }

    func run() async throws {
        let now = Instant.now()
        let store = try StoreAccess.open(storeOptions)
        guard let entry = try StoreAccess.reportingFailures({ try store.evidence(id: id) }) else {
            throw Self.unknown(id)
        }
        let skill = skill ?? entry.skill
        var rungNumber = entry.rung
        if let rung {
            rungNumber = try configOptions.rungNumber(rung, skill: skill, now: now)
        }
        if self.skill != nil || self.rung != nil {
            try configOptions.checkSkill(skill, rung: rungNumber, now: now)
        }
        let edited = try StoreAccess.reportingFailures {
            do {
                return try store.editEvidence(id: id, editedAt: now) { entry in
                    entry.skill = skill
                    entry.rung = rungNumber
                    if let text { entry.what = text }
                    if let detail { entry.detail = detail }
                    if let at { entry.happenedAt = at }
                }
            } catch let error as StoreError where error.code == .notFound {
                throw Self.unknown(id)
            }
        }
        output.print(json: ExportText.jsonObject(edited), text: "edited evidence #\(id):\n" + EvidenceText.table([edited]).dropLast())
    }

    /// The usage error for an entry the log does not hold.
    static func unknown(_ id: Int64) -> ValidationError {
        ValidationError("there is no evidence #\(id); `rungctl evidence list` shows the entries and their numbers.")
    }
}

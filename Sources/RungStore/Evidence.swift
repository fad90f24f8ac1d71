import GRDB
import RungCore
import RungTime

/// One entry of the mastery evidence log: something the person did, specific enough that
/// a camera could have recorded it, on a skill and (optionally) a rung of its ladder.
public struct Evidence: Sendable, Hashable {
    /// Where an entry came from.
    public enum Source: Sendable, Hashable {
        /// Written by hand (`rungctl evidence add`).
        case manual
        /// Drawn from a debrief, identified when it was recorded in this store.
        case debrief(id: Int64?)
        /// Feedback from a named person (the observer of a performance).
        case feedback(from: String)
    }

    /// The entry's number, assigned when it is added; `nil` before.
    public var id: Int64?
    public var skill: String
    public var rung: Int?
    /// What happened, in one line.
    public var what: String
    /// The specific detail that makes it evidence ("kept eye contact through the Q&A").
    public var detail: String
    public var source: Source
    /// For feedback: whether the observer actually saw the attempt.
    public var observed: Bool?
    /// What the person feared would happen, and whether it did.
    public var feared: String?
    public var fearedHappened: Bool?
    /// Aids used (notes, a script, a friend in the room).
    public var aids: String?
    /// The performance it is about, when it names one (feedback on an attempt).
    public var performance: String?
    /// For feedback: whether it is only praise of the person ("you were great"), kept but
    /// never quoted back (COACHING.md §7); nil for other entries.
    public var praiseOnly: Bool?
    public var happenedAt: Instant
    public var recordedAt: Instant
    /// When the person last corrected the entry (`rungctl evidence edit`); nil if never.
    public var editedAt: Instant?

    public init(
        id: Int64? = nil, skill: String, rung: Int? = nil, what: String, detail: String = "",
        source: Source = .manual, observed: Bool? = nil, feared: String? = nil,
        fearedHappened: Bool? = nil, aids: String? = nil, performance: String? = nil, praiseOnly: Bool? = nil,
        happenedAt: Instant, recordedAt: Instant, editedAt: Instant? = nil
    ) {
        self.id = id
        self.skill = skill
        self.rung = rung
        self.what = what
        self.detail = detail
        self.source = source
        self.observed = observed
        self.feared = feared
        self.fearedHappened = fearedHappened
        self.aids = aids
        self.performance = performance
        self.praiseOnly = praiseOnly
        self.happenedAt = happenedAt
        self.recordedAt = recordedAt
        self.editedAt = editedAt
    }

    /// Refuses an entry that would not be evidence: a malformed skill, a rung below 1,
    /// no words about what happened, words past `TextLimits`, feedback from nobody.
    func validate() throws {
        try Evidence.validateSkill(skill)
        if let rung, rung < 1 {
            throw StoreError.invalid("rung \(rung) is not a rung; rungs are numbered from 1")
        }
        if what.allSatisfy(\.isWhitespace) {
            throw StoreError.invalid("the evidence text is empty; say what happened, specifically (e.g. 'gave the 3-minute stand-up update without notes')")
        }
        if let problem = TextLimits.problem(what, field: "the evidence text", limit: TextLimits.text)
            ?? TextLimits.problem(detail, field: "the detail", limit: TextLimits.detail) {
            throw StoreError.invalid(problem)
        }
        if case .feedback(let person) = source, person.allSatisfy(\.isWhitespace) {
            throw StoreError.invalid("feedback needs the name of the person who gave it")
        }
    }

    /// A skill is known when its name is well formed: `[a-z0-9][a-z0-9_-]*`.
    static func validateSkill(_ skill: String) throws {
        let bytes = Array(skill.utf8)
        let isWellFormed = bytes.first.map { isLowerAlphanumeric($0) } == true
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        guard isWellFormed else {
            throw StoreError.invalid("unknown skill '\(skill)': a skill is named with lowercase letters, digits, '-' and '_', starting with a letter or digit (e.g. 'public-speaking')")
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// Read and written by hand, unlike the other records: `source` is one enum spread over
/// three columns (`source`, `debrief_id`, `given_by`), and a `Codable` version would need
/// its own `init(from:)` and `encode(to:)` over the same columns, as long as these and less
/// direct.
extension Evidence: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "evidence"

    public enum Columns {
        public static let id = Column("id")
        public static let skill = Column("skill")
        public static let happenedAt = Column("happened_at")
    }

    public init(row: Row) {
        id = row["id"]
        skill = row["skill"]
        rung = row["rung"]
        what = row["what"]
        detail = row["detail"]
        switch row["source"] as String {
        case "debrief": source = .debrief(id: row["debrief_id"])
        case "feedback": source = .feedback(from: row["given_by"])
        default: source = .manual
        }
        observed = row["observed"]
        feared = row["feared"]
        fearedHappened = row["feared_happened"]
        aids = row["aids"]
        performance = row["performance"]
        praiseOnly = row["praise_only"]
        happenedAt = row["happened_at"]
        recordedAt = row["recorded_at"]
        editedAt = row["edited_at"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["skill"] = skill
        container["rung"] = rung
        container["what"] = what
        container["detail"] = detail
        switch source {
        case .manual:
            container["source"] = "manual"
        case .debrief(let debriefID):
            container["source"] = "debrief"
            container["debrief_id"] = debriefID
        case .feedback(let person):
            container["source"] = "feedback"
            container["given_by"] = person
        }
        container["observed"] = observed
        container["feared"] = feared
        container["feared_happened"] = fearedHappened
        container["aids"] = aids
        container["performance"] = performance
        container["praise_only"] = praiseOnly
        container["happened_at"] = happenedAt
        container["recorded_at"] = recordedAt
        container["edited_at"] = editedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension DerivableRequest<Evidence> {
    /// Entries on one skill.
    func forSkill(_ skill: String) -> Self {
        filter(Evidence.Columns.skill == skill)
    }

    /// Entries that happened at or after `instant`.
    func since(_ instant: Instant) -> Self {
        filter(Evidence.Columns.happenedAt >= instant)
    }

    /// Oldest first, in the order they were added when they happened at the same instant.
    func chronological() -> Self {
        order(Evidence.Columns.happenedAt, Evidence.Columns.id)
    }
}

extension Store {
    /// Adds an entry to the evidence log in one transaction and returns it with its id.
    /// Nothing is written when the entry is refused.
    @discardableResult
    public func addEvidence(_ entry: Evidence) throws -> Evidence {
        try entry.validate()
        var entry = entry
        entry.id = nil
        return try write("adding evidence") { db in
            try entry.insert(db)
            return entry
        }
    }

    /// The entry numbered `id`, if there is one.
    public func evidence(id: Int64) throws -> Evidence? {
        try read("reading evidence") { db in try Evidence.fetchOne(db, key: id) }
    }

    /// The log, oldest first, optionally only one skill and only since an instant.
    public func evidence(skill: String? = nil, since: Instant? = nil) throws -> [Evidence] {
        try read("listing evidence") { db in
            var request = Evidence.all()
            if let skill { request = request.forSkill(skill) }
            if let since { request = request.since(since) }
            return try request.chronological().fetchAll(db)
        }
    }

    /// How many entries the log holds.
    public func evidenceCount() throws -> Int {
        try read("counting evidence") { db in try Evidence.fetchCount(db) }
    }

    /// The newest `limit` entries matching every word of `text` (full-text, stemmed, case
    /// and accent insensitive), newest first. Words are taken literally: quotes and
    /// operators in `text` have no special meaning. Newest-first lets SQLite stop after
    /// `limit` matches instead of ranking every match, which keeps a search of a common
    /// word fast in a log of years.
    public func searchEvidence(_ text: String, limit: Int = 50) throws -> [Evidence] {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else {
            throw StoreError.invalid("the search text is empty; give one or more words to look for")
        }
        let pattern = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
        return try read("searching evidence") { db in
            try Evidence.fetchAll(db, sql: """
                SELECT * FROM evidence WHERE id IN (
                    SELECT rowid FROM evidence_text WHERE evidence_text MATCH ? ORDER BY rowid DESC LIMIT ?
                )
                ORDER BY id DESC
                """, arguments: [pattern, limit])
        }
    }
}

extension Evidence: Exportable {
    public static let exportName = "evidence"
    public static let exportColumns = [
        "id", "skill", "rung", "what", "detail", "source", "given_by", "debrief_id",
        "observed", "feared", "feared_happened", "aids", "happened_at", "recorded_at",
        "performance", "praise_only", "edited_at",
    ]

    public var exportValues: [ExportValue] {
        let sourceName: String
        var givenBy: String?
        var debriefID: Int64?
        switch source {
        case .manual: sourceName = "manual"
        case .debrief(let id): sourceName = "debrief"; debriefID = id
        case .feedback(let person): sourceName = "feedback"; givenBy = person
        }
        return [
            ExportValue(id), .text(skill), ExportValue(rung), .text(what), .text(detail), .text(sourceName),
            ExportValue(givenBy), ExportValue(debriefID), ExportValue(observed), ExportValue(feared),
            ExportValue(fearedHappened), ExportValue(aids), .instant(happenedAt), .instant(recordedAt),
            ExportValue(performance), ExportValue(praiseOnly), ExportValue(editedAt),
        ]
    }
}

import GRDB
import RungCore
import RungTime

/// What the person answered to a prompt, when and how.
public struct Response: Sendable, Hashable {
    /// How the answer arrived.
    public enum Via: String, Sendable, CaseIterable, Codable {
        /// An action button of a notification.
        case button
        /// `rungctl`.
        case cli
        /// The stdin reply of a command hook.
        case hook
    }

    /// The `answer` of a response that is only a note, the person's own words.
    public static let noteAnswer = "note"

    public var id: Int64?
    public var occurrenceID: String
    /// The button's action (`done`, `success`, …), or `note` for a note alone. (Before
    /// notes had a column of their own, any text given was kept here.)
    public var answer: String
    /// The person's own words given with the answer (`rungctl respond --note`), if any.
    public var note: String?
    public var via: Via
    /// The channel whose button or hook carried it, if any.
    public var channel: String?
    public var answeredAt: Instant
    /// How much a reframe helped, 0–10 (`rungctl respond --rating`); nil for other prompts
    /// and when the person did not say.
    public var rating: Int?
    /// When a later answer replaced this one (`rungctl respond --replace`); nil while it stands.
    public var replacedAt: Instant?

    public init(
        id: Int64? = nil, occurrenceID: String, answer: String, note: String? = nil, via: Via, channel: String? = nil,
        answeredAt: Instant, rating: Int? = nil, replacedAt: Instant? = nil
    ) {
        self.id = id
        self.occurrenceID = occurrenceID
        self.answer = answer
        self.note = note
        self.via = via
        self.channel = channel
        self.answeredAt = answeredAt
        self.rating = rating
        self.replacedAt = replacedAt
    }
}

/// The columns are the properties' names in snake case; a `via` the schema's CHECK
/// constraint does not list cannot be stored, so decoding one fails rather than guessing.
extension Response: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "response"

    enum CodingKeys: String, CodingKey {
        case id
        case occurrenceID = "occurrence_id"
        case answer, note, via, channel
        case answeredAt = "answered_at"
        case rating
        case replacedAt = "replaced_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Response: Exportable {
    public static let exportName = "responses"
    public static let exportColumns = ["id", "occurrence_id", "answer", "note", "via", "channel", "answered_at", "replaced_at", "rating"]
    public var exportValues: [ExportValue] {
        [
            ExportValue(id), .text(occurrenceID), .text(answer), ExportValue(note), .text(via.rawValue), ExportValue(channel),
            .instant(answeredAt), ExportValue(replacedAt), ExportValue(rating),
        ]
    }
}

extension Store {
    /// Records an answer and marks its occurrence `answered`, in one transaction. An answer
    /// to an occurrence that already ended (missed, expired) is still kept: the person's
    /// words are never dropped; the occurrence keeps its final state.
    @discardableResult
    public func recordResponse(_ response: Response) throws -> Response {
        guard !response.answer.allSatisfy(\.isWhitespace) else {
            throw StoreError.invalid("the answer is empty")
        }
        var response = response
        response.id = nil
        return try write("recording a response to \(response.occurrenceID)") { db in
            guard let occurrence = try OccurrenceRecord.fetchOne(db, id: response.occurrenceID) else {
                throw StoreError.notFound("occurrence \(response.occurrenceID)")
            }
            try response.insert(db)
            if !occurrence.state.isFinal {
                try Store.move(occurrence.id, to: .answered, at: response.answeredAt, db)
            }
            return response
        }
    }

    /// The answers to an occurrence, oldest first, replaced ones included.
    public func responses(to occurrenceID: String) throws -> [Response] {
        try read("listing responses") { db in
            try Response.filter(Column("occurrence_id") == occurrenceID).order(Column("answered_at"), Column("id")).fetchAll(db)
        }
    }
}

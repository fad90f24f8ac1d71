import GRDB
import RungCore

/// What the person answered to a prompt, when and how.
public struct Response: Sendable, Hashable {
    /// How the answer arrived.
    public enum Via: String, Sendable, CaseIterable {
        /// An action button of a notification.
        case button
        /// `rungctl`.
        case cli
        /// The stdin reply of a command hook.
        case hook
    }

    public var id: Int64?
    public var occurrenceID: String
    /// The button's action (`done`, `success`, …) or the text given.
    public var answer: String
    public var via: Via
    /// The channel whose button or hook carried it, if any.
    public var channel: String?
    public var answeredAt: Instant

    public init(id: Int64? = nil, occurrenceID: String, answer: String, via: Via, channel: String? = nil, answeredAt: Instant) {
        self.id = id
        self.occurrenceID = occurrenceID
        self.answer = answer
        self.via = via
        self.channel = channel
        self.answeredAt = answeredAt
    }
}

extension Response: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "response"

    public init(row: Row) {
        id = row["id"]
        occurrenceID = row["occurrence_id"]
        answer = row["answer"]
        via = Via(rawValue: row["via"]) ?? .cli
        channel = row["channel"]
        answeredAt = row["answered_at"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["occurrence_id"] = occurrenceID
        container["answer"] = answer
        container["via"] = via.rawValue
        container["channel"] = channel
        container["answered_at"] = answeredAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Response: Exportable {
    public static let exportName = "responses"
    public static let exportColumns = ["id", "occurrence_id", "answer", "via", "channel", "answered_at"]
    public var exportValues: [ExportValue] {
        [ExportValue(id), .text(occurrenceID), .text(answer), .text(via.rawValue), ExportValue(channel), .instant(answeredAt)]
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
            guard let occurrence = try OccurrenceRecord.fetchOne(db, key: response.occurrenceID) else {
                throw StoreError.notFound("occurrence \(response.occurrenceID)")
            }
            try response.insert(db)
            if !occurrence.state.isFinal {
                try Store.move(occurrence.id, to: .answered, at: response.answeredAt, db)
            }
            return response
        }
    }

    /// The answers to an occurrence, oldest first.
    public func responses(to occurrenceID: String) throws -> [Response] {
        try read("listing responses") { db in
            try Response.filter(Column("occurrence_id") == occurrenceID).order(Column("answered_at"), Column("id")).fetchAll(db)
        }
    }
}

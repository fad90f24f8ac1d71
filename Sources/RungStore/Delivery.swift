import GRDB
import RungCore

/// One attempt to deliver an occurrence on one channel. It is recorded when it starts and
/// finished when the channel answers, so a crash in between leaves an attempt without an
/// end rather than no trace.
public struct Delivery: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable {
        case sent, failed
        case timedOut = "timed_out"
    }

    public var id: Int64?
    public var occurrenceID: String
    /// `desktop`, `email`, `command`, …
    public var channel: String
    public var startedAt: Instant
    public var endedAt: Instant?
    public var outcome: Outcome?
    public var error: String?
}

extension Delivery: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "delivery"

    public init(row: Row) {
        id = row["id"]
        occurrenceID = row["occurrence_id"]
        channel = row["channel"]
        startedAt = row["started_at"]
        endedAt = row["ended_at"]
        outcome = (row["outcome"] as String?).flatMap(Outcome.init(rawValue:))
        error = row["error"]
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["occurrence_id"] = occurrenceID
        container["channel"] = channel
        container["started_at"] = startedAt
        container["ended_at"] = endedAt
        container["outcome"] = outcome?.rawValue
        container["error"] = error
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Delivery: Exportable {
    public static let exportName = "deliveries"
    public static let exportColumns = ["id", "occurrence_id", "channel", "started_at", "ended_at", "outcome", "error"]
    public var exportValues: [ExportValue] {
        [ExportValue(id), .text(occurrenceID), .text(channel), .instant(startedAt), ExportValue(endedAt), ExportValue(outcome?.rawValue), ExportValue(error)]
    }
}

extension Store {
    /// Records the start of an attempt and marks the occurrence `delivering`, in one
    /// transaction. Returns the attempt, with its id, to finish later.
    public func beginDelivery(of occurrenceID: String, on channel: String, at instant: Instant) throws -> Delivery {
        guard !channel.isEmpty else { throw StoreError.invalid("a delivery needs a channel") }
        return try write("starting a delivery of \(occurrenceID)") { db in
            try Store.move(occurrenceID, to: .delivering, at: instant, db)
            var delivery = Delivery(occurrenceID: occurrenceID, channel: channel, startedAt: instant)
            try delivery.insert(db)
            return delivery
        }
    }

    /// Records how an attempt ended; when it was sent, the occurrence becomes `delivered`
    /// (unless it already moved on). One transaction.
    public func finishDelivery(_ id: Int64, outcome: Delivery.Outcome, error: String? = nil, at instant: Instant) throws {
        try write("finishing delivery \(id)") { db in
            guard var delivery = try Delivery.fetchOne(db, key: id) else {
                throw StoreError.notFound("delivery \(id)")
            }
            guard delivery.outcome == nil else {
                throw StoreError.conflict("delivery \(id) already ended (\(delivery.outcome?.rawValue ?? ""))")
            }
            delivery.endedAt = instant
            delivery.outcome = outcome
            delivery.error = error
            try delivery.update(db)
            if outcome == .sent, try OccurrenceRecord.fetchOne(db, key: delivery.occurrenceID)?.state == .delivering {
                try Store.move(delivery.occurrenceID, to: .delivered, at: instant, db)
            }
        }
    }

    /// Every attempt for an occurrence, in the order they started.
    public func deliveries(of occurrenceID: String) throws -> [Delivery] {
        try read("listing deliveries") { db in
            try Delivery.filter(Column("occurrence_id") == occurrenceID).order(Column("started_at"), Column("id")).fetchAll(db)
        }
    }
}

extension Delivery {
    init(occurrenceID: String, channel: String, startedAt: Instant) {
        self.init(id: nil, occurrenceID: occurrenceID, channel: channel, startedAt: startedAt, endedAt: nil, outcome: nil, error: nil)
    }
}

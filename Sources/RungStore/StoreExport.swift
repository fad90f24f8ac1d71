import GRDB
import RungCore
import RungTime

/// `rungctl export`: everything in the store, from one consistent snapshot, in a stable
/// shape (documented in README.md, "Export format"). Version 1 of the JSON document is:
///
///     {"format": "rung-export", "version": 1, "exported_at": TIMESTAMP, "since": TIMESTAMP|null,
///      "occurrences": [...], "deliveries": [...], "responses": [...], "predictions": [...],
///      "debriefs": [...], "evidence": [...], "ladder_positions": [...], "ladder_moves": [...],
///      "rung_ratings": [...], "snoozes": [...], "snoozes_of_everything": [...], "pauses": [...]}
///
/// each array holding one object per row with the keys of the record's `exportColumns`.
extension Store {
    /// The version of the export shape; it changes only when a key changes meaning.
    public static let exportVersion = 1

    /// The exported tables, in document order, each with the instant that `since` filters on.
    private static let exportTables: [ExportTable] = [
        ExportTable(OccurrenceRecord.self, since: "due_at"),
        ExportTable(Delivery.self, since: "started_at"),
        ExportTable(Response.self, since: "answered_at"),
        ExportTable(Prediction.self, since: "recorded_at"),
        ExportTable(Debrief.self, since: "recorded_at"),
        ExportTable(Evidence.self, since: "happened_at"),
        ExportTable(LadderPosition.self, since: nil),
        ExportTable(LadderMove.self, since: "moved_at"),
        ExportTable(RungRating.self, since: "recorded_at"),
        ExportTable(Snooze.self, since: "snoozed_at"),
        ExportTable(SnoozeAll.self, since: "ends_at"),
        ExportTable(Pause.self, since: "ends_at"),
    ]

    /// The names of the exported tables (JSON keys, CSV file names without `.csv`).
    public static var exportNames: [String] { exportTables.map(\.name) }

    /// Writes the whole store as one JSON document, in chunks, to `output`. With `since`,
    /// only rows that happened at or after it (pauses: that end after it; ladder
    /// positions, being current state, always). Returns how many rows each table had.
    @discardableResult
    public func exportJSON(since: Instant?, exportedAt: Instant, to output: @escaping (String) throws -> Void) throws -> [ExportCount] {
        try read("exporting") { db in
            var counts: [ExportCount] = []
            var sink = ChunkedOutput(output)
            try sink.write("{\n\"format\":\"rung-export\",\n\"version\":\(Store.exportVersion),\n")
            try sink.write("\"exported_at\":\(ExportText.json(.instant(exportedAt))),\n")
            try sink.write("\"since\":\(ExportText.json(ExportValue(since)))")
            for table in Store.exportTables {
                try sink.write(",\n\(ExportText.jsonString(table.name)):[")
                var first = true
                var rows = 0
                try table.rows(db, since) { values in
                    rows += 1
                    try sink.write(first ? "\n{" : ",\n{")
                    first = false
                    for (index, (column, value)) in zip(table.columns, values).enumerated() {
                        try sink.write((index == 0 ? "\"" : ",\"") + column + "\":" + ExportText.json(value))
                    }
                    try sink.write("}")
                }
                try sink.write(first ? "]" : "\n]")
                counts.append(ExportCount(table: table.name, rows: rows))
            }
            try sink.write("\n}\n")
            try sink.flush()
            return counts
        }
    }

    /// Writes each table as RFC 4180 CSV with a header line: `output(table, text)` is
    /// called with chunks of each table in turn, in the same order and with the same
    /// columns and `since` rule as the JSON export. Returns how many rows each table had.
    @discardableResult
    public func exportCSV(since: Instant?, to output: @escaping (_ table: String, _ text: String) throws -> Void) throws -> [ExportCount] {
        try read("exporting") { db in
            var counts: [ExportCount] = []
            for table in Store.exportTables {
                var sink = ChunkedOutput { try output(table.name, $0) }
                try sink.write(ExportText.csvLine(table.columns))
                var rows = 0
                try table.rows(db, since) { values in
                    rows += 1
                    try sink.write(ExportText.csvLine(values.map(ExportText.csv)))
                }
                try sink.flush()
                counts.append(ExportCount(table: table.name, rows: rows))
            }
            return counts
        }
    }
}

/// How many rows of one table an export wrote.
public struct ExportCount: Sendable, Hashable {
    /// The table's name in the export (JSON key, CSV file name without `.csv`).
    public let table: String
    public let rows: Int
}

/// One exported table: its name, columns, and how to read its rows from a snapshot.
private struct ExportTable: Sendable {
    let name: String
    let columns: [String]
    let rows: @Sendable (Database, Instant?, ([ExportValue]) throws -> Void) throws -> Void

    init<Record: Exportable & FetchableRecord & TableRecord>(_ type: Record.Type, since column: String?) {
        name = Record.exportName
        columns = Record.exportColumns
        rows = { db, since, body in
            var request = Record.all()
            if let since, let column { request = request.filter(Column(column) >= since) }
            let cursor = try request.order(Column.rowID).fetchCursor(db)
            while let record = try cursor.next() {
                try body(record.exportValues)
            }
        }
    }
}

/// Collects small strings and hands them on in chunks of about 256 KiB.
private struct ChunkedOutput {
    private let output: (String) throws -> Void
    private var buffer = ""

    init(_ output: @escaping (String) throws -> Void) {
        self.output = output
        buffer.reserveCapacity(1 << 18)
    }

    mutating func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= 1 << 18 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

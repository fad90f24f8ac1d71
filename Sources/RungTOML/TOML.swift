/// A place in a source file: 1-based line and 1-based column, the column counted in
/// characters (grapheme clusters), as a person counts them in an editor.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}

/// A TOML value together with where it starts in the source, so that whoever reads the
/// document can point a person at the exact value that is wrong.
public struct TOMLValue: Equatable, Sendable {
    /// The value itself.
    public enum Content: Equatable, Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        case dateTime(TOMLDateTime)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var content: Content
    /// Where the value starts; for a table, where its header or opening brace is.
    public var position: SourcePosition
    /// The UTF-8 byte offsets of the value's text in the source, from its first byte to just
    /// past its last, so that a tool editing the file can change one value and keep every
    /// other byte; nil for a table made by a `[header]` or by dotted keys, which has no one
    /// stretch of text.
    public var sourceRange: Range<Int>?

    public init(_ content: Content, at position: SourcePosition) {
        self.content = content
        self.position = position
    }

    /// The TOML name of the value's type, as messages use it: "a string", "an integer", ….
    public var typeDescription: String {
        switch content {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime(let dateTime): dateTime.typeDescription
        case .array: "an array"
        case .table: "a table"
        }
    }

    public var string: String? { if case .string(let value) = content { value } else { nil } }
    public var integer: Int64? { if case .integer(let value) = content { value } else { nil } }
    public var float: Double? { if case .float(let value) = content { value } else { nil } }
    public var boolean: Bool? { if case .boolean(let value) = content { value } else { nil } }
    public var dateTime: TOMLDateTime? { if case .dateTime(let value) = content { value } else { nil } }
    public var array: [TOMLValue]? { if case .array(let value) = content { value } else { nil } }
    public var table: TOMLTable? { if case .table(let value) = content { value } else { nil } }
}

/// One `key = value` of a table, with the position of the key (the last part of a dotted
/// key or header) so that messages about the key point at it.
public struct TOMLEntry: Equatable, Sendable {
    public var key: String
    public var keyPosition: SourcePosition
    public var value: TOMLValue

    public init(key: String, keyPosition: SourcePosition, value: TOMLValue) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

/// A TOML table: its entries in the order they first appear in the source.
public struct TOMLTable: Equatable, Sendable {
    public private(set) var entries: [TOMLEntry]
    private var indexByKey: [String: Int]

    public init(entries: [TOMLEntry] = []) {
        self.entries = []
        self.indexByKey = [:]
        for entry in entries { append(entry) }
    }

    /// Adds `entry`, replacing an entry with the same key in place.
    public mutating func append(_ entry: TOMLEntry) {
        if let index = indexByKey[entry.key] {
            entries[index] = entry
        } else {
            indexByKey[entry.key] = entries.count
            entries.append(entry)
        }
    }

    public subscript(key: String) -> TOMLEntry? {
        indexByKey[key].map { entries[$0] }
    }

    public var keys: [String] { entries.map(\.key) }
}

/// A TOML offset date-time, local date-time, local date or local time. Which one it is
/// follows from which parts are present.
public struct TOMLDateTime: Hashable, Sendable, CustomStringConvertible {
    public struct Date: Hashable, Sendable {
        public var year: Int
        public var month: Int
        public var day: Int
    }

    public struct Time: Hashable, Sendable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// Fractional seconds in nanoseconds; digits past the ninth are truncated.
        public var nanosecond: Int
    }

    public var date: Date?
    public var time: Time?
    /// Seconds east of UTC for an offset date-time (`Z` is 0); nil for local values.
    public var utcOffset: Int?

    public init(date: Date?, time: Time?, utcOffset: Int?) {
        self.date = date
        self.time = time
        self.utcOffset = utcOffset
    }

    var typeDescription: String {
        switch (date != nil, time != nil, utcOffset != nil) {
        case (true, true, true): "an offset date-time"
        case (true, true, false): "a local date-time"
        case (true, false, _): "a local date"
        default: "a local time"
        }
    }

    /// RFC 3339 form: `1979-05-27T07:32:00.5-07:00`, `1979-05-27`, `07:32:00`.
    public var description: String {
        var text = ""
        if let date {
            text += pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
        }
        if let time {
            if date != nil { text += "T" }
            text += pad(time.hour, 2) + ":" + pad(time.minute, 2) + ":" + pad(time.second, 2)
            if time.nanosecond > 0 {
                var fraction = pad(time.nanosecond, 9)
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
        }
        if let utcOffset {
            if utcOffset == 0 {
                text += "Z"
            } else {
                let magnitude = abs(utcOffset) / 60
                text += (utcOffset < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
            }
        }
        return text
    }

    private func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

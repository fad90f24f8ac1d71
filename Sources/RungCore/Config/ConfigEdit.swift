import RungTOML

/// Changes to the text of a config file that keep every byte outside the change: the
/// person's comments, blank lines, layout and key order stay as they wrote them. Each
/// edit reads the text, finds where the change belongs from the source ranges the TOML
/// reader keeps, and returns the new text; whether the result is a valid config is for
/// `ConfigLoader` to say.
public enum ConfigEdit {
    /// `text` as a TOML basic string (see `tomlString`).
    public static func quoted(_ text: String) -> String { tomlString(text) }

    /// A date and time as TOML reads it best: `2027-03-18T19:00:00` as a TOML date-time,
    /// anything else (`2027-03-18 19:00 Europe/Lisbon`) in the string form `at` takes.
    public static func dateTimeValue(_ text: String) -> String {
        let isToken = text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-:+.".unicodeScalars.contains($0)) }
        if isToken, text.contains("T"), (try? TOMLParser.parse("at = \(text)"))?["at"]?.value.dateTime != nil {
            return text
        }
        return quoted(text)
    }

    /// Whether `id` can name a ladder, performance or channel: letters, digits, '-' and '_',
    /// starting with a letter or digit, at most 64 characters (as `check-config` requires).
    public static func isWellFormedID(_ id: String) -> Bool {
        ConfigReader.isWellFormedID(id)
    }

    /// `text` with a `[section.id]` table of `entries` (each a key and its value already
    /// written as TOML) added after the last `[section.…]` table, or at the end when there
    /// is none, with a blank line before it. Refused when `section.id` is already defined.
    public static func appendingTable(
        _ section: String, id: String, entries: [(key: String, value: String)], to text: String
    ) throws(ConfigEditError) -> String {
        let document = try parsed(text)
        let lines = LineIndex(text)
        let existing = document[section]?.value.table
        if let defined = existing?.entries.first(where: { $0.key.lowercased() == id.lowercased() }) {
            throw ConfigEditError("\(section) '\(defined.key)' is already defined at line \(defined.keyPosition.line)")
        }
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var block = "[\(section).\(tomlKey(id))]" + newline
        for (key, value) in entries {
            block += "\(tomlKey(key)) = " + value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: newline) + newline
        }
        let bytes = Array(text.utf8)
        let tables = existing?.entries.compactMap { entry in entry.value.table.map { lines.end(of: $0, at: entry.value) } } ?? []
        if let last = tables.max() {
            let lineEnd = lines.endOfLine(from: last)
            let separator = lineEnd == bytes.count && !text.hasSuffix("\n") ? newline + newline : newline
            return TextEdit(at: lineEnd, insert: separator + block).applied(to: bytes)
        }
        let separator = text.isEmpty ? "" : text.hasSuffix(newline + newline) ? "" : text.hasSuffix("\n") ? newline : newline + newline
        return text + separator + block
    }

    /// A `rungs = [ … ]` value, one rung to a line, as the example config writes it.
    public static func rungsArray(_ rungs: [Rung]) -> String {
        "[\n" + rungs.map { "    { title = \(quoted($0.title)), stakes = \(quoted($0.stakes.rawValue)) },\n" }.joined() + "]"
    }

    static func parsed(_ text: String) throws(ConfigEditError) -> TOMLTable {
        let reading = TOMLParser.read(text)
        guard let document = reading.document, reading.errors.isEmpty else {
            throw ConfigEditError("the file is not valid TOML (\(reading.errors.first.map(\.description) ?? "unreadable")); 'rungctl check-config' shows every problem")
        }
        return document
    }
}

/// An edit that cannot be made to a config file's text, worded for people.
public struct ConfigEditError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Text inserted at, or put in place of, a stretch of UTF-8 bytes.
struct TextEdit {
    var range: Range<Int>
    var replacement: String

    init(at offset: Int, insert text: String) {
        range = offset..<offset
        replacement = text
    }

    init(replacing range: Range<Int>, with text: String) {
        self.range = range
        replacement = text
    }

    func applied(to bytes: [UInt8]) -> String {
        [self].applied(to: bytes)
    }
}

extension [TextEdit] {
    /// The text with every edit made; the edits must not overlap.
    func applied(to bytes: [UInt8]) -> String {
        var result = bytes
        for edit in sorted(by: { ($0.range.lowerBound, $0.range.upperBound) > ($1.range.lowerBound, $1.range.upperBound) }) {
            result.replaceSubrange(edit.range, with: [UInt8](edit.replacement.utf8))
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Where lines start in a text, for turning the line of a position into a byte offset.
struct LineIndex {
    let bytes: [UInt8]
    /// The byte offset each line starts at; line 1 at index 0.
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.starts = starts
    }

    /// The offset just past the last byte that belongs to `table`: the end of its last
    /// value (recursively, for tables inside it), or of its header when it has no keys.
    func end(of table: TOMLTable, at value: TOMLValue) -> Int {
        if let range = value.sourceRange { return range.upperBound }
        let ends = table.entries.map { entry in
            entry.value.table.map { end(of: $0, at: entry.value) } ?? entry.value.sourceRange?.upperBound ?? 0
        }
        return ends.max() ?? endOfLine(from: starts[value.position.line - 1]) - 1
    }

    /// The offset just past the line end (LF) after `offset`, or the end of the text.
    func endOfLine(from offset: Int) -> Int {
        var index = offset
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        return index < bytes.count ? index + 1 : index
    }

    /// The offset the line holding `offset` starts at.
    func startOfLine(containing offset: Int) -> Int {
        var index = offset
        while index > 0, bytes[index - 1] != UInt8(ascii: "\n") { index -= 1 }
        return index
    }
}

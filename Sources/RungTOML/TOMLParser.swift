/// A TOML 1.0 reader that keeps the source position of every key and every value.
///
/// Syntax errors stop the reading at the first one (what follows cannot be trusted);
/// keys and tables defined twice are collected and reading goes on, so a person sees
/// all of them at once.
public enum TOMLParser {
    /// How deep tables and arrays may nest: each part of a header or dotted key, each
    /// array and each inline table is one level. Deeper input is refused with an error, as
    /// reading it would take a level of the call stack per level of nesting.
    public static let maximumNestingDepth = 64

    /// Reads `text` as a TOML document; throws every problem found, in source order.
    public static func parse(_ text: String) throws(TOMLErrors) -> TOMLTable {
        let reading = read(text)
        if !reading.errors.isEmpty { throw TOMLErrors(errors: reading.errors) }
        return reading.document!
    }

    /// Reads `text` as far as it can: the document, unless a syntax error stopped the
    /// reading, and every problem found. A key or table defined twice keeps its first
    /// definition (keys under a repeated `[header]` join the table it first defined), so
    /// whoever reads the document can check the rest of it and report everything at once.
    public static func read(_ text: String) -> TOMLReading {
        var reader = TOMLReader(text)
        let root = reader.readDocument()
        return TOMLReading(document: root, errors: reader.errors.sorted { $0.position < $1.position })
    }
}

/// What `TOMLParser.read` made of a text.
public struct TOMLReading: Sendable {
    /// The document; nil when a syntax error stopped the reading before its end.
    public var document: TOMLTable?
    /// Every problem found, in source order; empty when the text is a valid document.
    public var errors: [TOMLError]
}

/// The mutable tree a document is built in before it is frozen into `TOMLTable`s.
final class TableBuilder {
    /// How a table came to exist, which decides how it may be extended later.
    enum Origin {
        /// Created as an intermediate part of a `[header]` path; may be defined once later.
        case implicit
        /// Defined by its own `[header]`.
        case header
        /// Created by a dotted key such as `a.b = 1`.
        case dotted
    }

    enum Slot {
        case value(TOMLValue, keyPosition: SourcePosition)
        case table(TableBuilder, keyPosition: SourcePosition)
        case tables([TableBuilder], keyPosition: SourcePosition, position: SourcePosition)
    }

    var origin: Origin
    var position: SourcePosition
    /// How many levels the table is below the document: 0 for the document itself.
    let depth: Int
    var order: [String] = []
    var slots: [String: Slot] = [:]

    init(origin: Origin, position: SourcePosition, depth: Int) {
        self.origin = origin
        self.position = position
        self.depth = depth
    }

    func insert(_ key: String, _ slot: Slot) {
        if slots[key] == nil { order.append(key) }
        slots[key] = slot
    }

    func freeze() -> TOMLTable {
        var table = TOMLTable()
        for key in order {
            switch slots[key]! {
            case .value(let value, let keyPosition):
                table.append(TOMLEntry(key: key, keyPosition: keyPosition, value: value))
            case .table(let builder, let keyPosition):
                table.append(TOMLEntry(key: key, keyPosition: keyPosition, value: TOMLValue(.table(builder.freeze()), at: builder.position)))
            case .tables(let builders, let keyPosition, let position):
                let elements = builders.map { TOMLValue(.table($0.freeze()), at: $0.position) }
                table.append(TOMLEntry(key: key, keyPosition: keyPosition, value: TOMLValue(.array(elements), at: position)))
            }
        }
        return table
    }
}

/// One part of a dotted key, with where it starts.
struct KeyPart {
    var name: String
    var position: SourcePosition
}

struct TOMLReader {
    let bytes: [UInt8]
    let root = TableBuilder(origin: .header, position: SourcePosition(line: 1, column: 1), depth: 0)
    var index = 0
    var line = 1
    var lineStart = 0
    var columns = TOMLColumnCounter()
    var errors: [TOMLError] = []

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    // MARK: - Document

    /// The document, or nil when a syntax error stopped the reading.
    mutating func readDocument() -> TOMLTable? {
        var current = root
        do {
            while true {
                skipWhitespace()
                guard let byte = peek() else { break }
                switch byte {
                case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    break
                case UInt8(ascii: "["):
                    current = try readHeader()
                default:
                    try readKeyValue(into: current)
                }
                try expectLineEnd()
            }
        } catch {
            errors.append(error.error)
            return nil
        }
        return root.freeze()
    }

    /// After a key/value pair or a header: optional whitespace and comment, then a newline
    /// or the end of the document.
    mutating func expectLineEnd() throws(TOMLSyntaxError) {
        skipWhitespace()
        try skipComment()
        guard let byte = peek() else { return }
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            try consumeNewline()
            return
        }
        throw fail("expected a newline or end of file, found \(describe(byte))")
    }

    mutating func readHeader() throws(TOMLSyntaxError) -> TableBuilder {
        let start = position()
        advance()
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { advance() }
        skipWhitespace()
        let path = try readKey()
        try checkNesting(of: path, tablesFrom: 0, creating: path.count)
        skipWhitespace()
        guard peek() == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
        advance()
        if isArray {
            guard peek() == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
            advance()
        }
        let name = path.map { tomlKey($0.name) }.joined(separator: ".")
        let shown = isArray ? "[[\(name)]]" : "[\(name)]"
        return openTable(path: path, isArray: isArray, at: start, shown: shown) ?? TableBuilder(origin: .header, position: start, depth: path.count)
    }

    /// Finds or creates the table a header names. A header naming a table defined before
    /// is recorded as an error and reopens that table, so that the keys under it are still
    /// read (and checked) where they were meant to go; nil (after recording why) when the
    /// header names something that is not a table.
    mutating func openTable(path: [KeyPart], isArray: Bool, at start: SourcePosition, shown: String) -> TableBuilder? {
        var table = root
        for part in path.dropLast() {
            switch table.slots[part.name] {
            case nil:
                let created = TableBuilder(origin: .implicit, position: part.position, depth: table.depth + 1)
                table.insert(part.name, .table(created, keyPosition: part.position))
                table = created
            case .table(let existing, _):
                table = existing
            case .tables(let existing, _, _):
                table = existing[existing.count - 1]
            case .value(let value, _):
                errors.append(TOMLError(at: part.position, "cannot define table \(shown): '\(part.name)' is already \(value.typeDescription) (line \(value.position.line))"))
                return nil
            }
        }
        let last = path[path.count - 1]
        let created = TableBuilder(origin: .header, position: start, depth: path.count)
        switch table.slots[last.name] {
        case nil:
            table.insert(last.name, isArray ? .tables([created], keyPosition: last.position, position: start) : .table(created, keyPosition: last.position))
            return created
        case .tables(var existing, let keyPosition, let position) where isArray:
            existing.append(created)
            table.slots[last.name] = .tables(existing, keyPosition: keyPosition, position: position)
            return created
        case .table(let existing, _) where !isArray && existing.origin == .implicit:
            existing.origin = .header
            existing.position = start
            return existing
        case .table(let existing, _):
            let how = existing.origin == .dotted ? "by dotted keys at line \(existing.position.line)" : "at line \(existing.position.line)"
            errors.append(TOMLError(at: last.position, "cannot define \(shown): the table was already defined \(how)"))
            return isArray ? nil : existing
        case .tables(_, _, let position):
            errors.append(TOMLError(at: last.position, "cannot define \(shown): '\(last.name)' is already an array of tables (line \(position.line))"))
        case .value(let value, _):
            errors.append(TOMLError(at: last.position, "cannot define \(shown): '\(last.name)' is already \(value.typeDescription) (line \(value.position.line))"))
        }
        return nil
    }

    mutating func readKeyValue(into table: TableBuilder) throws(TOMLSyntaxError) {
        let path = try readKey()
        try checkNesting(of: path, tablesFrom: table.depth, creating: path.count - 1)
        skipWhitespace()
        guard peek() == UInt8(ascii: "=") else {
            throw fail("expected '=' after the key '\(path.map(\.name).joined(separator: "."))'")
        }
        advance()
        skipWhitespace()
        let value = try readValue(depth: table.depth + path.count)
        assign(value, to: path, in: table)
    }

    /// Refuses a key whose first `count` parts would make tables nested deeper than the
    /// limit below a table `depth` levels deep, pointing at the first part too deep.
    func checkNesting(of path: [KeyPart], tablesFrom depth: Int, creating count: Int) throws(TOMLSyntaxError) {
        let allowed = TOMLParser.maximumNestingDepth - depth
        if count > allowed { throw tooDeep(at: path[allowed].position) }
    }

    func tooDeep(at position: SourcePosition) -> TOMLSyntaxError {
        TOMLSyntaxError(TOMLError(at: position, "too deeply nested: tables and arrays may nest at most \(TOMLParser.maximumNestingDepth) levels deep"))
    }

    /// Stores `value` under the dotted `path` inside `table`, creating dotted tables on
    /// the way; records an error when a part of the path is already taken.
    mutating func assign(_ value: TOMLValue, to path: [KeyPart], in table: TableBuilder) {
        var table = table
        for part in path.dropLast() {
            switch table.slots[part.name] {
            case nil:
                let created = TableBuilder(origin: .dotted, position: part.position, depth: table.depth + 1)
                table.insert(part.name, .table(created, keyPosition: part.position))
                table = created
            case .table(let existing, _) where existing.origin == .dotted:
                table = existing
            case .table(let existing, _):
                errors.append(TOMLError(at: part.position, "cannot add keys to table '\(part.name)' with a dotted key: it was defined by a header at line \(existing.position.line)"))
                return
            case .tables(_, _, let position):
                errors.append(TOMLError(at: part.position, "cannot add keys to '\(part.name)' with a dotted key: it is an array of tables (line \(position.line))"))
                return
            case .value(let existing, _):
                errors.append(TOMLError(at: part.position, "cannot use '\(part.name)' as a table: it is already \(existing.typeDescription) (line \(existing.position.line))"))
                return
            }
        }
        let last = path[path.count - 1]
        if let existing = table.slots[last.name] {
            let line: Int
            switch existing {
            case .value(_, let keyPosition), .table(_, let keyPosition), .tables(_, let keyPosition, _): line = keyPosition.line
            }
            errors.append(TOMLError(at: last.position, "duplicate key '\(last.name)' (first defined at line \(line))"))
            return
        }
        table.insert(last.name, .value(value, keyPosition: last.position))
    }

    // MARK: - Keys

    mutating func readKey() throws(TOMLSyntaxError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            let start = position()
            guard let byte = peek() else { throw fail("expected a key, found end of file") }
            let name: String
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                name = try readBasicString(start: start)
            case UInt8(ascii: "'"):
                advance()
                name = try readLiteralString(start: start)
            default:
                let from = index
                while let next = peek(), isBareKeyByte(next) { advance() }
                guard index > from else { throw fail("expected a key, found \(describe(byte))") }
                name = String(decoding: bytes[from..<index], as: UTF8.self)
            }
            parts.append(KeyPart(name: name, position: start))
            skipWhitespace()
            guard peek() == UInt8(ascii: ".") else { return parts }
            advance()
            skipWhitespace()
        }
    }

    func isBareKeyByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
}

func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
}

/// `name` as it would be written as a TOML key: bare when it can be, else quoted, so that
/// a message names a key the way the file spells it.
public func tomlKey(_ name: String) -> String {
    if !name.isEmpty, name.utf8.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) {
        return name
    }
    return tomlString(name)
}

/// `text` as a TOML basic string: quotes and backslashes escaped, the control characters
/// TOML names written as `\b \t \n \f \r`, the others as `\uXXXX`, everything else
/// (accents, emoji) kept as it is. Reading it back gives `text`.
public func tomlString(_ text: String) -> String {
    var quoted = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        case "\u{08}": quoted += "\\b"
        case "\t": quoted += "\\t"
        case "\n": quoted += "\\n"
        case "\u{0C}": quoted += "\\f"
        case "\r": quoted += "\\r"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            quoted += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(4)
        default: quoted.unicodeScalars.append(scalar)
        }
    }
    return quoted + "\""
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        String(repeating: pad, count: max(0, width - count)) + self
    }
}

/// Values: scalars, arrays and inline tables, each with its position.
extension TOMLReader {
    /// The value at the cursor, with the bytes it spans; an array or inline table there
    /// would be `depth` levels deep.
    mutating func readValue(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        let from = index
        var value = try readValueContent(depth: depth)
        value.sourceRange = from..<index
        return value
    }

    mutating func readValueContent(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        let start = position()
        guard let byte = peek() else { throw fail("expected a value, found end of file") }
        switch byte {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") {
                advance(3)
                return TOMLValue(.string(try readMultilineBasicString(start: start)), at: start)
            }
            advance()
            return TOMLValue(.string(try readBasicString(start: start)), at: start)
        case UInt8(ascii: "'"):
            if startsWith("'''") {
                advance(3)
                return TOMLValue(.string(try readMultilineLiteralString(start: start)), at: start)
            }
            advance()
            return TOMLValue(.string(try readLiteralString(start: start)), at: start)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard depth <= TOMLParser.maximumNestingDepth else { throw tooDeep(at: start) }
            return byte == UInt8(ascii: "[") ? try readArray(start: start, depth: depth) : try readInlineTable(start: start, depth: depth)
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
            throw fail("expected a value after '='")
        default:
            let token = readToken()
            guard !token.isEmpty else { throw fail("expected a value, found \(describe(byte))") }
            switch token {
            case "true": return TOMLValue(.boolean(true), at: start)
            case "false": return TOMLValue(.boolean(false), at: start)
            default: return try readScalar(token, at: start)
            }
        }
    }

    /// The run of characters a number, boolean or date-time is made of; a date followed
    /// by a space and a time is one token (`1979-05-27 07:32:00`).
    mutating func readToken() -> String {
        let from = index
        while let byte = peek(), isTokenByte(byte) { advance() }
        if index - from == 10, peek() == UInt8(ascii: " "), index + 1 < bytes.count, isDigit(bytes[index + 1]),
           isDate(String(decoding: bytes[from..<index], as: UTF8.self)) {
            advance()
            while let byte = peek(), isTokenByte(byte) { advance() }
        }
        return String(decoding: bytes[from..<index], as: UTF8.self)
    }

    func isTokenByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    func isDate(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        return chars.count == 10 && chars[4] == UInt8(ascii: "-") && chars[7] == UInt8(ascii: "-")
            && chars.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || isDigit($0.element) }
    }

    func readScalar(_ token: String, at start: SourcePosition) throws(TOMLSyntaxError) -> TOMLValue {
        let chars = Array(token.utf8)
        if chars.count >= 10, isDate(String(token.prefix(10))) {
            return TOMLValue(.dateTime(try TOMLScalars.dateTime(token, at: start)), at: start)
        }
        if chars.count >= 3, chars[2] == UInt8(ascii: ":") {
            return TOMLValue(.dateTime(try TOMLScalars.dateTime(token, at: start)), at: start)
        }
        if let integer = try TOMLScalars.integer(token, at: start) {
            return TOMLValue(.integer(integer), at: start)
        }
        if let float = TOMLScalars.float(token) {
            return TOMLValue(.float(float), at: start)
        }
        throw TOMLSyntaxError(TOMLError(at: start, "invalid value '\(token)'"))
    }

    mutating func readArray(start: SourcePosition, depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        advance()
        var elements: [TOMLValue] = []
        while true {
            try skipBlankAndComments()
            guard let byte = peek() else { throw TOMLSyntaxError(TOMLError(at: start, "unterminated array")) }
            if byte == UInt8(ascii: "]") {
                advance()
                return TOMLValue(.array(elements), at: start)
            }
            elements.append(try readValue(depth: depth + 1))
            try skipBlankAndComments()
            switch peek() {
            case UInt8(ascii: ","):
                advance()
            case UInt8(ascii: "]"):
                advance()
                return TOMLValue(.array(elements), at: start)
            case nil:
                throw TOMLSyntaxError(TOMLError(at: start, "unterminated array"))
            case let other?:
                throw fail("expected ',' or ']' in the array, found \(describe(other))")
            }
        }
    }

    mutating func readInlineTable(start: SourcePosition, depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        advance()
        let table = TableBuilder(origin: .dotted, position: start, depth: depth)
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            advance()
            return TOMLValue(.table(table.freeze()), at: start)
        }
        while true {
            skipWhitespace()
            guard let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw fail("unterminated inline table (an inline table must be on one line)")
            }
            if byte == UInt8(ascii: "}") { throw fail("trailing comma in inline table") }
            try readKeyValue(into: table)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                advance()
            case UInt8(ascii: "}"):
                advance()
                return TOMLValue(.table(table.freeze()), at: start)
            case nil, UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("unterminated inline table (an inline table must be on one line)")
            case let other?:
                throw fail("expected ',' or '}' in the inline table, found \(describe(other))")
            }
        }
    }
}

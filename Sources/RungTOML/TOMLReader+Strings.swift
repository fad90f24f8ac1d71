/// The four kinds of TOML string, their escapes and the characters they may hold.
extension TOMLReader {
    mutating func readBasicString(start: SourcePosition) throws(TOMLSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw TOMLSyntaxError(TOMLError(at: start, "unterminated string"))
            }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(try readEscape())
            default:
                try checkAllowed(byte)
                scalars.append(readScalar())
            }
        }
    }

    mutating func readMultilineBasicString(start: SourcePosition) throws(TOMLSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        try skipOneNewline()
        while true {
            guard let byte = peek() else { throw TOMLSyntaxError(TOMLError(at: start, "unterminated multi-line string")) }
            switch byte {
            case UInt8(ascii: "\""):
                if startsWith("\"\"\"") {
                    var quotes = 3
                    while quotes < 5, index + quotes < bytes.count, bytes[index + quotes] == UInt8(ascii: "\"") { quotes += 1 }
                    for _ in 0..<(quotes - 3) { scalars.append("\"") }
                    advance(quotes)
                    return String(scalars)
                }
                advance()
                scalars.append("\"")
            case UInt8(ascii: "\\"):
                if try skipLineEndingBackslash() { continue }
                scalars.append(try readEscape())
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try consumeNewline()
                scalars.append("\n")
            default:
                try checkAllowed(byte)
                scalars.append(readScalar())
            }
        }
    }

    mutating func readLiteralString(start: SourcePosition) throws(TOMLSyntaxError) -> String {
        let from = index
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw TOMLSyntaxError(TOMLError(at: start, "unterminated literal string"))
            }
            if byte == UInt8(ascii: "'") {
                let text = String(decoding: bytes[from..<index], as: UTF8.self)
                advance()
                return text
            }
            try checkAllowed(byte)
            advance()
        }
    }

    mutating func readMultilineLiteralString(start: SourcePosition) throws(TOMLSyntaxError) -> String {
        try skipOneNewline()
        var text = ""
        var from = index
        while true {
            guard let byte = peek() else { throw TOMLSyntaxError(TOMLError(at: start, "unterminated multi-line literal string")) }
            switch byte {
            case UInt8(ascii: "'") where startsWith("'''"):
                var quotes = 3
                while quotes < 5, index + quotes < bytes.count, bytes[index + quotes] == UInt8(ascii: "'") { quotes += 1 }
                text += String(decoding: bytes[from..<index], as: UTF8.self) + String(repeating: "'", count: quotes - 3)
                advance(quotes)
                return text
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                text += String(decoding: bytes[from..<index], as: UTF8.self) + "\n"
                try consumeNewline()
                from = index
            case UInt8(ascii: "'"):
                advance()
            default:
                try checkAllowed(byte)
                advance()
            }
        }
    }

    /// A newline right after the opening delimiter of a multi-line string is not part of it.
    mutating func skipOneNewline() throws(TOMLSyntaxError) {
        if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") { try consumeNewline() }
    }

    /// A backslash that ends a line in a multi-line basic string swallows the newline and
    /// all whitespace up to the next visible character. True when it was one.
    mutating func skipLineEndingBackslash() throws(TOMLSyntaxError) -> Bool {
        var lookahead = index + 1
        while lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: " ") || bytes[lookahead] == UInt8(ascii: "\t") { lookahead += 1 }
        guard lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: "\n") || bytes[lookahead] == UInt8(ascii: "\r") else { return false }
        index = lookahead
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                advance()
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try consumeNewline()
            } else {
                break
            }
        }
        return true
    }

    mutating func readEscape() throws(TOMLSyntaxError) -> Unicode.Scalar {
        let start = position()
        advance()
        guard let byte = peek() else { throw TOMLSyntaxError(TOMLError(at: start, "unterminated escape sequence")) }
        advance()
        switch byte {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            guard index + count <= bytes.count else { throw TOMLSyntaxError(TOMLError(at: start, "incomplete unicode escape")) }
            let digits = String(decoding: bytes[index..<index + count], as: UTF8.self)
            guard digits.utf8.allSatisfy(isHexDigit), let code = UInt32(digits, radix: 16) else {
                throw TOMLSyntaxError(TOMLError(at: start, "invalid unicode escape '\\\(Character(Unicode.Scalar(byte)))\(digits)'"))
            }
            guard let scalar = Unicode.Scalar(code) else {
                throw TOMLSyntaxError(TOMLError(at: start, "unicode escape '\\\(Character(Unicode.Scalar(byte)))\(digits)' is not a Unicode scalar value"))
            }
            advance(count)
            return scalar
        default:
            index -= 1
            throw TOMLSyntaxError(TOMLError(at: start, "invalid escape sequence '\\\(String(readScalar()))'"))
        }
    }

    /// The Unicode scalar starting at the current byte (the input is valid UTF-8).
    mutating func readScalar() -> Unicode.Scalar {
        let (scalar, length) = utf8Scalar(at: index, in: bytes)
        index += length
        return scalar
    }

    /// Control characters other than tab may not appear in strings or comments.
    mutating func checkAllowed(_ byte: UInt8) throws(TOMLSyntaxError) {
        if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F {
            throw fail("control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(4)) must be escaped")
        }
    }
}

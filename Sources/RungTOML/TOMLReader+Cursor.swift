/// The reader's cursor: white space, comments and line ends skipped, positions and
/// errors reported at the cursor.
extension TOMLReader {
    // MARK: - Whitespace, comments and newlines

    mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    mutating func skipComment() throws(TOMLSyntaxError) {
        guard peek() == UInt8(ascii: "#") else { return }
        advance()
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { return }
            try checkAllowed(byte)
            advance(byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4)
        }
    }

    /// Whitespace, newlines and comments between array elements.
    mutating func skipBlankAndComments() throws(TOMLSyntaxError) {
        while true {
            skipWhitespace()
            try skipComment()
            guard let byte = peek(), byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else { return }
            try consumeNewline()
        }
    }

    /// Consumes LF or CRLF; a lone CR is an error.
    mutating func consumeNewline() throws(TOMLSyntaxError) {
        if peek() == UInt8(ascii: "\r") {
            guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") else {
                throw fail("carriage return must be followed by a line feed")
            }
            advance()
        }
        advance()
        line += 1
        lineStart = index
    }

    // MARK: - Cursor

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance(_ count: Int = 1) { index += count }

    func startsWith(_ text: String) -> Bool {
        var offset = index
        for byte in text.utf8 {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
        }
        return true
    }

    /// The position of the current byte; the column counts characters, not bytes.
    mutating func position() -> SourcePosition {
        SourcePosition(line: line, column: columns.column(of: index, lineStart: lineStart, in: bytes))
    }

    mutating func fail(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(TOMLError(at: position(), message))
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): "end of line"
        case 0x20..<0x7F: "'\(Character(Unicode.Scalar(byte)))'"
        case ..<0x80: "control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(4))"
        default: "a non-ASCII character"
        }
    }
}

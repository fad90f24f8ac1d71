import RungCore

/// The two MIME encodings an email prompt needs, both turning any UTF-8 text into short
/// lines of printable ASCII: RFC 2047 encoded-words for a header, RFC 2045
/// quoted-printable for the body.
enum MIMEEncoding {
    /// The longest header line RFC 5322 recommends, without its line end.
    static let headerLineLimit = 78
    /// The longest encoded-word RFC 2047 allows.
    static let encodedWordLimit = 75
    /// The longest quoted-printable line RFC 2045 allows, without its line end.
    static let bodyLineLimit = 76

    /// `name: text` as an unstructured header (RFC 5322 `Subject`). Short printable ASCII
    /// stays as it is; anything else becomes UTF-8 `Q` encoded-words, folded onto
    /// continuation lines so that no line exceeds 78 characters and no character is split
    /// between two words. `text` must hold no line break; an encoded-word would carry one
    /// harmlessly, but a reader would see it.
    static func unstructuredHeader(_ name: String, _ text: String) -> String {
        let prefix = name + ": "
        let isPlain = !text.isEmpty && text.utf8.allSatisfy { (0x20...0x7E).contains($0) }
            && !text.contains("=?") && text.first != " " && text.last != " "
        if isPlain && prefix.utf8.count + text.utf8.count <= headerLineLimit {
            return prefix + text
        }
        let (open, close) = ("=?UTF-8?Q?", "?=")
        let overhead = open.utf8.count + close.utf8.count
        var words: [String] = []
        var word = ""
        var room = min(encodedWordLimit, headerLineLimit - prefix.utf8.count) - overhead
        for scalar in text.unicodeScalars {
            let piece = qEncoded(scalar)
            if word.utf8.count + piece.utf8.count > room, !word.isEmpty {
                words.append(word)
                word = ""
                room = min(encodedWordLimit, headerLineLimit - 1) - overhead
            }
            word += piece
        }
        words.append(word)
        return prefix + words.map { open + $0 + close }.joined(separator: "\n ")
    }

    /// One character in RFC 2047's `Q` encoding, restricted to the characters that are
    /// safe in every header context: letters, digits and `!*+-/` as they are, a space as
    /// `_`, every other byte of its UTF-8 as `=XX`.
    static func qEncoded(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCIIAlphanumeric || "!*+-/".unicodeScalars.contains(scalar) { return String(scalar) }
        if scalar == " " { return "_" }
        return String(scalar).utf8.map { "=" + hex($0) }.joined()
    }

    /// `text` (lines separated by LF) in quoted-printable, lines separated by LF, none
    /// longer than 76 characters. Beyond what RFC 2045 requires, a `.` or a `From ` at the
    /// start of a line is encoded too, so that neither a dot-terminated transfer nor an
    /// mbox file can take the line for something else.
    static func quotedPrintable(_ text: String) -> String {
        var output: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var contentEnd = bytes.count
            while contentEnd > 0, bytes[contentEnd - 1] == 0x20 || bytes[contentEnd - 1] == 0x09 { contentEnd -= 1 }
            var current = ""
            for index in bytes.indices {
                let byte = bytes[index]
                let isLiteral = (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=")
                    || (byte == 0x20 || byte == 0x09) && index < contentEnd
                // Room for this byte (at most "=XX") and a soft line break's "=".
                if current.utf8.count + (isLiteral ? 1 : 3) > bodyLineLimit - 1 {
                    output.append(current + "=")
                    current = ""
                }
                let startsLine = current.isEmpty
                    && (byte == UInt8(ascii: ".") || bytes[index...].starts(with: "From ".utf8))
                current += isLiteral && !startsLine ? String(UnicodeScalar(byte)) : "=" + hex(byte)
            }
            output.append(current)
        }
        return output.joined(separator: "\n")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

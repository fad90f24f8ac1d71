/// Columns in characters (grapheme clusters), as `SourcePosition` counts them, carried
/// along a line: asked for places from left to right, it reads each byte of a line once,
/// where counting every prefix anew costs the square of the line's length.
struct TOMLColumnCounter {
    private var lineStart = 0
    /// How far the line has been read.
    private var counted = 0
    /// How many characters begin before `counted`.
    private var characters = 0
    /// Where the character being read stands, so the next scalar is known to begin a new
    /// character or to continue it. The standard library's own, as `String.count` uses.
    private var recognizer = Unicode._CharacterRecognizer()

    /// The 1-based column of `bytes[index]` on the line that begins at `lineStart`: one more
    /// than the number of characters before it on that line.
    mutating func column(of index: Int, lineStart: Int, in bytes: [UInt8]) -> Int {
        if lineStart != self.lineStart || index < counted { restart(at: lineStart) }
        while counted < index {
            let (scalar, length) = utf8Scalar(at: counted, in: bytes)
            if recognizer.hasBreak(before: scalar) { characters += 1 }
            counted += length
        }
        return characters + 1
    }

    private mutating func restart(at lineStart: Int) {
        self.lineStart = lineStart
        counted = lineStart
        characters = 0
        recognizer = Unicode._CharacterRecognizer()
    }
}

/// The Unicode scalar that starts at `bytes[index]` and how many bytes it takes (`bytes`
/// is valid UTF-8, as it comes from a `String`).
func utf8Scalar(at index: Int, in bytes: [UInt8]) -> (scalar: Unicode.Scalar, length: Int) {
    let lead = bytes[index]
    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (length + 1))
    for offset in 1..<max(1, length) { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
}

/// The person's own words as a prompt quotes them: a sentence or two, never the whole of a
/// long entry (COACHING.md §6 quotes evidence beside other text, in a notification).
///
/// Whitespace runs, line breaks included, become one space. The excerpt is at most
/// `maxSentences` sentences and `maxLength` characters, and ends with "…" when something
/// was left out: after the last whole sentence that fits, else after the last whole word,
/// and only inside a word when the first word alone is longer than the limit (then between
/// characters as people see them, never inside one).
public enum EvidenceQuote {
    /// How many sentences a quote keeps at most.
    public static let maxSentences = 2
    /// How many characters a quote keeps at most, "…" included: about two lines of a notification.
    public static let maxLength = 200

    /// The excerpt of `text` a prompt quotes.
    public static func excerpt(_ text: String, maxSentences: Int = maxSentences, maxLength: Int = maxLength) -> String {
        // One character past the limit shows whether a mark at the limit ends a sentence.
        let (characters, isComplete) = normalizedPrefix(text, count: maxLength + 1)
        let ends = sentenceEnds(characters)
        let innerEnds = ends.filter { $0 < characters.count }
        if isComplete, characters.count <= maxLength, innerEnds.count < maxSentences {
            return String(characters)
        }
        if let end = ends.prefix(maxSentences).last(where: { $0 <= maxLength - 2 }) {
            return String(characters[..<end]) + " …"
        }
        // No whole sentence fits: cut after the last whole word, leaving room for "…".
        let room = characters.prefix(maxLength)
        if let space = room.lastIndex(where: \.isWhitespace) {
            let words = room[..<space].reversed().drop { $0.isWhitespace || ",;:-–—".contains($0) }
            if !words.isEmpty { return String(words.reversed()) + "…" }
        }
        return String(characters.prefix(maxLength - 1)) + "…"
    }

    /// The first `count` characters of `text` with leading whitespace dropped and each
    /// whitespace run as one space (none at the end), and whether they are all of it.
    /// Stops reading at `count + 1` characters, so a long text costs no more than a short one.
    private static func normalizedPrefix(_ text: String, count: Int) -> ([Character], Bool) {
        var characters: [Character] = []
        characters.reserveCapacity(count)
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !characters.isEmpty
                continue
            }
            if pendingSpace {
                if characters.count == count { return (characters, false) }
                characters.append(" ")
                pendingSpace = false
            }
            if characters.count == count { return (characters, false) }
            characters.append(character)
        }
        return (characters, true)
    }

    /// The indices just after each sentence's end: a terminal mark (`.`, `!`, `?`, `…` and
    /// their full-width forms) with any closing quotes or brackets after it, followed by a
    /// space or the end of the text ("3.5 minutes" holds no end).
    private static func sentenceEnds(_ characters: [Character]) -> [Int] {
        var ends: [Int] = []
        var index = 0
        while index < characters.count {
            guard terminals.contains(characters[index]) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < characters.count, terminals.contains(characters[end]) || closers.contains(characters[end]) { end += 1 }
            if end == characters.count || characters[end].isWhitespace || fullWidthTerminals.contains(characters[end - 1]) {
                ends.append(end)
            }
            index = end
        }
        return ends
    }

    private static let fullWidthTerminals: Set<Character> = ["。", "！", "？"]
    private static let terminals: Set<Character> = Set([".", "!", "?", "…"]).union(fullWidthTerminals)
    private static let closers: Set<Character> = ["\"", "'", "”", "’", "»", ")", "]", "」", "』", "）"]
}

/// The words of a short answer, as the text rules compare them: lowercased, split at
/// whitespace and punctuation, apostrophes kept inside a word ("didn't", "CFO's") and the
/// typographic apostrophe read as the plain one, so that "OK!", "ok" and "Ok." are one word.
enum Words {
    static func of(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func finish() {
            let word = current.trimmingApostrophes()
            if !word.isEmpty { words.append(word) }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "\u{2019}" {
                current.append("'")
            } else {
                finish()
            }
        }
        finish()
        return words
    }
}

extension String {
    fileprivate func trimmingApostrophes() -> String {
        guard let first = firstIndex(where: { $0 != "'" }), let last = lastIndex(where: { $0 != "'" }) else { return "" }
        return String(self[first...last])
    }
}

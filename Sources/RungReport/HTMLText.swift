/// Text from the person's store and config made safe to place inside HTML and SVG, as an
/// element's content or a quoted attribute value: a title such as `Q&A <5 people>` must show
/// as written and never become markup.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as character references, and control
    /// characters, which HTML forbids, shown as the replacement character �.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(character)
            case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `text` cut to at most `limit` characters, an ellipsis marking the cut, for a label
    /// that must fit beside a chart (the full text stays in the chart's text alternative).
    public static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}

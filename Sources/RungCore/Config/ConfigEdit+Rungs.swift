import RungTOML

extension ConfigEdit {
    /// `text` with a rung `{ title = …, stakes = … }` put into `rungs` of `[ladder.ladder]`
    /// after rung `after` (0: before the first), written as its neighbours are: on a line
    /// of its own with their indentation when they stand one to a line, else beside them.
    /// A performance of that ladder naming a rung after it by number (`rung = 5`) is
    /// renumbered so that it keeps naming the same rung; titles and "current" need nothing.
    public static func insertingRung(
        title: String, stakes: Stakes, into ladder: String, after: Int, in text: String
    ) throws(ConfigEditError) -> String {
        let document = try parsed(text)
        guard let ladderTable = document["ladder"]?.value.table?[ladder]?.value.table else {
            throw ConfigEditError("the config defines no ladder '\(ladder)'")
        }
        guard let rungs = ladderTable["rungs"]?.value, let elements = rungs.array, let arrayRange = rungs.sourceRange else {
            throw ConfigEditError("[ladder.\(tomlKey(ladder))] has no 'rungs = [ … ]' to add the rung to")
        }
        guard (0...elements.count).contains(after) else {
            throw ConfigEditError("ladder '\(ladder)' has rungs 1 to \(elements.count): a rung goes after 0 (first) to \(elements.count) (last)")
        }
        let bytes = Array(text.utf8)
        let lines = LineIndex(text)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let neighbour = elements.isEmpty ? nil : elements[max(after - 1, 0)]
        let rung = rungText(title: title, stakes: stakes, like: neighbour, in: bytes)
        var edits = renumberedPerformances(of: ladder, after: after, in: document)
        guard let first = elements.first?.sourceRange else {
            edits.append(TextEdit(at: arrayRange.lowerBound + 1, insert: rung))
            return edits.applied(to: bytes)
        }
        if after == 0 {
            let lineStart = lines.startOfLine(containing: first.lowerBound)
            if isBlank(bytes[lineStart..<first.lowerBound]) {
                edits.append(TextEdit(at: lineStart, insert: String(decoding: bytes[lineStart..<first.lowerBound], as: UTF8.self) + rung + "," + newline))
            } else {
                edits.append(TextEdit(at: first.lowerBound, insert: rung + ", "))
            }
            return edits.applied(to: bytes)
        }
        let previous = elements[after - 1].sourceRange!
        let comma = commaOffset(after: previous.upperBound, in: bytes)
        let anchor = comma.map { $0 + 1 } ?? previous.upperBound
        let next = after < elements.count ? elements[after].sourceRange!.lowerBound : arrayRange.upperBound - 1
        let anchorLine = lines.startOfLine(containing: anchor)
        guard lines.startOfLine(containing: next) > anchorLine else {
            edits.append(TextEdit(at: previous.upperBound, insert: ", " + rung))
            return edits.applied(to: bytes)
        }
        // One to a line: a line of its own after the neighbour's, with its indentation; the
        // neighbour gets the comma it lacked when it was the last without one.
        let previousLine = lines.startOfLine(containing: previous.lowerBound)
        var indentEnd = previousLine
        while indentEnd < previous.lowerBound, bytes[indentEnd] == UInt8(ascii: " ") || bytes[indentEnd] == UInt8(ascii: "\t") { indentEnd += 1 }
        let indent = String(decoding: bytes[previousLine..<indentEnd], as: UTF8.self)
        if comma == nil { edits.append(TextEdit(at: previous.upperBound, insert: ",")) }
        let insertAt = lines.endOfLine(from: anchor)
        let lineBreak = insertAt == bytes.count && bytes.last != UInt8(ascii: "\n") ? newline : ""
        edits.append(TextEdit(at: insertAt, insert: lineBreak + indent + rung + (comma == nil ? "" : ",") + newline))
        return edits.applied(to: bytes)
    }

    /// The new rung as an inline table, spaced and ordered as `neighbour` is.
    static func rungText(title: String, stakes: Stakes, like neighbour: TOMLValue?, in bytes: [UInt8]) -> String {
        let source = neighbour?.sourceRange.map { String(decoding: bytes[$0], as: UTF8.self) } ?? "{ title = \"\" }"
        let padded = source.hasPrefix("{ ")
        let equals = source.contains(" = ") || !source.contains("=") ? " = " : "="
        var pairs = [("title", quoted(title)), ("stakes", quoted(stakes.rawValue))]
        if let keys = neighbour?.table?.keys, let titleIndex = keys.firstIndex(of: "title"), let stakesIndex = keys.firstIndex(of: "stakes"),
           stakesIndex < titleIndex {
            pairs.reverse()
        }
        let separator = source.contains(", ") || !source.contains(",") ? ", " : ","
        let body = pairs.map { $0.0 + equals + $0.1 }.joined(separator: separator)
        return padded ? "{ \(body) }" : "{\(body)}"
    }

    /// Where the comma after an array element ending at `offset` is, if it has one: only
    /// white space, line ends and comments come before it.
    static func commaOffset(after offset: Int, in bytes: [UInt8]) -> Int? {
        var index = offset
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: ","): return index
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            default: return nil
            }
        }
        return nil
    }

    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// `rung = N` of each performance on `ladder` with N after `after`, made N + 1.
    static func renumberedPerformances(of ladder: String, after: Int, in document: TOMLTable) -> [TextEdit] {
        let performances = document["performance"]?.value.table?.entries ?? []
        return performances.compactMap { entry in
            guard let performance = entry.value.table, performance["ladder"]?.value.string == ladder,
                  let rung = performance["rung"]?.value, let number = rung.integer, number > after, let range = rung.sourceRange
            else { return nil }
            return TextEdit(replacing: range, with: String(number + 1))
        }
    }
}

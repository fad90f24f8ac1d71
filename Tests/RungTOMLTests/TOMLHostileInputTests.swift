import RungTestSupport
import Testing
@testable import RungTOML

/// The first error `text` gives, `LINE:COLUMN: MESSAGE`, or nil when it reads cleanly.
private func firstError(_ text: String) -> String? {
    TOMLParser.read(text).errors.first?.description
}

private let limit = TOMLParser.maximumNestingDepth
private let nestingMessage = "too deeply nested: tables and arrays may nest at most \(limit) levels deep"

/// Input made to hurt the reader: it must answer with a positioned error, never crash the
/// process by running out of stack, and read long lines in time proportional to them.
@Suite("TOML reader on hostile input")
struct TOMLHostileInputTests {
    @Test("20 000 nested arrays are refused at the first level past the limit")
    func deepArrays() {
        let text = "k = " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        #expect(firstError(text) == "1:\(4 + limit + 1): \(nestingMessage)")
    }

    @Test("20 000 nested inline tables are refused at the first level past the limit")
    func deepInlineTables() {
        let text = "k = " + String(repeating: "{a = ", count: 20_000) + "1" + String(repeating: " }", count: 20_000)
        #expect(firstError(text) == "1:\(5 + 5 * limit): \(nestingMessage)")
    }

    @Test("a table header of 100 000 parts is refused at the part past the limit")
    func deepHeader() {
        let text = "[" + String(repeating: "a.", count: 99_999) + "a]\nb = 1\n"
        #expect(firstError(text) == "1:\(2 + 2 * limit): \(nestingMessage)")
    }

    @Test("an array-of-tables header of 100 000 parts is refused at the part past the limit")
    func deepArrayOfTablesHeader() {
        let text = "[[" + String(repeating: "a.", count: 99_999) + "a]]\n"
        #expect(firstError(text) == "1:\(3 + 2 * limit): \(nestingMessage)")
    }

    @Test("a dotted key of 100 000 parts is refused at the part past the limit")
    func deepDottedKey() {
        let text = String(repeating: "a.", count: 99_999) + "a = 1\n"
        #expect(firstError(text) == "1:\(1 + 2 * limit): \(nestingMessage)")
    }

    @Test("a dotted key inside an inline table counts the levels around it")
    func dottedKeyInInlineTable() {
        let text = "k = {" + String(repeating: "a.", count: limit) + "a = 1}"
        #expect(firstError(text) == "1:\(6 + 2 * (limit - 1)): \(nestingMessage)")
    }

    @Test("the levels of a header, a dotted key under it and the value add up")
    func levelsAddUp() {
        let header = "[" + Array(repeating: "t", count: limit - 2).joined(separator: ".") + "]\n"
        #expect(firstError(header + "a.b.c = 1\n") == nil)
        #expect(firstError(header + "a.b = [1]\n") == nil)
        #expect(firstError(header + "a.b.c.d = 1\n") == "2:5: \(nestingMessage)")
        #expect(firstError(header + "a.b.c = [1]\n") == "2:9: \(nestingMessage)")
    }

    @Test("nesting exactly at the limit is read")
    func atTheLimit() throws {
        let arrays = "k = " + String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)
        var value = try #require(try TOMLParser.parse(arrays)["k"]?.value)
        for _ in 1..<limit { value = try #require(value.array?.first) }
        #expect(value.array?.first?.integer == 1)
        let header = "[" + Array(repeating: "a", count: limit).joined(separator: ".") + "]\nb = 1\n"
        #expect(firstError(header) == nil)
        let dotted = Array(repeating: "a", count: limit + 1).joined(separator: ".") + " = 1\n"
        #expect(firstError(dotted) == nil)
    }

    @Test("a 1.2 MB line of array elements is read whole")
    func longLine() throws {
        let count = 200_000
        let text = "k = [" + (0..<count).map { _ in "12345" }.joined(separator: ", ") + "]\n"
        #expect(text.utf8.count > 1_200_000)
        let elements = try #require(try TOMLParser.parse(text)["k"]?.value.array)
        #expect(elements.count == count)
        #expect(elements.last?.position == SourcePosition(line: 1, column: 6 + 7 * (count - 1)))
    }

    @Test("a long line of accented text positions its last value by characters")
    func longNonASCIILine() {
        let count = 100_000
        let text = "k = [" + String(repeating: "\"e\u{301}\u{e9}\\n\", ", count: count) + "x]\n"
        #expect(firstError(text) == "1:\(6 + 8 * count): invalid value 'x'")
    }

    @Test("a file of 50 000 keys is read whole")
    func manyKeys() throws {
        let text = (0..<50_000).map { "[t\($0)]\nkey = \"value \($0)\"\n" }.joined()
        let document = try TOMLParser.parse(text)
        #expect(document.keys.count == 50_000)
        #expect(document["t49999"]?.value.table?["key"]?.value.position == SourcePosition(line: 100_000, column: 7))
    }

    @Test("columns counted along a line agree with counting every prefix, for awkward characters")
    func columnsAgreeWithPrefixCounting() throws {
        // Combining marks, a prepended Arabic sign, emoji joined by ZWJ, flags, Hangul jamo,
        // a variation selector: characters whose width depends on their neighbours.
        let pieces = ["a", "é", "e\u{301}", "\u{600}", "\u{600}\u{600}", "👩\u{200D}👩\u{200D}👧", "\u{200D}", "🇩🇪", "🇩", "\u{1100}\u{1161}", "\u{11A8}", "\u{FE0F}", "\u{301}", " "]
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_DIFF_SEED")
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let strings = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            let line = "k = [" + strings.map { "\"\($0)\", " }.joined()
            let elements = try #require(try TOMLParser.parse(line + "]")["k"]?.value.array, "seed \(seed)")
            // A value's column is the number of characters before it, plus one: the prefix
            // alone, as the old reader counted it.
            let expected = strings.indices.map { index in
                let prefix = "k = [" + strings[..<index].map { "\"\($0)\", " }.joined()
                return prefix.count + 1
            }
            #expect(elements.map(\.position.column) == expected, "seed \(seed): \(line.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("an error inside a character made of several scalars counts the part before it")
    func errorInsideACharacter() {
        // U+0600 joins the character after it, so the backslash is inside a character.
        #expect(firstError("k = \"\u{600}\\q\"") == "1:7: invalid escape sequence '\\q'")
        #expect(firstError("k = \"e\u{301}\\q\"") == "1:7: invalid escape sequence '\\q'")
        let count = 10_000
        let long = "k = [" + String(repeating: "\"\u{600}a\u{301}\", ", count: count) + "\"\u{600}\\q\"]"
        #expect(firstError(long) == "1:\(8 + 5 * count): invalid escape sequence '\\q'")
    }
}

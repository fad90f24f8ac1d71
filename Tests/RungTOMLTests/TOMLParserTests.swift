import Foundation
import Testing
@testable import RungTOML

/// A compact, unambiguous rendering of a parsed document to compare against: strings
/// quoted, numbers tagged when their type could be mistaken, tables in source order.
private func render(_ value: TOMLValue) -> String {
    switch value.content {
    case .string(let text): "\"\(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined())\""
    case .integer(let number): "\(number)"
    case .float(let number): "float(\(number))"
    case .boolean(let flag): "\(flag)"
    case .dateTime(let dateTime): "dt(\(dateTime))"
    case .array(let elements): "[" + elements.map(render).joined(separator: ",") + "]"
    case .table(let table): render(table)
    }
}

private func render(_ table: TOMLTable) -> String {
    "{" + table.entries.map { "\($0.key)=\(render($0.value))" }.joined(separator: ",") + "}"
}

private func parse(_ text: String) throws -> String {
    render(try TOMLParser.parse(text))
}

/// A valid document and what it must read as.
struct ValidTOML: CustomTestStringConvertible, Sendable {
    let source: String
    let expected: String
    var testDescription: String { source.replacingOccurrences(of: "\n", with: "⏎") }
}

/// An invalid document and the first error it must report, `LINE:COLUMN: MESSAGE`.
struct InvalidTOML: CustomTestStringConvertible, Sendable {
    let source: String
    let error: String
    var testDescription: String { source.replacingOccurrences(of: "\n", with: "⏎") }
}

private let validDocuments: [ValidTOML] = [
    // Keys
    .init(source: "a = 1", expected: "{a=1}"),
    .init(source: "bare_key-1 = 1\n\"quoted key\" = 2\n'literal key' = 3", expected: "{bare_key-1=1,quoted key=2,literal key=3}"),
    .init(source: "\"\" = 1", expected: "{=1}"),
    .init(source: "1234 = \"digits are keys\"", expected: "{1234=\"digits are keys\"}"),
    .init(source: "a.b.c = 1\na.b.d = 2", expected: "{a={b={c=1,d=2}}}"),
    .init(source: "a . b = 1", expected: "{a={b=1}}"),
    .init(source: "site.\"google.com\" = true", expected: "{site={google.com=true}}"),
    .init(source: "3.14159 = \"pi\"", expected: "{3={14159=\"pi\"}}"),
    .init(source: "\"a\\u00e9\" = 1", expected: "{a\u{e9}=1}"),
    // Strings
    .init(source: #"s = "tab\there \"q\" \\ \u00E9 \U0001F600""#, expected: "{s=\"tab\\u{9}here \"q\" \\ \\u{e9} \\u{1f600}\"}"),
    .init(source: #"s = "\b\f\n\r""#, expected: "{s=\"\\u{8}\\u{c}\\u{a}\\u{d}\"}"),
    .init(source: "s = 'C:\\Users\\nodejs\\templates'", expected: "{s=\"C:\\Users\\nodejs\\templates\"}"),
    .init(source: "s = \"\"\"\nRoses\nViolets\"\"\"", expected: "{s=\"Roses\\u{a}Violets\"}"),
    .init(source: "s = \"\"\"\nThe quick \\\n   brown \\\n\n   fox.\"\"\"", expected: "{s=\"The quick brown fox.\"}"),
    .init(source: "s = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"", expected: "{s=\"Here are two quotation marks: \"\". Simple enough.\"}"),
    .init(source: "s = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"", expected: "{s=\"\"This,\" she said, \"is just a pointless statement.\"\"}"),
    .init(source: "s = '''\nThe first newline is\ntrimmed in raw strings.\n'''", expected: "{s=\"The first newline is\\u{a}trimmed in raw strings.\\u{a}\"}"),
    .init(source: "s = '''''That,' she said, 'is still pointless.'''''", expected: "{s=\"''That,' she said, 'is still pointless.''\"}"),
    .init(source: "s = \"\"\"a\r\nb\"\"\"", expected: "{s=\"a\\u{a}b\"}"),
    .init(source: "s = \"caf\u{e9} \u{1F600}\"", expected: "{s=\"caf\\u{e9} \\u{1f600}\"}"),
    // Integers
    .init(source: "a = +99\nb = 42\nc = 0\nd = -17", expected: "{a=99,b=42,c=0,d=-17}"),
    .init(source: "a = 1_000\nb = 5_349_221\nc = 1_2_3_4_5", expected: "{a=1000,b=5349221,c=12345}"),
    .init(source: "a = 0xDEADBEEF\nb = 0xdead_beef\nc = 0o755\nd = 0b1101_0110", expected: "{a=3735928559,b=3735928559,c=493,d=214}"),
    .init(source: "a = 9223372036854775807\nb = -9223372036854775808", expected: "{a=9223372036854775807,b=-9223372036854775808}"),
    .init(source: "a = +0\nb = -0", expected: "{a=0,b=0}"),
    // Floats
    .init(source: "a = +1.0\nb = 3.1415\nc = -0.01", expected: "{a=float(1.0),b=float(3.1415),c=float(-0.01)}"),
    .init(source: "a = 5e+22\nb = 1e06\nc = -2E-2\nd = 6.626e-34", expected: "{a=float(5e+22),b=float(1000000.0),c=float(-0.02),d=float(6.626e-34)}"),
    .init(source: "a = 224_617.445_991_228", expected: "{a=float(224617.445991228)}"),
    .init(source: "a = inf\nb = +inf\nc = -inf", expected: "{a=float(inf),b=float(inf),c=float(-inf)}"),
    .init(source: "a = nan\nb = -nan", expected: "{a=float(nan),b=float(nan)}"),
    // Booleans
    .init(source: "t = true\nf = false", expected: "{t=true,f=false}"),
    // Date-times
    .init(source: "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999-07:00",
          expected: "{a=dt(1979-05-27T07:32:00Z),b=dt(1979-05-27T00:32:00-07:00),c=dt(1979-05-27T00:32:00.999999-07:00)}"),
    .init(source: "a = 1979-05-27 07:32:00Z\nb = 1979-05-27t07:32:00z", expected: "{a=dt(1979-05-27T07:32:00Z),b=dt(1979-05-27T07:32:00Z)}"),
    .init(source: "a = 1979-05-27T07:32:00\nb = 1979-05-27 00:32:00.5", expected: "{a=dt(1979-05-27T07:32:00),b=dt(1979-05-27T00:32:00.5)}"),
    .init(source: "a = 1979-05-27\nb = 07:32:00\nc = 00:32:00.999999", expected: "{a=dt(1979-05-27),b=dt(07:32:00),c=dt(00:32:00.999999)}"),
    .init(source: "a = 2024-02-29", expected: "{a=dt(2024-02-29)}"),
    // Arrays
    .init(source: "a = [ 1, 2, 3 ]\nb = [ \"red\", 'yellow' ]\nc = [ [ 1, 2 ], [3, 4, 5] ]", expected: "{a=[1,2,3],b=[\"red\",\"yellow\"],c=[[1,2],[3,4,5]]}"),
    .init(source: "a = [ 0.1, \"x\", 1979-05-27, { n = 1 } ]", expected: "{a=[float(0.1),\"x\",dt(1979-05-27),{n=1}]}"),
    .init(source: "a = [\n  1, # one\n  2,\n  # nothing\n]", expected: "{a=[1,2]}"),
    .init(source: "a = []\nb = [ ]\nc = [\n]", expected: "{a=[],b=[],c=[]}"),
    // Tables
    .init(source: "[table]\n[table-1]\nkey1 = \"some string\"\nkey2 = 123", expected: "{table={},table-1={key1=\"some string\",key2=123}}"),
    .init(source: "[dog.\"tater.man\"]\ntype.name = \"pug\"", expected: "{dog={tater.man={type={name=\"pug\"}}}}"),
    .init(source: "[ j . \"ʞ\" . 'l' ]", expected: "{j={ʞ={l={}}}}"),
    .init(source: "[x.y.z.w]\n[x]", expected: "{x={y={z={w={}}}}}"),
    .init(source: "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
          expected: "{fruit={apple={color=\"red\",taste={sweet=true},texture={smooth=true}}}}"),
    .init(source: "a = 1 # comment\n# whole line\n[t] # after header\nb = 2", expected: "{a=1,t={b=2}}"),
    .init(source: "\n\n  a = 1\r\n\tb = 2\r\n", expected: "{a=1,b=2}"),
    // Inline tables
    .init(source: "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }",
          expected: "{name={first=\"Tom\",last=\"Preston-Werner\"},point={x=1,y=2}}"),
    .init(source: "animal = { type.name = \"pug\" }\nempty = {}", expected: "{animal={type={name=\"pug\"}},empty={}}"),
    // Arrays of tables
    .init(source: "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"",
          expected: "{products=[{name=\"Hammer\"},{},{name=\"Nail\"}]}"),
    .init(source: "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits]]\nname = \"banana\"",
          expected: "{fruits=[{name=\"apple\",physical={color=\"red\"},varieties=[{name=\"red delicious\"}]},{name=\"banana\"}]}"),
    .init(source: "rungs = [{ title = \"a\", stakes = \"low\" }, { title = \"b\" }]", expected: "{rungs=[{title=\"a\",stakes=\"low\"},{title=\"b\"}]}"),
]

private let invalidDocuments: [InvalidTOML] = [
    // Keys and pairs
    .init(source: "a = 1\na = 2", error: "2:1: duplicate key 'a' (first defined at line 1)"),
    .init(source: "a = 1\n\"a\" = 2", error: "2:1: duplicate key 'a' (first defined at line 1)"),
    .init(source: "a.b = 1\na.b = 2", error: "2:3: duplicate key 'b' (first defined at line 1)"),
    .init(source: "a = 1\na.b = 2", error: "2:1: cannot use 'a' as a table: it is already an integer (line 1)"),
    .init(source: "key = # no value", error: "1:7: expected a value after '='"),
    .init(source: "key", error: "1:4: expected '=' after the key 'key'"),
    .init(source: "key value", error: "1:5: expected '=' after the key 'key'"),
    .init(source: "= 1", error: "1:1: expected a key, found '='"),
    .init(source: "a = 1 b = 2", error: "1:7: expected a newline or end of file, found 'b'"),
    .init(source: "a. = 1", error: "1:4: expected a key, found '='"),
    .init(source: "k\u{e9}y = 1", error: "1:2: expected '=' after the key 'k'"),
    .init(source: "a = \"x\" \"y\"", error: "1:9: expected a newline or end of file, found '\"'"),
    // Strings
    .init(source: "s = \"no end", error: "1:5: unterminated string"),
    .init(source: "s = \"a\nb\"", error: "1:5: unterminated string"),
    .init(source: "s = 'no end", error: "1:5: unterminated literal string"),
    .init(source: "s = \"\"\"no end", error: "1:5: unterminated multi-line string"),
    .init(source: "s = '''no end\n", error: "1:5: unterminated multi-line literal string"),
    .init(source: #"s = "bad \q escape""#, error: "1:10: invalid escape sequence '\\q'"),
    .init(source: #"s = "\uD800""#, error: "1:6: unicode escape '\\uD800' is not a Unicode scalar value"),
    .init(source: #"s = "\u00G1""#, error: "1:6: invalid unicode escape '\\u00G1'"),
    .init(source: "s = \"a\u{7}b\"", error: "1:7: control character U+0007 must be escaped"),
    .init(source: "s = \"\"\"a\"\"\"\"\"\"", error: "1:14: expected a newline or end of file, found '\"'"),
    // Numbers
    .init(source: "a = 012", error: "1:5: invalid value '012'"),
    .init(source: "a = 1__000", error: "1:5: invalid value '1__000'"),
    .init(source: "a = _1", error: "1:5: invalid value '_1'"),
    .init(source: "a = 1_", error: "1:5: invalid value '1_'"),
    .init(source: "a = +0x1F", error: "1:5: invalid value '+0x1F'"),
    .init(source: "a = 0xG", error: "1:5: invalid value '0xG'"),
    .init(source: "a = 0b102", error: "1:5: invalid value '0b102'"),
    .init(source: "a = 9223372036854775808", error: "1:5: integer '9223372036854775808' does not fit in 64 bits"),
    .init(source: "a = .7", error: "1:5: invalid value '.7'"),
    .init(source: "a = 7.", error: "1:5: invalid value '7.'"),
    .init(source: "a = 3.e+20", error: "1:5: invalid value '3.e+20'"),
    .init(source: "a = 1e", error: "1:5: invalid value '1e'"),
    .init(source: "a = 03.14", error: "1:5: invalid value '03.14'"),
    .init(source: "a = infinity", error: "1:5: invalid value 'infinity'"),
    .init(source: "a = True", error: "1:5: invalid value 'True'"),
    // Date-times
    .init(source: "d = 1979-02-29", error: "1:5: invalid date '1979-02-29': no such day"),
    .init(source: "d = 1979-13-01", error: "1:5: invalid date '1979-13-01': no such day"),
    .init(source: "d = 1979-05-27T24:00:00", error: "1:5: invalid time in '1979-05-27T24:00:00': out of range"),
    .init(source: "d = 1979-05-27T07:32", error: "1:5: invalid date-time '1979-05-27T07:32'"),
    .init(source: "d = 1979-05-27T07:32:00+7:00", error: "1:5: invalid date-time '1979-05-27T07:32:00+7:00'"),
    .init(source: "d = 07:32:00Z", error: "1:5: invalid date-time '07:32:00Z'"),
    .init(source: "d = 1979-05-27T07:32:00.", error: "1:5: invalid date-time '1979-05-27T07:32:00.'"),
    // Arrays
    .init(source: "a = [1, 2", error: "1:5: unterminated array"),
    .init(source: "a = [1 2]", error: "1:8: expected ',' or ']' in the array, found '2'"),
    .init(source: "a = [,]", error: "1:6: expected a value, found ','"),
    .init(source: "a = [1,,2]", error: "1:8: expected a value, found ','"),
    // Inline tables
    .init(source: "t = { a = 1, }", error: "1:14: trailing comma in inline table"),
    .init(source: "t = { a = 1\n}", error: "1:12: unterminated inline table (an inline table must be on one line)"),
    .init(source: "t = { a = 1, a = 2 }", error: "1:14: duplicate key 'a' (first defined at line 1)"),
    .init(source: "t = { a = 1 }\nt.b = 2", error: "2:1: cannot use 't' as a table: it is already a table (line 1)"),
    .init(source: "t = { a = 1 }\n[t]", error: "2:2: cannot define [t]: 't' is already a table (line 1)"),
    .init(source: "t = { a = { b = 1 } }\n[t.a]", error: "2:2: cannot define table [t.a]: 't' is already a table (line 1)"),
    // Tables
    .init(source: "[a]\nb = 1\n[a]\nc = 2", error: "3:2: cannot define [a]: the table was already defined at line 1"),
    .init(source: "[a]\nb = 1\n[a.b]", error: "3:4: cannot define [a.b]: 'b' is already an integer (line 2)"),
    .init(source: "[fruit]\napple.color = \"red\"\n[fruit.apple]", error: "3:8: cannot define [fruit.apple]: the table was already defined by dotted keys at line 2"),
    .init(source: "[a.b.c]\nz = 9\n[a]\nb.c.t = 9", error: "4:1: cannot add keys to table 'b' with a dotted key: it was defined by a header at line 1"),
    .init(source: "[a\nb = 1", error: "1:3: expected ']' to close the table header"),
    .init(source: "[]", error: "1:2: expected a key, found ']'"),
    .init(source: "[a] b = 1", error: "1:5: expected a newline or end of file, found 'b'"),
    .init(source: "[[a]\n", error: "1:5: expected ']]' to close the array-of-tables header"),
    .init(source: "a = [1]\n[[a]]", error: "2:3: cannot define [[a]]: 'a' is already an array (line 1)"),
    .init(source: "[a]\n[[a]]", error: "2:3: cannot define [[a]]: the table was already defined at line 1"),
    .init(source: "[[a]]\n[a]", error: "2:2: cannot define [a]: 'a' is already an array of tables (line 1)"),
    .init(source: "[[a]]\n[[a]]\nb.c = 1\n[a.b]", error: "4:4: cannot define [a.b]: the table was already defined by dotted keys at line 3"),
    // Whitespace and comments
    .init(source: "a = 1\rb = 2", error: "1:6: carriage return must be followed by a line feed"),
    .init(source: "a = 1 # bell \u{7}", error: "1:14: control character U+0007 must be escaped"),
]

@Suite("TOML parser")
struct TOMLParserTests {
    @Test("reads a valid document", arguments: validDocuments)
    func valid(_ document: ValidTOML) throws {
        #expect(try parse(document.source) == document.expected)
    }

    @Test("rejects an invalid document with a positioned message", arguments: invalidDocuments)
    func invalid(_ document: InvalidTOML) {
        #expect(throws: TOMLErrors.self) { try TOMLParser.parse(document.source) }
        do {
            _ = try TOMLParser.parse(document.source)
        } catch {
            #expect(error.errors.first?.description == document.error)
        }
    }

    @Test("reports every duplicate key and redefined table, not only the first")
    func allStructuralErrors() {
        let source = "a = 1\na = 2\n[t]\n[t]\nb = 1\nb = 2\n"
        do {
            _ = try TOMLParser.parse(source)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "2:1: duplicate key 'a' (first defined at line 1)",
                "4:2: cannot define [t]: the table was already defined at line 3",
                "6:1: duplicate key 'b' (first defined at line 5)",
            ])
        }
    }

    @Test("reads on past a key or table defined twice, keeping the first definition")
    func readsOnPastDuplicates() throws {
        let reading = TOMLParser.read("a = 1\na = 2\n[t]\nb = 1\n[t]\nc = 2\n")
        #expect(reading.errors.map(\.description) == [
            "2:1: duplicate key 'a' (first defined at line 1)",
            "5:2: cannot define [t]: the table was already defined at line 3",
        ])
        let document = try #require(reading.document)
        #expect(render(document) == "{a=1,t={b=1,c=2}}")
    }

    @Test("gives no document when a syntax error stopped the reading")
    func noDocumentAfterSyntaxError() {
        let reading = TOMLParser.read("a = 1\na = 2\nb =\nc = 3\n")
        #expect(reading.document == nil)
        #expect(reading.errors.map(\.description) == [
            "2:1: duplicate key 'a' (first defined at line 1)",
            "3:4: expected a value after '='",
        ])
    }

    @Test("keeps the position of every key and value, counting columns in characters")
    func positions() throws {
        let source = """
        title = "Café ☕️ talk" # comment
        [ladder.talks]
          skill   =   "speaking"
          rungs = [
            { title = "é", stakes = "low" },
          ]
        [[x]]
        y.z = 2024-01-02
        """
        let root = try TOMLParser.parse(source)
        #expect(root["title"]?.keyPosition == SourcePosition(line: 1, column: 1))
        #expect(root["title"]?.value.position == SourcePosition(line: 1, column: 9))
        let ladders = try #require(root["ladder"])
        #expect(ladders.keyPosition == SourcePosition(line: 2, column: 2))
        let talks = try #require(ladders.value.table?["talks"])
        #expect(talks.keyPosition == SourcePosition(line: 2, column: 9))
        #expect(talks.value.position == SourcePosition(line: 2, column: 1))
        let skill = try #require(talks.value.table?["skill"])
        #expect(skill.keyPosition == SourcePosition(line: 3, column: 3))
        #expect(skill.value.position == SourcePosition(line: 3, column: 15))
        let rung = try #require(talks.value.table?["rungs"]?.value.array?.first?.table)
        #expect(rung["stakes"]?.keyPosition == SourcePosition(line: 5, column: 20))
        #expect(rung["stakes"]?.value.position == SourcePosition(line: 5, column: 29))
        let element = try #require(root["x"]?.value.array?.first)
        #expect(element.position == SourcePosition(line: 7, column: 1))
        #expect(element.table?["y"]?.value.table?["z"]?.keyPosition == SourcePosition(line: 8, column: 3))
        #expect(element.table?["y"]?.value.table?["z"]?.value.position == SourcePosition(line: 8, column: 7))
    }

    @Test("counts a column after wide and combining characters as a person does")
    func columnsInCharacters() {
        do {
            _ = try TOMLParser.parse("s = \"e\u{301}👩‍👩‍👧\" x")
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.position == SourcePosition(line: 1, column: 10))
        }
    }

    @Test("renders date-times in RFC 3339 form")
    func dateTimeDescription() throws {
        let root = try TOMLParser.parse("a = 2026-03-29T02:30:00.123+05:30")
        #expect(root["a"]?.value.dateTime?.description == "2026-03-29T02:30:00.123+05:30")
        #expect(root["a"]?.value.dateTime?.utcOffset == 19800)
        #expect(root["a"]?.value.typeDescription == "an offset date-time")
    }

    @Test("quotes keys that cannot be bare")
    func keyQuoting() {
        #expect(tomlKey("talks") == "talks")
        #expect(tomlKey("my talk") == "\"my talk\"")
        #expect(tomlKey("") == "\"\"")
        #expect(tomlKey("a\"b") == "\"a\\\"b\"")
    }
}

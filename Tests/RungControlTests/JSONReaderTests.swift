import RungControl
import Testing

/// The JSON reader the daemon reads calls with: exactly RFC 8259, and nothing a hostile
/// peer could use to be read two ways or to exhaust the daemon.
@Suite("Strict JSON reader")
struct JSONReaderTests {
    static func read(_ text: String) throws(JSONReader.Failure) -> JSONValue {
        try JSONReader.read(Array(text.utf8))
    }

    /// Why `bytes` are refused; nil when they are read.
    static func refusal(_ bytes: [UInt8]) -> String? {
        do {
            _ = try JSONReader.read(bytes)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("reads every kind of value", arguments: [
        (#"{"a": [1, -2, 3.5, 1e3, true, false, null, "x"]}"#,
         JSONValue.object(["a": .array([.integer(1), .integer(-2), .double(3.5), .double(1000), .bool(true), .bool(false), .null, .string("x")])])),
        (" \t\r\n[]\n", .array([])),
        ("{}", .object([:])),
        (#""\u00e9\ud83d\ude00 \n\t\"\\\/""#, .string("é😀 \n\t\"\\/")),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .double(9223372036854775808)),
        (#""é""#, .string("é")),
    ])
    func reads(_ text: String, _ expected: JSONValue) throws {
        #expect(try Self.read(text) == expected)
    }

    @Test("refuses what RFC 8259 does not allow, saying where and why", arguments: [
        ("{\"a\": 1,}", "invalid JSON at byte 8: a comma before '}'"),
        ("[1, 2,]", "invalid JSON at byte 6: a comma before ']'"),
        ("\u{FEFF}{}", "invalid JSON at byte 0: a byte order mark; JSON text has none"),
        (#"{"a": 1, "a": 2}"#, #"invalid JSON at byte 9: the key "a" appears twice"#),
        ("{} {}", "invalid JSON at byte 3: more text after the value"),
        ("", "invalid JSON at byte 0: the text ends where a value should be"),
        ("{a: 1}", "invalid JSON at byte 1: an object key must be a string"),
        ("[01]", "invalid JSON at byte 2: a number cannot start with 0"),
        ("[1.]", "invalid JSON at byte 3: a digit expected after '.'"),
        ("[NaN]", "invalid JSON at byte 1: a value cannot start here"),
        ("[1e999]", "invalid JSON at byte 1: the number 1e999 is out of range"),
        ("[tru]", "invalid JSON at byte 1: a value cannot start here"),
        ("\"a\u{01}\"", "invalid JSON at byte 2: a control character in a string (write it as an escape)"),
        (#""\ud800""#, "invalid JSON at byte 7: an unpaired surrogate escape"),
        (#""\udc00""#, "invalid JSON at byte 7: an unpaired surrogate escape"),
        (#""\x41""#, "invalid JSON at byte 2: an unknown escape in a string"),
        (#""\u12G4""#, "invalid JSON at byte 3: four hex digits expected after \\u"),
        (#""abc"#, "invalid JSON at byte 4: a string is not closed"),
        ("{\"a\" 1}", "invalid JSON at byte 5: ':' expected after an object key"),
    ])
    func refuses(_ text: String, _ message: String) {
        #expect(Self.refusal(Array(text.utf8)) == message)
    }

    @Test("refuses bytes that are not UTF-8 inside a string")
    func invalidUTF8() {
        #expect(Self.refusal([UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")]) == "invalid JSON at byte 1: a string that is not valid UTF-8")
    }

    @Test("nesting is bounded: 64 levels are read, 65 refused, and 100 000 never reach the stack's end")
    func depth() throws {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try Self.read(deepest) != .null)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(Self.refusal(Array(tooDeep.utf8)) == "invalid JSON at byte 64: nested deeper than 64 levels")
        let hostile = String(repeating: #"{"a":"#, count: 100_000)
        #expect(Self.refusal(Array(hostile.utf8)) == "invalid JSON at byte 320: nested deeper than 64 levels")
    }
}

import Testing
import RungTOML

@Suite("TOML source ranges")
struct TOMLSourceRangeTests {
    @Test("source ranges cover each value's text exactly")
    func sourceRanges() throws {
        let text = "a = \"é\"  # c\nb = [ 1,\n  { x = 2 } ]\n[t]\nc = 1979-05-27 07:32:00\n"
        let root = try TOMLParser.parse(text)
        let bytes = Array(text.utf8)
        func source(_ value: TOMLValue?) -> String? { value?.sourceRange.map { String(decoding: bytes[$0], as: UTF8.self) } }
        #expect(source(root["a"]?.value) == "\"é\"")
        #expect(source(root["b"]?.value) == "[ 1,\n  { x = 2 } ]")
        #expect(source(root["b"]?.value.array?[1]) == "{ x = 2 }")
        #expect(source(root["t"]?.value.table?["c"]?.value) == "1979-05-27 07:32:00")
        #expect(root["t"]?.value.sourceRange == nil)
    }
}

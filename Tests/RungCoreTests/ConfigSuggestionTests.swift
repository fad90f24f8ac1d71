import RungCore
import Testing

@Suite("Did-you-mean hints")
struct ConfigSuggestionTests {
    @Test("a name of very different length is never a typo of a short one, however long it is")
    func lengthsFarApart() {
        #expect(ConfigSuggestion.hint(for: String(repeating: "x", count: 100_000), among: ["xx", "xxx"]) == "")
        #expect(ConfigSuggestion.hint(for: "promps", among: ["prompts", "rung"]) == " (did you mean 'prompts'?)")
    }

    @Test("only the first diagnostics of a file carry hints; every error is still reported")
    func hintsAreBounded() throws {
        // Five rungs: a well-shaped ladder, so the unknown references are the first diagnostics.
        let rungs = (1...5).map { "{ title = \"R\($0)\", stakes = \"low\" }" }.joined(separator: ", ")
        let ladders = (0..<200).map { "[ladder.ladder-number-\($0)]\nskill = \"s\"\nrungs = [\(rungs)]\n" }
        let performances = (0..<200).map { "[performance.p\($0)]\ntitle = \"T\"\nat = 2030-01-01T10:00:00\nladder = \"ladder-numbr-\($0)\"\n" }
        let check = ConfigLoader.check((ladders + performances).joined(separator: "\n"), path: "rung.toml")
        let unknown = check.errors.filter { "\($0)".contains("refers to unknown ladder") }
        #expect(unknown.count == 200)
        #expect(unknown.prefix(10).allSatisfy { "\($0)".contains("(did you mean 'ladder-number-") })
        #expect(unknown.suffix(100).allSatisfy { !"\($0)".contains("did you mean") })
    }
}

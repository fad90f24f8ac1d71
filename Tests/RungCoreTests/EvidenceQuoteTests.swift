import Testing
@testable import RungCore

@Suite("How much of an entry a prompt quotes")
struct EvidenceQuoteTests {
    @Test("a short entry is quoted whole, its whitespace runs and line breaks as one space")
    func shortEntryWhole() {
        #expect(EvidenceQuote.excerpt("gave the stand-up update without notes") == "gave the stand-up update without notes")
        #expect(EvidenceQuote.excerpt("  Spoke first.\n\n  Kept eye contact.  ") == "Spoke first. Kept eye contact.")
        #expect(EvidenceQuote.excerpt("") == "")
    }

    @Test("at most two sentences, then …")
    func twoSentences() {
        let text = "Opened with the chart. Paused before the CFO's question! Then answered it in one line? Nobody left."
        #expect(EvidenceQuote.excerpt(text) == "Opened with the chart. Paused before the CFO's question! …")
        #expect(EvidenceQuote.excerpt(text, maxSentences: 1) == "Opened with the chart. …")
    }

    @Test("a full stop inside a number or a closing quote does not end a sentence early")
    func sentenceMarks() {
        let text = "Spoke for 3.5 minutes. She said “that landed.” Then questions. More."
        #expect(EvidenceQuote.excerpt(text) == "Spoke for 3.5 minutes. She said “that landed.” …")
    }

    @Test("sentences that do not fit in the length: the ones that do, else whole words and …")
    func lengthBeforeSentences() {
        let long = String(repeating: "word ", count: 60)
        let first = "Short first one."
        let excerpt = EvidenceQuote.excerpt(first + " " + long + ".")
        #expect(excerpt == "Short first one. …")

        let noSentence = EvidenceQuote.excerpt("kept " + long)
        #expect(noSentence.count <= EvidenceQuote.maxLength)
        #expect(noSentence.hasSuffix("word…"), "cut after a whole word: \(noSentence)")
    }

    @Test("a 120 KB entry is quoted in at most 200 characters, ending at a sentence or a word")
    func hugeEntry() {
        let sentence = "I presented the quarterly numbers to the whole department without reading from my notes. "
        let huge = String(repeating: sentence, count: 120_000 / sentence.utf8.count + 1)
        #expect(huge.utf8.count > 120_000)
        let excerpt = EvidenceQuote.excerpt(huge)
        #expect(excerpt.count <= 200)
        #expect(excerpt == "I presented the quarterly numbers to the whole department without reading from my notes. I presented the quarterly numbers to the whole department without reading from my notes. …")

        let unpunctuated = String(repeating: "and then I kept going ", count: 6_000)
        let words = EvidenceQuote.excerpt(unpunctuated)
        #expect(words.count <= 200 && words.hasSuffix("…"))
        #expect(unpunctuated.hasPrefix(String(words.dropLast()) + " "), "ends at a word boundary: \(words)")
    }

    @Test("one word longer than the limit is cut between characters as people see them")
    func oneLongWord() {
        let flags = String(repeating: "🇩🇪", count: 300)
        let excerpt = EvidenceQuote.excerpt(flags)
        #expect(excerpt.count == 200)
        #expect(excerpt == String(repeating: "🇩🇪", count: 199) + "…")
        let accents = String(repeating: "e\u{301}", count: 250)
        #expect(EvidenceQuote.excerpt(accents) == String(repeating: "é", count: 199) + "…")
    }

    @Test("full-width sentence marks end sentences without a space after them")
    func fullWidth() {
        #expect(EvidenceQuote.excerpt("会議で発表した。質問に答えた。拍手があった。") == "会議で発表した。質問に答えた。 …")
    }
}

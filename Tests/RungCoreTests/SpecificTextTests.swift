import Testing
@testable import RungCore

@Suite("Whether a text is specific enough to be evidence")
struct SpecificTextTests {
    @Test("a text that only judges how it went is vague, whatever its case and punctuation", arguments: [
        "fine", "OK", "okay!", "Good.", "went well", "Not bad", "alright", "great", "It was fine.", "so-so",
        "It went pretty well overall, I think.", "Honestly it was fine, really fine", "It's OK… not great, not bad",
    ])
    func judgementsAreVague(text: String) {
        #expect(SpecificText.isVague(text))
    }

    @Test("a text under four words is vague even when it names something", arguments: [
        "", "   ", "spoke first", "no notes used", "asked a question?",
    ])
    func shortTextsAreVague(text: String) {
        #expect(SpecificText.isVague(text))
    }

    @Test("a text that names something a camera could have recorded is specific", arguments: [
        "answered the second question without looking at my notes",
        "gave the update standing up",
        "It went well: I asked the speaker a question in front of 40 people",
        "didn't read from the slides once",
    ])
    func camerasDetailsAreSpecific(text: String) {
        #expect(!SpecificText.isVague(text))
    }

    @Test("exactly four words of detail are enough; four judging words are not")
    func boundaryAtFourWords() {
        #expect(SpecificText.minimumWords == 4)
        #expect(!SpecificText.isVague("gave update without notes"))
        #expect(SpecificText.isVague("gave update without"), "three words")
        #expect(SpecificText.isVague("it was pretty good"), "four words, all judgement")
    }

    @Test("a vague text gets the camera question, once; a specific one is kept")
    func oneFollowUp() {
        guard case .askOnce(let question) = SpecificText.review("went fine", followUpAsked: false) else {
            Issue.record("a vague text should get the follow-up")
            return
        }
        #expect(question.hasPrefix("What would a camera have recorded?"))
        #expect(question == SpecificText.followUp)
        #expect(SpecificText.review("still fine", followUpAsked: true) == .accept, "never a second follow-up")
        #expect(SpecificText.review("asked the first question in the Q&A", followUpAsked: false) == .accept)
    }
}

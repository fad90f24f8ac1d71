import Testing
@testable import RungCore

@Suite("When watching a peer is suggested")
struct VicariousSuggestionTests {
    @Test("a rung without attempts gets the prompt, whatever confidence was recorded")
    func noAttempts() {
        #expect(VicariousSuggestion.decide(attempts: 0, latestConfidence: nil) == .send)
        #expect(VicariousSuggestion.decide(attempts: 0, latestConfidence: 90) == .send)
    }

    @Test("below 50 the prompt is sent; from 50 it is skipped, with the reason", arguments: [
        (0, true), (40, true), (49, true), (50, false), (70, false), (100, false),
    ])
    func confidenceThreshold(confidence: Int, sends: Bool) {
        #expect(VicariousSuggestion.confidenceBelow == 50)
        let decision = VicariousSuggestion.decide(attempts: 3, latestConfidence: confidence)
        #expect(decision == (sends ? .send : .skip(reason:
            "skipped: your last confidence for this rung was \(confidence) (watching a peer helps most under 50)")))
    }

    @Test("attempts without a recorded confidence still get the prompt")
    func attemptsWithoutConfidence() {
        #expect(VicariousSuggestion.decide(attempts: 2, latestConfidence: nil) == .send)
    }
}

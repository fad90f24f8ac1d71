import Testing
@testable import RungCore

@Suite("Whether feedback is only praise of the person")
struct PraiseOnlyTests {
    @Test("praise of the person is flagged, whatever its case and punctuation", arguments: [
        "You were great", "you're a natural!", "Amazing job", "Well done.", "You nailed it", "",
        "Honestly, you were absolutely amazing up there!", "Great work — so proud of you", "WOW. Just wow.",
        "Loved it, you're a star", "That was really, really good",
    ])
    func praiseIsFlagged(feedback: String) {
        #expect(PraiseOnly.isPraiseOnly(feedback))
    }

    @Test("feedback that names what the person did is not flagged", arguments: [
        "you paused before answering the CFO's question and it made the answer land",
        "Great job: you slowed down on the budget slide and everyone followed",
        "the demo worked live",
        "you looked at the audience instead of the screen",
    ])
    func specificFeedbackIsKept(feedback: String) {
        #expect(!PraiseOnly.isPraiseOnly(feedback))
    }

    @Test("one content word beside the praise is not yet an instance; two are")
    func boundaryAtTwoContentWords() {
        #expect(PraiseOnly.minimumContentWords == 2)
        #expect(PraiseOnly.isPraiseOnly("great slides"))
        #expect(!PraiseOnly.isPraiseOnly("great slides, clear"))
    }

    @Test("praise gets one question naming the person, asked once")
    func oneFollowUp() {
        #expect(PraiseOnly.review("you were great", about: "Sam", followUpAsked: false)
            == .askOnce("What is one specific thing Sam did, and what effect did it have?"))
        #expect(PraiseOnly.review("really great", about: "Sam", followUpAsked: true) == .accept, "never a second question")
        #expect(PraiseOnly.review("you paused before the punchline and people laughed", about: "Sam", followUpAsked: false) == .accept)
    }
}

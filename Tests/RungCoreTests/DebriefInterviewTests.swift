import Testing
@testable import RungCore

@Suite("The debrief asked one question at a time")
struct DebriefInterviewTests {
    /// The ids of the questions `interview` asks, answering each with `answers` in turn.
    static func asked(_ interview: inout DebriefInterview, answering answers: [String]) -> [String] {
        var asked: [String] = []
        for answer in answers {
            switch interview.next {
            case .question(let question, _)?: asked.append(question.id.rawValue)
            case .followUp?: asked.append("follow-up")
            case nil: return asked
            }
            _ = interview.answer(answer)
        }
        return asked
    }

    @Test("every question in order; empty lines keep the defaults, optional ones stay empty")
    func inOrder() {
        var interview = DebriefInterview(defaults: [.planned: "confidence 40; feared: I lose my place", .outcome: "partial"])
        #expect(interview.next == .question(DebriefQuestions.question(.outcome), default: "partial"))
        let asked = Self.asked(&interview, answering: ["", "", "answered two questions without my notes", "", "", "", "70", "n", ""])
        #expect(asked == ["outcome", "planned", "happened", "why", "keep", "change", "confidence", "feared-happened", "distress"])
        #expect(interview.next == nil)
        #expect(interview.answers == [
            .outcome: .choice("partial"), .planned: .text("confidence 40; feared: I lose my place"),
            .happened: .text("answered two questions without my notes"), .confidence: .scale(70), .fearedHappened: .yesNo(false),
        ])
    }

    @Test("a refused answer asks the same question again")
    func refusedRepeats() {
        var interview = DebriefInterview(given: [.outcome: .choice("success"), .happened: .text("gave the update standing up")])
        #expect(interview.next == .question(DebriefQuestions.question(.planned), default: nil))
        for _ in 0..<4 { #expect(interview.answer("") == nil) }
        #expect(interview.answer("")?.description.contains("needs an answer") == true, "confidence is required")
        #expect(interview.answer("101")?.description.contains("out of range") == true)
        #expect(interview.next == .question(DebriefQuestions.question(.confidence), default: nil))
        #expect(interview.answer("65") == nil)
        #expect(interview.answers[.confidence] == .scale(65))
    }

    @Test("a vague 'what happened' gets one follow-up, whose answer is added; an empty one keeps it")
    func vagueFollowUp() {
        var interview = DebriefInterview(given: [.outcome: .choice("success"), .planned: .text("")])
        #expect(interview.answer("went fine") == nil)
        #expect(interview.next == .followUp(SpecificText.followUp))
        #expect(interview.answer("looked at my notes once") == nil)
        #expect(interview.answers[.happened] == .text("went fine; looked at my notes once"))
        #expect(interview.next == .question(DebriefQuestions.question(.why), default: nil), "asked once only")

        var given = DebriefInterview(given: [.happened: .text("it was ok")])
        #expect(given.next == .followUp(SpecificText.followUp), "a vague answer given ahead is followed up too")
        #expect(given.answer("") == nil)
        #expect(given.answers[.happened] == .text("it was ok"))
        #expect(given.next == .question(DebriefQuestions.question(.outcome), default: nil))
    }

    @Test("without anyone to ask, defaults fill the open questions and the required ones left are named")
    func scripted() {
        let filled = DebriefInterview.withDefaults([.happened: .text("gave the update")], defaults: [.outcome: "miss", .planned: "confidence 30"])
        #expect(filled == [.happened: .text("gave the update"), .outcome: .choice("miss"), .planned: .text("confidence 30")])
        #expect(DebriefInterview.missing(in: filled) == [.confidence])
        #expect(DebriefInterview.missing(in: [:]) == [.outcome, .happened, .confidence])
    }
}

import Testing
@testable import RungCore

@Suite("The debrief's questions and how their answers are read")
struct DebriefQuestionsTests {
    @Test("the questions come in After Action Review order, each once, each with a hint")
    func order() {
        #expect(DebriefQuestions.all.map(\.id.rawValue)
            == ["outcome", "planned", "happened", "why", "keep", "change", "confidence", "feared-happened", "distress"])
        #expect(Set(DebriefQuestions.all.map(\.id)) == Set(DebriefQuestion.ID.allCases))
        #expect(DebriefQuestions.all.allSatisfy { !$0.text.isEmpty && !$0.hint.isEmpty })
    }

    @Test("outcome, what happened and confidence are required; only what was planned takes a default")
    func requiredAndDefaults() {
        #expect(DebriefQuestions.all.filter(\.isRequired).map(\.id) == [.outcome, .happened, .confidence])
        #expect(DebriefQuestions.all.filter(\.takesCallerDefault).map(\.id) == [.planned])
        #expect(DebriefQuestions.question(.outcome).answerType == .choice(["success", "partial", "miss"]))
        #expect(DebriefQuestions.question(.confidence).answerType == .scale)
        #expect(DebriefQuestions.question(.distress).answerType == .scale)
        #expect(DebriefQuestions.question(.fearedHappened).answerType == .yesNo)
        #expect(DebriefQuestions.question(.happened).answerType == .text)
    }

    @Test("confidence asks whether the person can, not whether they will (Bandura)")
    func confidenceAsksCan() {
        let text = DebriefQuestions.question(.confidence).text
        #expect(text.contains("can do"))
        #expect(!text.contains("will"))
    }

    static func answer(_ raw: String, _ id: DebriefQuestion.ID, default value: String? = nil) -> Result<DebriefAnswer?, DebriefQuestions.Refusal> {
        DebriefQuestions.answer(raw, to: DebriefQuestions.question(id), callerDefault: value)
    }

    @Test("a scale answer is a whole number from 0 to 100", arguments: [("70", 70), (" 0 ", 0), ("100", 100), ("75", 75)])
    func scale(raw: String, value: Int) {
        #expect(Self.answer(raw, .confidence) == .success(.scale(value)))
    }

    @Test("a scale answer off the scale or not a number is refused, saying what the scale means")
    func scaleRefusals() throws {
        guard case .failure(let refusal) = Self.answer("101", .confidence) else {
            Issue.record("101 should be refused")
            return
        }
        #expect(refusal.description == "101 is out of range; answer 0 to 100 (0 cannot do at all, 50 moderately certain I can, 100 highly certain I can.)")
        guard case .failure(let words) = Self.answer("seventy", .distress) else {
            Issue.record("words should be refused")
            return
        }
        #expect(words.description == "'seventy' is not a whole number; answer 0 to 100")
        #expect(throws: DebriefQuestions.Refusal.self) { try Self.answer("-1", .confidence).get() }
        #expect(throws: DebriefQuestions.Refusal.self) { try Self.answer("7.5", .confidence).get() }
    }

    @Test("yes and no, in full or by their first letter, in any case", arguments: [
        ("yes", true), ("Y", true), ("no", false), (" N ", false),
    ])
    func yesNo(raw: String, value: Bool) {
        #expect(Self.answer(raw, .fearedHappened) == .success(.yesNo(value)))
    }

    @Test("anything else is not yes or no")
    func notYesNo() {
        guard case .failure(let refusal) = Self.answer("maybe", .fearedHappened) else {
            Issue.record("maybe should be refused")
            return
        }
        #expect(refusal.description == "'maybe' is not yes or no; answer yes (y) or no (n)")
    }

    @Test("an outcome is one of its words or their first letter")
    func outcome() {
        #expect(Self.answer("Success", .outcome) == .success(.choice("success")))
        #expect(Self.answer("p", .outcome) == .success(.choice("partial")))
        #expect(Self.answer("miss", .outcome) == .success(.choice("miss")))
        guard case .failure(let refusal) = Self.answer("failed", .outcome) else {
            Issue.record("failed should be refused")
            return
        }
        #expect(refusal.description == "'failed' is not one of: success, partial, miss")
    }

    @Test("an empty answer takes the caller's default, is nil when optional, and is refused when required")
    func emptyAnswers() {
        #expect(Self.answer("  ", .planned, default: "give the update without notes") == .success(.text("give the update without notes")))
        #expect(Self.answer("", .planned) == .success(nil))
        #expect(Self.answer("", .why, default: "ignored: why takes no default") == .success(nil))
        #expect(Self.answer("", .distress) == .success(nil))
        #expect(Self.answer("", .fearedHappened) == .success(nil))
        #expect(Self.answer("opened with the number", .planned, default: "the plan") == .success(.text("opened with the number")))
        guard case .failure(let refusal) = Self.answer(" ", .happened) else {
            Issue.record("what happened is required")
            return
        }
        #expect(refusal.description.hasPrefix("this one needs an answer"))
    }
}

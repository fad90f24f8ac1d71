import RungTime
import Testing
@testable import RungCore

@Suite("Ladder steps and check-in answers")
struct LadderStepTests {
    static let talks = Ladder(id: "talks", skill: "giving a talk", rungs: [
        Rung(title: "Friend", stakes: .low), Rung(title: "Stand-up", stakes: .low), Rung(title: "Demo", stakes: .medium),
    ])

    @Test("a step goes one rung up, nowhere or one rung down by default, or to the rung asked for")
    func targets() throws {
        #expect(try LadderStep.climb.target(on: Self.talks, from: 1) == 2)
        #expect(try LadderStep.hold.target(on: Self.talks, from: 2) == 2)
        #expect(try LadderStep.stepBack.target(on: Self.talks, from: 3) == 2)
        #expect(try LadderStep.climb.target(on: Self.talks, from: 1, requested: 3) == 3)
        #expect(try LadderStep.stepBack.target(on: Self.talks, from: 3, requested: 1) == 1)
    }

    @Test("past the top, below rung 1, off the ladder or against the step is refused, with why")
    func refusals() {
        func refusal(_ step: LadderStep, from current: Int, to requested: Int? = nil) -> String? {
            do {
                _ = try step.target(on: Self.talks, from: current, requested: requested)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal(.climb, from: 3) == "ladder 'talks' is at rung 3 of 3, its top: there is no rung to climb to")
        #expect(refusal(.stepBack, from: 1) == "ladder 'talks' is at rung 1, its first: there is no rung to step back to")
        #expect(refusal(.climb, from: 1, to: 4) == "ladder 'talks' has no rung 4: its rungs are 1 to 3")
        #expect(refusal(.stepBack, from: 2, to: 0) == "ladder 'talks' has no rung 0: its rungs are 1 to 3")
        #expect(refusal(.climb, from: 2, to: 1) == "ladder 'talks' is at rung 2; a climb goes to a higher rung, not to rung 1")
        #expect(refusal(.hold, from: 2, to: 3) == "ladder 'talks' is at rung 2; a hold stays on it, not to rung 3")
        #expect(refusal(.stepBack, from: 2, to: 2) == "ladder 'talks' is at rung 2; a step back goes to a lower rung, not to rung 2")
    }

    @Test("only a check-in's climb, hold or step back on a known ladder moves it")
    func whatMoves() throws {
        let config = Config(ladders: [Self.talks])
        let move = LadderAnswer(answering: "climb", kind: .checkIn, subject: .ladder("talks"), config: config)
        #expect(move == LadderAnswer(ladder: "talks", step: .climb, rungCount: 3))
        #expect(LadderAnswer(answering: "step_back", kind: .checkIn, subject: .ladder("talks"), config: config)?.step == .stepBack)
        #expect(LadderAnswer(answering: "snooze", kind: .checkIn, subject: .ladder("talks"), config: config) == nil)
        #expect(LadderAnswer(answering: nil, kind: .checkIn, subject: .ladder("talks"), config: config) == nil, "a note alone moves nothing")
        #expect(LadderAnswer(answering: "climb", kind: .checkIn, subject: .ladder("gone"), config: config) == nil)
        #expect(LadderAnswer(answering: "climb", kind: .reframe, subject: .performance("talk"), config: config) == nil)
    }

    @Test("an answer the ladder cannot follow holds and says why; a button cannot show an error")
    func boundsHold() {
        let climb = LadderAnswer(ladder: "talks", step: .climb, rungCount: 3)
        let back = LadderAnswer(ladder: "talks", step: .stepBack, rungCount: 3)
        let hold = LadderAnswer(ladder: "talks", step: .hold, rungCount: 3)
        #expect(climb.move(from: 1) == (.climb, 2, "answered the check-in"))
        #expect(climb.move(from: 3) == (.hold, 3, "answered climb at the top rung"))
        #expect(back.move(from: 2) == (.stepBack, 1, "answered the check-in"))
        #expect(back.move(from: 1) == (.hold, 1, "answered step back at the first rung"))
        #expect(back.move(from: 5) == (.stepBack, 3, "answered the check-in"), "a ladder shortened in the config steps onto its top rung")
        #expect(hold.move(from: 2) == (.hold, 2, "answered the check-in"))
    }
}

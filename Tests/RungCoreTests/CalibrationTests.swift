import RungTime
import Testing
@testable import RungCore

@Suite("Calibration: Brier score and bias of the person's predictions")
struct CalibrationTests {
    static func attempts(_ pairs: [(Int, LadderRecord.Outcome)]) -> [LadderRecord.Attempt] {
        pairs.enumerated().map { index, pair in
            LadderRecord.Attempt(rung: 1, outcome: pair.1, predicted: pair.0, at: LadderProposalTests.at(Int64(index)))
        }
    }

    @Test("9 predicted attempts are too few; the 10th gives the figures")
    func threshold() {
        let nine = Self.attempts(Array(repeating: (40, .success), count: 9))
        #expect(Calibration(nine, minimum: 10) == nil)
        let ten = Self.attempts(Array(repeating: (40, .success), count: 8) + [(40, .miss), (40, .miss)])
        let calibration = Calibration(ten, minimum: 10)
        #expect(calibration?.attempts == 10)
        // Brier: 8 × 0.36 + 2 × 0.16 = 3.2 over 10; bias 0.4 − 0.8.
        #expect(abs((calibration?.brierScore ?? 0) - 0.32) < 1e-9)
        #expect(abs((calibration?.bias ?? 0) + 0.4) < 1e-9)
        #expect(calibration?.tendency(band: 0.15) == .underPredicts)
        #expect(calibration?.hitRate == "you predicted 40 % on average and succeeded 8 of 10")
        #expect(calibration?.summary(band: 0.15) == "Brier 0.32, bias −0.40 over 10 predicted attempts: you tend to under-predict — you predicted 40 % on average and succeeded 8 of 10")
    }

    @Test("always answering 50 scores 0.25; a partial counts 0.5; attempts without a prediction are left out")
    func fifty() {
        var attempts = Self.attempts(Array(repeating: (50, .success), count: 5) + Array(repeating: (50, .miss), count: 5))
        attempts.append(LadderRecord.Attempt(rung: 1, outcome: .miss, at: LadderProposalTests.at(30)))
        let calibration = Calibration(attempts, minimum: 10)
        #expect(calibration?.brierScore == 0.25)
        #expect(calibration?.bias == 0)
        #expect(calibration?.tendency(band: 0.15) == .calibrated)
        let partials = Calibration(Self.attempts(Array(repeating: (50, .partial), count: 10)), minimum: 10)
        #expect(partials?.brierScore == 0)
    }

    @Test("the bands: exactly ±0.15 is calibrated, beyond it a tendency", arguments: [(65, LadderRecord.Outcome.partial, Calibration.Tendency.calibrated), (66, .partial, .overPredicts), (34, .partial, .underPredicts)])
    func bands(predicted: Int, outcome: LadderRecord.Outcome, tendency: Calibration.Tendency) {
        let calibration = Calibration(Self.attempts(Array(repeating: (predicted, outcome), count: 10)), minimum: 10)
        #expect(calibration?.tendency(band: 0.15) == tendency)
    }
}

@Suite("Low stakes first and the ladder's shape")
struct ReadinessAndShapeTests {
    static let ladder = LadderProposalTests.ladder()

    static func talk(stakes: Stakes = .high, rung: Int? = 4) -> Performance {
        Performance(id: "conf", title: "Conference talk", ladder: "talks", rung: rung, stakes: stakes, schedule: .instant(LadderProposalTests.at(40)))
    }

    @Test("a high-stakes performance warns until the ladder has 2 successes at medium stakes or above")
    func readiness() {
        var record = LadderRecord(currentRung: 3)
        #expect(Readiness.warning(for: Self.talk(), ladder: Self.ladder, record: record)
            == "Conference talk is high-stakes, and your giving talks ladder has no success at medium stakes or above (2 first): do reps at lower stakes first, at rung 4 \u{201C}Department talk\u{201D} (medium stakes)")
        record.attempts = [
            LadderRecord.Attempt(rung: 3, outcome: .success, stakes: .medium, at: LadderProposalTests.at(1)),
            LadderRecord.Attempt(rung: 3, outcome: .miss, stakes: .medium, at: LadderProposalTests.at(2)),
            LadderRecord.Attempt(rung: 1, outcome: .success, stakes: .low, at: LadderProposalTests.at(3)),
        ]
        #expect(Readiness.warning(for: Self.talk(), ladder: Self.ladder, record: record)?.contains("has 1 success at medium stakes") == true)
        record.attempts.append(LadderRecord.Attempt(rung: 4, outcome: .success, stakes: .high, at: LadderProposalTests.at(4)))
        #expect(Readiness.warning(for: Self.talk(), ladder: Self.ladder, record: record) == nil)
        #expect(Readiness.warning(for: Self.talk(stakes: .medium), ladder: Self.ladder, record: LadderRecord()) == nil)
    }

    @Test("reps go at the highest rung below the performance that is not high-stakes, the rung its rehearsals name")
    func repRung() {
        #expect(Readiness.repRung(below: Self.talk(rung: 4), on: Self.ladder) == 4)
        #expect(Readiness.repRung(below: Self.talk(rung: 2), on: Self.ladder) == 2)
        #expect(Readiness.repRung(below: Self.talk(rung: nil), on: Self.ladder) == 4)
        let config = Config(ladders: [Self.ladder], performances: [Self.talk(rung: 4)])
        #expect(Rehearsal.rung(for: Self.talk(rung: 4), in: config).map { $0 + 1 } == Readiness.repRung(below: Self.talk(rung: 4), on: Self.ladder))
        let allHigh = Ladder(id: "x", skill: "x", rungs: [Rung(title: "a", stakes: .high)])
        #expect(Readiness.repRung(below: Self.talk(rung: 0), on: allHigh) == nil)
    }

    @Test("5 to 12 rungs pass; 4 and 13 warn", arguments: [(4, true), (5, false), (12, false), (13, true)])
    func rungCount(count: Int, warns: Bool) {
        let ladder = Ladder(id: "x", skill: "x", rungs: (1...count).map { Rung(title: "r\($0)", stakes: .low) })
        #expect((LadderShape.countWarning(ladder) != nil) == warns)
    }

    @Test("neighbouring rungs more than 15 points apart in confidence get a rung between; unrated rungs say nothing")
    func gaps() {
        let at = LadderProposalTests.at
        let record = LadderRecord(ratings: [
            LadderRecord.Rating(rung: 1, confidence: 90, at: at(1)), LadderRecord.Rating(rung: 2, confidence: 75, at: at(1)),
            LadderRecord.Rating(rung: 3, confidence: 20, at: at(1)), LadderRecord.Rating(rung: 3, confidence: 59, at: at(2)),
            LadderRecord.Rating(rung: 5, confidence: 10, at: at(2)),
        ])
        let warnings = LadderShape.gapWarnings(Self.ladder, record: record)
        #expect(warnings == [
            "ladder 'talks': you rated rung 2 \u{201C}Stand-up update\u{201D} 75 and rung 3 \u{201C}Team demo\u{201D} 59, more than 15 points apart: add a rung between them (rungctl rung add talks --after 2 --title \"…\" --stakes low)",
        ])
    }
}

@Suite("The weekly review a check-in carries")
struct LadderReviewTests {
    @Test("it counts what happened since the last check-in and carries the proposal")
    func review() {
        let at = LadderProposalTests.at
        let record = LadderRecord(currentRung: 2, attempts: [
            LadderRecord.Attempt(rung: 2, outcome: .miss, at: at(1)),
            LadderRecord.Attempt(rung: 2, outcome: .success, fearedHappened: false, at: at(8)),
            LadderRecord.Attempt(rung: 2, outcome: .success, fearedHappened: false, at: at(9)),
        ], ratings: [LadderRecord.Rating(rung: 2, confidence: 40, at: at(2)), LadderRecord.Rating(rung: 2, confidence: 70, at: at(9)), LadderRecord.Rating(rung: 3, confidence: 65, at: at(9))])
        let review = LadderReview(ladder: LadderProposalTests.ladder(), record: record, since: at(7), newEvidence: 2, now: at(10))
        #expect(review.summary == "Since your last check-in: 2 attempts — 2 as planned; what you feared did not happen 2 times; 2 new evidence entries; your confidence for this rung went from 40 to 70.")
        #expect(review.proposal.step == .climb)
        let first = LadderReview(ladder: LadderProposalTests.ladder(), record: LadderRecord(), since: nil, newEvidence: 0, now: at(10))
        #expect(first.summary == "So far: no attempts; no new evidence.")
    }

    @Test("the check-in puts the proposed answer first, marked, and says why")
    func checkInText() {
        let at = LadderProposalTests.at
        let ladder = LadderProposalTests.ladder()
        let record = LadderRecord(currentRung: 3, attempts: [
            LadderRecord.Attempt(rung: 3, outcome: .miss, at: at(1)), LadderRecord.Attempt(rung: 3, outcome: .miss, at: at(2)),
        ])
        let review = LadderReview(ladder: ladder, record: record, since: at(0), newEvidence: 0, now: at(3))
        let text = PromptText.checkIn(ladder: ladder, review: review)
        #expect(text.actions.map(\.label) == ["Step back (proposed)", "Climb", "Hold"])
        #expect(text.actions.map(\.id) == ["step_back", "climb", "hold"])
        #expect(text.body.contains("Proposed: step back to rung 2 \u{201C}Stand-up update\u{201D}, because your last 2 attempts at \u{201C}Team demo\u{201D} did not go as planned."))
    }
}

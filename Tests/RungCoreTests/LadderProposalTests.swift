import RungTime
import Testing
@testable import RungCore

/// The ladder's proposal as tables of (record, clock) → step and reason, edge cases first
/// (COACHING.md §1, §2, §3, §5 and "Calibration feedback").
@Suite("The ladder's climb, hold or step back proposal")
struct LadderProposalTests {
    static let day: Int64 = 86_400
    static let t0 = Instant(seconds: 1_800_000_000)

    /// Six rungs: two low, two medium, two high.
    static func ladder(_ change: (inout CoachingSettings) -> Void = { _ in }) -> Ladder {
        var settings = CoachingSettings()
        change(&settings)
        return Ladder(id: "talks", skill: "giving talks", coaching: settings, rungs: [
            Rung(title: "Explain it to a friend", stakes: .low),
            Rung(title: "Stand-up update", stakes: .low),
            Rung(title: "Team demo", stakes: .medium),
            Rung(title: "Department talk", stakes: .medium),
            Rung(title: "Conference talk", stakes: .high),
            Rung(title: "Keynote", stakes: .high),
        ])
    }

    static func at(_ days: Int64) -> Instant { Instant(seconds: t0.seconds + days * day) }

    static func attempt(
        _ outcome: LadderRecord.Outcome, rung: Int = 2, day: Int64, feared: Bool? = nil, distress: Int? = nil, aids: String? = nil,
        stakes: Stakes = .low, predicted: Int? = nil
    ) -> LadderRecord.Attempt {
        LadderRecord.Attempt(rung: rung, outcome: outcome, stakes: stakes, fearedHappened: feared, distress: distress, aids: aids, predicted: predicted, at: at(day))
    }

    static func propose(_ record: LadderRecord, ladder: Ladder = ladder(), now: Instant = at(30)) -> LadderProposal {
        LadderProposal(ladder: ladder, record: record, now: now)
    }

    @Test("no data: hold on rung 1, asking for a first attempt")
    func noData() {
        let proposal = Self.propose(LadderRecord())
        #expect(proposal.step == .hold)
        #expect(proposal.fromRung == 1 && proposal.toRung == 1)
        #expect(proposal.reason == "no attempts at \u{201C}Explain it to a friend\u{201D} yet: do it once and debrief it")
        #expect(proposal.facts.contains("no attempts at rung 1"))
    }

    @Test("exactly the thresholds climb: 2 of the last 3 succeeded, one without the feared outcome, confidence 60 for the next rung")
    func climbAtThresholds() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.miss, day: 1), Self.attempt(.success, day: 2, feared: true), Self.attempt(.success, day: 3, feared: false),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 60, at: Self.at(4))])
        let proposal = Self.propose(record)
        #expect(proposal.step == .climb)
        #expect(proposal.toRung == 3)
        #expect(proposal.reason == "2 of your last 3 attempts at \u{201C}Stand-up update\u{201D} went as planned, what you feared did not happen, and you rated the next rung 60")
        #expect(proposal.suggestion == nil)
    }

    @Test("confidence 59 for the next rung holds and proposes a rung between")
    func confidenceJustUnder() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 2, feared: false), Self.attempt(.success, day: 3),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 59, at: Self.at(4))])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason == "you rated \u{201C}Team demo\u{201D} at 59 of 100; a climb waits for 60")
        #expect(proposal.suggestion?.hasPrefix("or add a rung between \u{201C}Stand-up update\u{201D} and \u{201C}Team demo\u{201D}") == true)
    }

    @Test("without a rating of the next rung, the hold asks for one with the command")
    func noNextRating() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 2, feared: false), Self.attempt(.success, day: 3, feared: false),
        ])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.suggestion == "rate how sure you are that you can do \u{201C}Team demo\u{201D}: rungctl ladder rate talks --confidence N")
    }

    @Test("one success of three holds and says what a climb needs")
    func tooFewSuccesses() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 1, feared: false), Self.attempt(.miss, day: 2), Self.attempt(.partial, day: 3),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 90, at: Self.at(4))])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason == "1 of your last 3 attempts at \u{201C}Stand-up update\u{201D} went as planned; a climb needs 2")
    }

    @Test("successes that never recorded the feared outcome hold: expectancy violation is what counts")
    func noExpectancyViolation() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 1), Self.attempt(.success, day: 2, feared: true),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 90, at: Self.at(4))])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason.contains("none recorded whether what you feared happened"))
    }

    @Test("bored means not scared: two calm attempts climb without a rating; distress 21 does not")
    func calm() {
        let calm = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 1, feared: false, distress: 20), Self.attempt(.success, day: 2, distress: 10),
        ])
        #expect(Self.propose(calm).step == .climb)
        #expect(Self.propose(calm).reason.hasSuffix("two felt calm: bored means not scared"))
        var tense = calm
        tense.attempts[0].distress = 21
        #expect(Self.propose(tense).step == .hold)
    }

    @Test("distress is never a gate: high distress does not stop a climb the record supports")
    func distressNoGate() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 1, feared: false, distress: 95), Self.attempt(.success, day: 2, distress: 90),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 70, at: Self.at(3))])
        #expect(Self.propose(record).step == .climb)
    }

    @Test("two misses in a row step back, offering an in-between rung")
    func twoMisses() {
        let record = LadderRecord(currentRung: 3, attempts: [
            Self.attempt(.success, rung: 3, day: 1, feared: false), Self.attempt(.miss, rung: 3, day: 2), Self.attempt(.miss, rung: 3, day: 3),
        ])
        let proposal = Self.propose(record)
        #expect(proposal.step == .stepBack)
        #expect(proposal.toRung == 2)
        #expect(proposal.reason == "your last 2 attempts at \u{201C}Team demo\u{201D} did not go as planned")
        #expect(proposal.suggestion?.contains("between \u{201C}Stand-up update\u{201D} and \u{201C}Team demo\u{201D}") == true)
    }

    @Test("a miss, then a success, then a miss is not two in a row")
    func missesNotInARow() {
        let record = LadderRecord(currentRung: 3, attempts: [
            Self.attempt(.miss, rung: 3, day: 1), Self.attempt(.success, rung: 3, day: 2), Self.attempt(.miss, rung: 3, day: 3),
        ])
        #expect(Self.propose(record).step == .hold)
    }

    @Test("two misses on the first rung hold, proposing an easier rung before it")
    func missesOnFirstRung() {
        let record = LadderRecord(currentRung: 1, attempts: [Self.attempt(.miss, rung: 1, day: 1), Self.attempt(.miss, rung: 1, day: 2)])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason.hasSuffix("; it is the first rung"))
        #expect(proposal.suggestion?.hasPrefix("add an easier rung before it") == true)
    }

    @Test("confidence under 40 for the current rung steps back; exactly 40 does not", arguments: [(39, LadderStep.stepBack), (40, .hold)])
    func lowConfidence(confidence: Int, step: LadderStep) {
        let record = LadderRecord(currentRung: 3, ratings: [LadderRecord.Rating(rung: 3, confidence: confidence, at: Self.at(1))])
        #expect(Self.propose(record).step == step)
    }

    @Test("only partials: neither a climb nor a step back")
    func onlyPartials() {
        let record = LadderRecord(currentRung: 2, attempts: (1...5).map { Self.attempt(.partial, day: $0) })
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason.hasPrefix("0 of your last 3"))
    }

    @Test("when the last success used aids, the same rung without them comes first")
    func aids() {
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.success, day: 1, feared: false), Self.attempt(.success, day: 2, aids: "notes"),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 80, at: Self.at(3))])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason.contains("used aids (notes)"))
        #expect(proposal.suggestion == "\u{201C}Stand-up update\u{201D} without notes")
    }

    @Test("after a step back, attempts from before it do not count; new ones climb again")
    func stepBackThenClimb() {
        let earlier = [Self.attempt(.success, day: 1, feared: false), Self.attempt(.success, day: 2, feared: false)]
        var record = LadderRecord(
            currentRung: 2, since: Self.at(5), arrivedBySteppingBack: true, attempts: earlier,
            ratings: [LadderRecord.Rating(rung: 3, confidence: 70, at: Self.at(3))])
        let fresh = Self.propose(record)
        #expect(fresh.step == .hold)
        #expect(fresh.reason.contains("yet since stepping back"))
        record.attempts += [Self.attempt(.success, day: 6, feared: false), Self.attempt(.success, day: 7)]
        #expect(Self.propose(record).step == .climb)
    }

    @Test("low stakes first: onto a high-stakes rung only after 2 successes at medium stakes")
    func lowStakesFirst() {
        let medium = { (day: Int64, outcome: LadderRecord.Outcome) in
            Self.attempt(outcome, rung: 4, day: day, feared: false, stakes: .medium)
        }
        var record = LadderRecord(currentRung: 4, attempts: [medium(1, .success)], ratings: [LadderRecord.Rating(rung: 5, confidence: 80, at: Self.at(9))])
        record.attempts.append(Self.attempt(.success, rung: 4, day: 2, feared: false, stakes: .low))
        let held = Self.propose(record)
        #expect(held.step == .hold)
        #expect(held.reason == "\u{201C}Conference talk\u{201D} is high-stakes and the ladder has 1 of the 2 successes at medium stakes it needs first")
        record.attempts.append(medium(3, .success))
        #expect(Self.propose(record).step == .climb)
    }

    @Test("predictions running ahead of outcomes lean to an in-between rung; fewer than 10 predicted attempts say nothing")
    func overPrediction() {
        let ladder = Self.ladder()
        var attempts = (1...8).map { Self.attempt(.miss, rung: 1, day: Int64($0), predicted: 90) }
        attempts += [Self.attempt(.success, day: 20, feared: false, predicted: 90), Self.attempt(.success, day: 21, feared: false, predicted: 90)]
        let record = LadderRecord(currentRung: 2, attempts: attempts, ratings: [LadderRecord.Rating(rung: 3, confidence: 90, at: Self.at(22))])
        let proposal = Self.propose(record, ladder: ladder)
        #expect(proposal.step == .hold)
        #expect(proposal.reason.hasPrefix("your predictions have run ahead of what happened (you predicted 90 % on average and succeeded 2 of 10)"))
        var nine = record
        nine.attempts.removeFirst()
        #expect(Self.propose(nine, ladder: ladder).step == .climb)
    }

    @Test("the top rung holds")
    func topRung() {
        let record = LadderRecord(currentRung: 6, attempts: [Self.attempt(.success, rung: 6, day: 1, feared: false), Self.attempt(.success, rung: 6, day: 2)])
        let proposal = Self.propose(record)
        #expect(proposal.step == .hold)
        #expect(proposal.reason.hasPrefix("you are on the top rung"))
    }

    @Test("climb_after and climb_window of the ladder decide: 3 of 3")
    func ladderSettings() {
        let ladder = Self.ladder { $0.climbAfter = 3 }
        let record = LadderRecord(currentRung: 2, attempts: [
            Self.attempt(.miss, day: 1), Self.attempt(.success, day: 2, feared: false), Self.attempt(.success, day: 3),
        ], ratings: [LadderRecord.Rating(rung: 3, confidence: 90, at: Self.at(4))])
        #expect(Self.propose(record, ladder: ladder).step == .hold)
        #expect(Self.propose(record).step == .climb)
    }

    @Test("after watching a peer, the person's own attempt is proposed for 7 days, until they attempt")
    func ownAttempt() {
        let record = LadderRecord(currentRung: 2, attempts: [Self.attempt(.success, day: 1)], lastWatched: Self.at(10))
        #expect(Self.propose(record, now: Self.at(13)).ownAttemptBy == Self.at(17))
        #expect(Self.propose(record, now: Self.at(17)).ownAttemptBy == nil)
        var attempted = record
        attempted.attempts.append(Self.attempt(.partial, day: 11))
        #expect(Self.propose(attempted, now: Self.at(13)).ownAttemptBy == nil)
    }

    @Test("--explain's facts name what the decision read")
    func facts() {
        let record = LadderRecord(currentRung: 2, attempts: [Self.attempt(.miss, day: 1), Self.attempt(.success, day: 2, feared: false)])
        let facts = Self.propose(record).facts
        #expect(facts.contains("on rung 2 of 6: \u{201C}Stand-up update\u{201D} (low stakes)"))
        #expect(facts.contains("2 attempts at rung 2; the last 2, oldest first: miss, success"))
        #expect(facts.contains("no confidence rated for rung 3"))
        #expect(facts.contains("calibration: 0 of the 10 predicted attempts it needs"))
        #expect(facts.contains("missed in a row at rung 2: 0 (a step back after 2)"))
    }
}

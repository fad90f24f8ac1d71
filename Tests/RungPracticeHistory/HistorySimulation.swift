import Foundation
import RungCore
import RungStore
import RungTime

/// The second pass over a history: lives the plan in order of time (performances, check-ins,
/// evidence written by hand), keeping each ladder's position and the person's skill, and
/// makes the rows the store would hold.
struct HistorySimulation {
    private struct LadderState {
        var skill = 0.0
        var position: Int?
        var since: Int64 = 0
        /// The outcomes recorded at the current rung since the ladder came to it.
        var outcomes: [Debrief.Outcome] = []
    }

    private var plan: HistoryPlan
    private var random: HistoryRandom
    private var rows = HistoryRows()
    private var ladders: [LadderState]

    private static let minute = HistoryCalendar.microsecondsPerMinute

    init(plan: HistoryPlan) {
        self.plan = plan
        random = HistoryRandom(seed: plan.seed ^ 0x5EED_0F_1ADDE5)
        ladders = Array(repeating: LadderState(), count: HistoryModel.ladders.count)
    }

    mutating func run() -> HistoryRows {
        enum Event { case elapse(Int), checkIn(Int), manual(Int) }
        var events: [(at: Int64, event: Event)] = plan.elapses.indices.map { (plan.elapses[$0].start, .elapse($0)) }
        events += plan.prompts.indices.filter { plan.prompts[$0].kind == .checkIn }.map { (plan.prompts[$0].scheduled, .checkIn($0)) }
        events += plan.manualEvidence.indices.map { (plan.manualEvidence[$0], .manual($0)) }
        events.sort { $0.at < $1.at }
        for (at, event) in events {
            switch event {
            case .elapse(let index): perform(index)
            case .checkIn(let index): checkIn(index)
            case .manual: writeEvidence(at: at)
            }
        }
        for (index, ladder) in ladders.enumerated() {
            if let rung = ladder.position { rows.positions.append(.init(ladder: HistoryModel.ladders[index].id, rung: rung, since: ladder.since)) }
        }
        rows.pauses = plan.pauses.map { pause in
            .init(subject: pause.performance.map { PlanSubject.performance(HistoryModel.performances[$0].id).description },
                  starts: pause.starts, ends: pause.ends, resumed: pause.resumed, reason: pause.reason)
        }
        return rows
    }

    /// The chance that an attempt at `rung` goes as planned, with `skill`.
    private func chance(skill: Double, rung: Int) -> Double {
        1 / (1 + exp(-(1.1 + 1.6 * (skill - Double(rung - 1)))))
    }

    /// A confidence 0–100 about 15 points under `chance`: the person under-predicts.
    private mutating func confidence(_ chance: Double) -> Int {
        min(100, max(0, Int((100 * chance - 15 + random.noise(8)).rounded())))
    }

    private mutating func perform(_ index: Int) {
        let elapse = plan.elapses[index]
        let performance = HistoryModel.performances[elapse.performance]
        let ladder = HistoryModel.ladders[performance.ladder]
        let rung = ladders[performance.ladder].position ?? 1
        let success = chance(skill: ladders[performance.ladder].skill, rung: rung)
        let subject = PlanSubject.performance(performance.id).description
        let fear = random.pick(ladder.fears)

        var outcome = Debrief.Outcome.success
        if elapse.attempted {
            rows.attempts += 1
            let roll = random.unit()
            outcome = roll < success ? .success : roll < success + (1 - success) * 0.55 ? .partial : .miss
            ladders[performance.ladder].skill = min(Double(ladder.rungs.count), ladders[performance.ladder].skill + (outcome == .success ? 0.1 : 0.05))
            if random.chance(0.8) {
                rows.predictions.append(.init(
                    performance: performance.id, attemptStart: elapse.start, selfEfficacy: confidence(success),
                    fear: random.chance(0.7) ? fear : nil, recorded: elapse.start - random.minutes(20...600)))
            }
        }
        for promptIndex in elapse.prompts {
            let prompt = plan.prompts[promptIndex]
            let answer: (text: String, rating: Int?) = switch prompt.kind {
            case .vicarious: elapse.attempted || random.chance(0.3) ? ("watched", nil) : ("skip", nil)
            case .reframe: elapse.attempted ? ("done", random.int(3...9)) : ("skip", nil)
            case .debrief: (outcome.rawValue, nil)
            case .affirmation, .checkIn: elapse.attempted ? ("done", nil) : ("skip", nil)
            }
            let answered = emit(promptIndex, subject: subject, performanceStart: elapse.start, answer: answer.text, rating: answer.rating)
            guard let answered, prompt.evidence || prompt.kind == .debrief else { continue }
            if prompt.kind == .debrief {
                ladders[performance.ladder].outcomes.append(outcome)
                debrief(prompt, performance: performance, rung: rung, outcome: outcome, fear: fear, start: elapse.start, answered: answered)
            } else {
                let phrase = random.pick(HistoryModel.feedbackPhrases)
                rows.evidence.append(.init(
                    skill: ladder.id, rung: rung, what: phrase, detail: "", source: "feedback", givenBy: performance.observer, debrief: nil,
                    happened: elapse.start, recorded: answered + random.minutes(0...5), performance: performance.id,
                    praiseOnly: phrase == HistoryModel.feedbackPhrases.last))
            }
        }
    }

    private mutating func debrief(
        _ prompt: HistoryPlan.Prompt, performance: HistoryModel.Performance, rung: Int, outcome: Debrief.Outcome, fear: String,
        start: Int64, answered: Int64
    ) {
        let ladder = HistoryModel.ladders[performance.ladder]
        let win = random.pick(ladder.wins)
        let fearedHappened = random.chance(outcome == .miss ? 0.6 : outcome == .partial ? 0.25 : 0.05)
        let stakes = ladder.rungs[rung - 1].stakes
        let arousal = stakes == "high" ? 15.0 : stakes == "medium" ? 5 : 0
        let next = chance(skill: ladders[performance.ladder].skill, rung: rung)
        var row = HistoryRows.Debrief(
            occurrence: OccurrenceID(schedule: "performance:\(performance.id)/debrief", instant: Instant(microseconds: prompt.scheduled)).rawValue,
            performance: performance.id, skill: ladder.id, rung: rung, attemptStart: start, outcome: outcome.rawValue, recorded: answered)
        if prompt.completed {
            let aids = random.pick(HistoryModel.aids)
            row.planned = "\(ladder.rungs[rung - 1].title); a sign it went well: I \(win)"
            row.happened = outcome == .success ? "It went as planned; I \(win)." : outcome == .partial ? "Half of it: I \(win), then lost the thread." : "I froze at the start and cut it short."
            row.why = outcome == .miss ? "I worried about \(fear) and stopped listening." : "I had prepared the first minute."
            row.keep = win
            row.change = random.pick(HistoryModel.changes)
            row.selfEfficacy = confidence(next)
            row.fearedHappened = fearedHappened
            row.distress = min(100, max(0, Int((70 - 50 * next + arousal + random.noise(10)).rounded())))
            row.aids = aids == "none" ? nil : aids
            row.completed = answered + random.minutes(2...120)
        }
        rows.debriefs.append(row)
        guard prompt.evidence, let completed = row.completed else { return }
        rows.evidence.append(.init(
            skill: ladder.id, rung: rung, what: "\(performance.title): I \(win)", detail: row.happened, source: "debrief", givenBy: nil,
            debrief: rows.debriefs.count - 1, observed: true, feared: fear, fearedHappened: fearedHappened, aids: row.aids,
            happened: start, recorded: completed, performance: performance.id, praiseOnly: nil))
    }

    private mutating func checkIn(_ index: Int) {
        let prompt = plan.prompts[index]
        let ladder = HistoryModel.ladders[prompt.ladder]
        var state = ladders[prompt.ladder]
        let rung = state.position ?? 1
        let recent = state.outcomes.suffix(3)
        let move: (answer: String, to: Int) =
            if recent.filter({ $0 == .success }).count >= 2, rung < ladder.rungs.count { ("climb", rung + 1) }
            else if state.outcomes.suffix(2) == [.miss, .miss], rung > 1 { ("step_back", rung - 1) }
            else { ("hold", rung) }
        guard let answered = emit(index, subject: PlanSubject.ladder(ladder.id).description, performanceStart: nil, answer: move.answer, rating: nil) else { return }
        if state.position == nil {
            rows.moves.append(.init(ladder: ladder.id, move: "start", from: nil, to: 1, reason: "started on rung 1", moved: answered))
            state.position = 1
            state.since = answered
        }
        rows.moves.append(.init(ladder: ladder.id, move: move.answer, from: rung, to: move.to, reason: LadderAnswer.reason, moved: answered))
        if move.to != rung {
            state.position = move.to
            state.since = answered
            state.outcomes = []
        }
        ladders[prompt.ladder] = state
        if move.answer == "climb", move.to < ladder.rungs.count, random.chance(0.4) {
            let success = chance(skill: state.skill, rung: move.to + 1)
            rows.ratings.append(.init(ladder: ladder.id, rung: move.to + 1, selfEfficacy: confidence(success), recorded: answered + random.minutes(1...30)))
        }
    }

    private mutating func writeEvidence(at instant: Int64) {
        let ladderIndex = random.int(0...(HistoryModel.ladders.count - 1))
        rows.evidence.append(.init(
            skill: HistoryModel.ladders[ladderIndex].id, rung: ladders[ladderIndex].position, what: random.pick(HistoryModel.manualPhrases),
            detail: random.chance(0.5) ? "Nobody noticed I was nervous." : "", source: "manual", givenBy: nil, debrief: nil,
            happened: instant - random.minutes(10...600), recorded: instant, performance: nil, praiseOnly: nil))
    }

    /// Writes the prompt at `index` of the plan as the ledger keeps it, with its deliveries
    /// and, when the plan has it answered, its answer (and a replacement, or a snooze
    /// before it). Returns when it was answered.
    private mutating func emit(_ index: Int, subject: String, performanceStart: Int64?, answer: String, rating: Int?) -> Int64? {
        let prompt = plan.prompts[index]
        let schedule = "\(subject)/\(prompt.kind.rawValue)"
        let id = OccurrenceID(schedule: schedule, instant: Instant(microseconds: prompt.scheduled)).rawValue
        var occurrence = HistoryRows.Occurrence(
            id: id, kind: prompt.kind.rawValue, subject: subject, state: "expired", due: prompt.scheduled, delivered: nil,
            updated: prompt.expires, schedule: schedule, scheduled: prompt.scheduled, expires: prompt.expires,
            performanceStart: performanceStart, reason: "its window has passed")
        defer { rows.occurrences.append(occurrence) }
        switch prompt.fate {
        case .paused:
            occurrence.state = "paused"
            occurrence.updated = prompt.scheduled
            occurrence.reason = "it fell due during a pause"
            return nil
        case .missed where !prompt.answered:
            occurrence.state = "missed"
            let beforeStart = prompt.kind == .vicarious || prompt.kind == .reframe
            occurrence.reason = beforeStart ? "its performance has begun" : "its day has passed"
            return nil
        case .failed where !prompt.answered:
            var at = prompt.scheduled + Int64(random.int(100_000...900_000))
            for (channel, purpose, error) in [
                ("desktop", "first", "the notification server did not answer"), ("desktop", "retry", "the notification server did not answer"),
                ("email", "first", "msmtp exited with status 75"),
            ] {
                let ended = at + Int64(random.int(20_000...400_000))
                rows.deliveries.append(.init(occurrence: id, channel: channel, started: at, ended: ended, outcome: "failed", error: error, purpose: purpose))
                at = ended + 30_000_000
            }
            occurrence.state = "failed"
            occurrence.updated = at - 30_000_000
            occurrence.reason = "every channel of its chain failed"
            return nil
        default:
            break
        }
        occurrence.delivered = deliver(id, at: prompt.scheduled)
        guard prompt.answered else {
            if prompt.kind == .debrief || prompt.kind == .checkIn {
                let escalated = prompt.scheduled + (prompt.kind == .debrief ? 60 : 240) * Self.minute
                rows.deliveries.append(.init(occurrence: id, channel: "email", started: escalated, ended: escalated + 1_500_000, outcome: "sent", purpose: "escalation"))
            }
            return nil
        }
        let window = Int((prompt.expires - prompt.scheduled) / Self.minute)
        var answered = prompt.scheduled + random.minutes(1...max(1, min(window / 2, 300)))
        if prompt.kind != .reframe, prompt.kind != .debrief, random.chance(0.04) {
            let snoozed = occurrence.delivered! + random.minutes(1...5)
            rows.snoozes.append(.init(occurrence: id, snoozed: snoozed, ends: snoozed + 15 * Self.minute))
            _ = deliver(id, at: snoozed + 15 * Self.minute)
            answered = snoozed + 15 * Self.minute + random.minutes(1...20)
        }
        answered = min(answered, prompt.expires - Self.minute)
        let button = random.chance(0.7)
        var response = HistoryRows.Response(
            occurrence: id, answer: answer, via: button ? "button" : "cli", channel: button ? "desktop" : nil, answered: answered,
            rating: rating)
        if prompt.replaced {
            let later = answered + random.minutes(5...600)
            response.replaced = later
            rows.responses.append(response)
            response = .init(occurrence: id, answer: answer, via: "cli", answered: later, note: random.pick(HistoryModel.notes), rating: rating)
        }
        rows.responses.append(response)
        occurrence.state = "answered"
        occurrence.updated = answered
        occurrence.reason = nil
        return answered
    }

    /// Delivers a prompt to the desktop at `instant`, after one failed try now and then;
    /// returns when it was sent.
    private mutating func deliver(_ id: String, at instant: Int64) -> Int64 {
        var started = instant + Int64(random.int(100_000...900_000))
        var purpose = "first"
        if random.chance(0.03) {
            let ended = started + Int64(random.int(20_000...400_000))
            rows.deliveries.append(.init(
                occurrence: id, channel: "desktop", started: started, ended: ended, outcome: "failed",
                error: "the notification server did not answer", purpose: purpose))
            started = ended + 30_000_000
            purpose = "retry"
        }
        let ended = started + Int64(random.int(20_000...400_000))
        rows.deliveries.append(.init(occurrence: id, channel: "desktop", started: started, ended: ended, outcome: "sent", purpose: purpose,
                                     dismissed: random.chance(0.1) ? ended + random.minutes(1...30) : nil))
        return ended
    }
}

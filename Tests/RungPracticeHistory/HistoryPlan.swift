import Foundation
import RungTime

/// The first pass over a history: every scheduled performance and prompt in the span, and
/// which of them the person does or answers, chosen so that the counts of the size come out
/// exactly. What happens at each (outcomes, ladder moves) is the simulation's.
struct HistoryPlan {
    enum Kind: String {
        case vicarious, reframe, debrief, affirmation
        case checkIn = "check_in"
    }

    /// What became of a prompt nobody answered.
    enum Fate {
        case expired, missed, failed, paused
    }

    struct Pause {
        /// The performance paused alone, or nil for everything.
        var performance: Int?
        var starts: Int64
        var ends: Int64
        var resumed: Int64?
        var reason: String

        func holds(_ instant: Int64, performance: Int?) -> Bool {
            (self.performance == nil || self.performance == performance) && instant >= starts && instant < (resumed ?? ends)
        }
    }

    struct Elapse {
        var performance: Int
        var start: Int64
        var paused: Bool
        var attempted = false
        /// Its prompts: vicarious, reframe, debrief, affirmation.
        var prompts: [Int] = []
    }

    struct Prompt {
        var kind: Kind
        /// The scheduled performance it is about; nil for a check-in.
        var elapse: Int?
        var ladder: Int
        var scheduled: Int64
        var expires: Int64
        var fate: Fate = .expired
        var answered = false
        /// Answered twice, the first answer replaced.
        var replaced = false
        /// For an answered debrief: completed later with `rungctl debrief`.
        var completed = false
        /// An evidence entry comes of it: from a completed debrief, or the observer's
        /// feedback after an affirmation.
        var evidence = false
    }

    let size: PracticeHistory.Size
    let seed: UInt64
    let end: Int64
    /// The first instant of the history.
    private(set) var start: Int64 = 0
    private(set) var pauses: [Pause] = []
    private(set) var elapses: [Elapse] = []
    private(set) var prompts: [Prompt] = []
    /// The instants of the evidence entries written by hand.
    private(set) var manualEvidence: [Int64] = []
    private(set) var random: HistoryRandom

    init(size: PracticeHistory.Size, seed: UInt64, end: Instant) {
        self.size = size
        self.seed = seed
        self.end = end.microseconds
        random = HistoryRandom(seed: seed)
        scheduleElapses()
        schedulePrompts()
        chooseAnswers()
        chooseEvidence()
    }

    private static let day = HistoryCalendar.microsecondsPerDay
    private static let minute = HistoryCalendar.microsecondsPerMinute

    /// The span's days, its pauses and every scheduled performance in it. Nothing is
    /// scheduled in the last three days, so every prompt has settled by `end`.
    private mutating func scheduleElapses() {
        let endDay = end / Self.day
        let lastDay = endDay - 3
        guard size.years > 0 else {
            // The few days around a single attempt: the last stand-up that fits.
            var day = lastDay - 1
            while !HistoryModel.performances[0].weekdays.contains(HistoryCalendar.weekday(ofDay: day)) { day -= 1 }
            start = (day - 1) * Self.day
            elapses = [Elapse(performance: 0, start: day * Self.day + Int64(HistoryModel.performances[0].minuteOfDay) * Self.minute, paused: false)]
            return
        }
        let firstDay = endDay - Int64(size.years) * 365
        start = firstDay * Self.day
        schedulePauses(from: firstDay, to: lastDay)
        for day in firstDay..<lastDay {
            let weekday = HistoryCalendar.weekday(ofDay: day)
            for (index, performance) in HistoryModel.performances.enumerated() where performance.weekdays.contains(weekday) {
                let instant = day * Self.day + Int64(performance.minuteOfDay) * Self.minute
                elapses.append(Elapse(performance: index, start: instant, paused: paused(instant, performance: index)))
            }
        }
    }

    /// Two holidays a year, a third of them ended early, and one performance paused alone.
    private mutating func schedulePauses(from firstDay: Int64, to lastDay: Int64) {
        let reasons = ["holiday", "ill in bed", "moving house", "family visit"]
        for year in 0..<Int64(size.years) {
            for half in 0..<Int64(2) {
                let day = firstDay + year * 365 + half * 182 + Int64(random.int(10...150))
                guard day + 20 < lastDay else { continue }
                let starts = day * Self.day + 8 * 60 * Self.minute
                let length = Int64(random.int(5...14))
                let resumed: Int64? = random.chance(0.3) ? starts + length / 2 * Self.day : nil
                pauses.append(Pause(performance: nil, starts: starts, ends: starts + length * Self.day, resumed: resumed, reason: random.pick(reasons)))
            }
            let day = firstDay + year * 365 + Int64(random.int(20...340))
            guard day + 10 < lastDay else { continue }
            let performance = random.int(0...(HistoryModel.performances.count - 1))
            let starts = day * Self.day
            pauses.append(Pause(
                performance: performance, starts: starts, ends: starts + Int64(random.int(3...7)) * Self.day, resumed: nil,
                reason: "no \(HistoryModel.performances[performance].title.lowercased()) this week"))
        }
        pauses.sort { $0.starts < $1.starts }
    }

    func paused(_ instant: Int64, performance: Int?) -> Bool {
        pauses.contains { $0.holds(instant, performance: performance) }
    }

    /// The prompts of every scheduled performance and every check-in, and which
    /// performances were attempts: exactly `size.performances` of those not paused.
    private mutating func schedulePrompts() {
        let open = elapses.indices.filter { !elapses[$0].paused }
        for (index, chosen) in zip(open, random.choose(size.performances, of: open.count)) where chosen {
            elapses[index].attempted = true
        }
        for index in elapses.indices {
            let elapse = elapses[index]
            let performance = HistoryModel.performances[elapse.performance]
            let ends = elapse.start + Int64(performance.durationMinutes) * Self.minute
            let schedule: [(Kind, Int64, Int64)] = [
                (.vicarious, elapse.start - Self.day, elapse.start),
                (.reframe, elapse.start - 15 * Self.minute, elapse.start - 5 * Self.minute),
                (.debrief, ends + 10 * Self.minute, ends + 10 * Self.minute + Self.day),
                (.affirmation, ends + 60 * Self.minute, ends + 60 * Self.minute + 2 * Self.day),
            ]
            for (kind, due, expires) in schedule {
                elapses[index].prompts.append(prompts.count)
                var prompt = Prompt(kind: kind, elapse: index, ladder: performance.ladder, scheduled: due, expires: expires)
                if paused(due, performance: elapse.performance) { prompt.fate = .paused }
                prompts.append(prompt)
            }
        }
        guard size.years > 0 else { return }
        let firstSunday = (start / Self.day ... start / Self.day + 6).first { HistoryCalendar.weekday(ofDay: $0) == 6 }!
        for (index, ladder) in HistoryModel.ladders.enumerated() {
            for day in stride(from: firstSunday, to: end / Self.day - 3, by: 7) {
                let due = day * Self.day + Int64(ladder.checkInMinute) * Self.minute
                var prompt = Prompt(kind: .checkIn, elapse: nil, ladder: index, scheduled: due, expires: due + Self.day)
                if paused(due, performance: nil) { prompt.fate = .paused }
                prompts.append(prompt)
            }
        }
    }

    /// Exactly `size.answers` responses: most attempts' debriefs first, then any prompt
    /// but a skipped performance's debrief, then replaced answers for what is left over.
    private mutating func chooseAnswers() {
        let attemptDebriefs = prompts.indices.filter {
            prompts[$0].kind == .debrief && prompts[$0].fate != .paused && elapses[prompts[$0].elapse!].attempted
        }
        let debriefed = attemptDebriefs.isEmpty ? 0 : min(size.answers, max(1, Int((Double(attemptDebriefs.count) * 0.92).rounded())))
        for (index, chosen) in zip(attemptDebriefs, random.choose(debriefed, of: attemptDebriefs.count)) where chosen {
            prompts[index].answered = true
        }
        let others = prompts.indices.filter { prompts[$0].kind != .debrief && prompts[$0].fate != .paused }
        let answered = min(size.answers - debriefed, others.count)
        for (index, chosen) in zip(others, random.choose(answered, of: others.count)) where chosen {
            prompts[index].answered = true
        }
        let replaceable = others.filter { prompts[$0].answered && prompts[$0].kind != .checkIn }
        for (index, chosen) in zip(replaceable, random.choose(size.answers - debriefed - answered, of: replaceable.count)) where chosen {
            prompts[index].replaced = true
        }
        for index in prompts.indices where !prompts[index].answered && prompts[index].fate != .paused {
            let roll = random.unit()
            prompts[index].fate = roll < 0.02 ? .failed : roll < 0.1 ? .missed : .expired
        }
        let answeredDebriefs = attemptDebriefs.filter { prompts[$0].answered }
        let completed = Int((Double(answeredDebriefs.count) * 0.95).rounded(.up))
        for (index, chosen) in zip(answeredDebriefs, random.choose(completed, of: answeredDebriefs.count)) where chosen {
            prompts[index].completed = true
        }
    }

    /// Exactly `size.evidence` entries: one from each of most completed debriefs, a
    /// third of the rest from observers after attempts, the others written by hand at
    /// any time of the span.
    private mutating func chooseEvidence() {
        let completed = prompts.indices.filter { prompts[$0].completed }
        let fromDebriefs = min(size.evidence, completed.count)
        for (index, chosen) in zip(completed, random.choose(fromDebriefs, of: completed.count)) where chosen {
            prompts[index].evidence = true
        }
        let affirmations = prompts.indices.filter {
            prompts[$0].kind == .affirmation && prompts[$0].answered && elapses[prompts[$0].elapse!].attempted
        }
        let rest = size.evidence - fromDebriefs
        let feedback = min(rest / 3, affirmations.count)
        for (index, chosen) in zip(affirmations, random.choose(feedback, of: affirmations.count)) where chosen {
            prompts[index].evidence = true
        }
        let span = end - 3 * Self.day - start
        manualEvidence = (0..<(rest - feedback)).map { _ in start + Int64(random.unit() * Double(span)) }.sorted()
    }
}

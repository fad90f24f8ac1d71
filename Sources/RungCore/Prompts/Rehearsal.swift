import RungTime

/// Low-stakes rehearsals before a one-off high-stakes performance (COACHING.md §2): on
/// days chosen with gaps that expand away from it (`[prompts.rehearsal] days_before`),
/// each a rep at a concrete rung below the performance's, at the performance's time of day.
/// Only a performance with a fixed `rung` gets them: one that follows its ladder has no
/// rung to rehearse below until a prompt goes out.
public enum Rehearsal {
    /// The rung (0-based) rehearsals for `performance` are at: the highest rung below its
    /// own whose stakes are below high. Nil when it gets no rehearsals: it is recurring, not
    /// high-stakes, has no fixed rung, or no rung below it is below high stakes.
    public static func rung(for performance: Performance, in config: Config) -> Int? {
        guard performance.stakes == .high, performance.isOneOff, !performance.followsLadder,
              let ladderID = performance.ladder, let ladder = config.ladder(ladderID), performance.rung != nil
        else { return nil }
        return Readiness.repRung(below: performance, on: ladder).map { $0 - 1 }
    }

    /// How many days before its performance the rehearsal `occurrence` comes; nil for any
    /// other prompt. Rounded, so a day of 23 or 25 hours still counts as one.
    public static func daysBefore(_ occurrence: Occurrence) -> Int? {
        guard occurrence.kind == .rehearsal, let start = occurrence.performanceStart else { return nil }
        let day = Int64(TimeSpanUnit.day)
        return Int((start.microseconds(since: occurrence.scheduledAt) + day / 2) / day)
    }

    /// What `occurrence` rehearses, for a list of prompts: `10 days before Conference
    /// talk: rung 3, Team demo (medium stakes)`; nil for any other prompt.
    public static func label(of occurrence: Occurrence, config: Config) -> String? {
        guard let days = daysBefore(occurrence), case .performance(let id) = occurrence.subject else { return nil }
        let performance = config.performances.first { $0.id == id }
        let lead = "\(days) day\(days == 1 ? "" : "s") before \(performance?.title ?? id)"
        guard let performance, let rung = rung(for: performance, in: config), let ladderID = performance.ladder,
              let ladder = config.ladder(ladderID)
        else { return lead }
        return "\(lead): rung \(rung + 1), \(ladder.rungs[rung].title) (\(ladder.rungs[rung].stakes.rawValue) stakes)"
    }

    /// `days` civil days before `start`, at the same time of day in `zone`: a day of 23 or
    /// 25 hours in between moves the instant, not the time on the clock.
    static func instant(_ days: Int, before start: Instant, in zone: TimeZoneRules) -> Instant? {
        var local = zone.localTime(at: start.seconds)
        local.day -= days
        local.isDST = -1
        return zone.makeTime(&local).map { Instant(seconds: $0, microseconds: start.microsecondOfSecond) }
    }

    /// The civil day in `zone` that holds `instant`: from its midnight to the next.
    static func day(containing instant: Instant, in zone: TimeZoneRules) -> Range<Instant>? {
        let local = zone.localTime(at: instant.seconds)
        var midnight = BrokenDownTime(year: local.year, month: local.month, day: local.day)
        var next = BrokenDownTime(year: local.year, month: local.month, day: local.day + 1)
        guard let start = zone.makeTime(&midnight), let end = zone.makeTime(&next), start < end else { return nil }
        return Instant(seconds: start)..<Instant(seconds: end)
    }
}

/// The starts of a ladder's performances, read once per plan, to tell which days already
/// hold a rep: a plan of many performances on one ladder reads each start once, not once
/// per rehearsal day.
struct LadderStarts {
    /// One-off starts in time order, for a binary search.
    private var once: [(start: Instant, performance: String)] = []
    private var recurring: [(performance: String, spec: CalendarSpec, zone: TimeZoneRules)] = []

    init(of performances: [Performance], in zone: TimeZoneRules) {
        for performance in performances {
            switch PromptSeries.Anchors(startsOf: performance, in: zone) {
            case .once(let start?): once.append((start, performance.id))
            case .once(nil): break
            case .recurring(let spec, let zone): recurring.append((performance.id, spec, zone))
            }
        }
        once.sort { $0.start < $1.start }
    }

    /// Whether a performance other than `id` starts within `day`.
    func anyOther(than id: String, startsWithin day: Range<Instant>) -> Bool {
        var low = 0, high = once.count
        while low < high {
            let middle = (low + high) / 2
            if once[middle].start < day.lowerBound { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < once.count, once[index].start < day.upperBound {
            if once[index].performance != id { return true }
            index += 1
        }
        return recurring.contains { entry in
            entry.performance != id
                && entry.spec.nextElapse(after: day.lowerBound.adding(microseconds: -1), in: entry.zone).map(day.contains) ?? false
        }
    }
}

extension Performance {
    /// Whether it happens once (`at`) rather than on every elapse of an expression.
    public var isOneOff: Bool {
        if case .recurring = schedule { return false }
        return true
    }
}

extension PromptSeries {
    /// The rehearsals of `performance`, which starts at `start` and gets them: one series per
    /// day of `days_before`, skipping a day on which another performance on its ladder
    /// (`ladderStarts`) starts, which is a rep already. Each is due `days` civil days before the start at its time of day,
    /// and is missed once its day has passed or the performance has started.
    static func rehearsals(
        of performance: Performance, startingAt start: Instant, besides ladderStarts: LadderStarts, config: Config, in zone: TimeZoneRules
    ) -> [PromptSeries] {
        let settings = config.prompts.rehearsal
        let subject = PlanSubject.performance(performance.id)
        return config.prompts.rehearsalDaysBefore.compactMap { days in
            guard let at = Rehearsal.instant(days, before: start, in: zone), at < start,
                  let day = Rehearsal.day(containing: at, in: zone),
                  !ladderStarts.anyOther(than: performance.id, startsWithin: day)
            else { return nil }
            let untilDayEnds = day.upperBound.microseconds(since: at)
            return PromptSeries(
                anchors: .once(start), kind: .rehearsal, subject: subject,
                schedule: "\(subject)/\(PromptKind.rehearsal.rawValue)/\(days)d",
                channels: performance.channels ?? settings.channels ?? config.channels,
                toBase: 0, offset: at.microseconds(since: start),
                expiresAfter: min(Int64(clamping: settings.expiresAfter.microseconds), untilDayEnds), expiresAtStart: true,
                anchorIsStart: true, renudge: nil)
        }
    }
}

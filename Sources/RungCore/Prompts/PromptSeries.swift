import RungTime

/// Every prompt of one kind about one subject: a performance's vicarious prompts, reframes,
/// debriefs, debrief re-nudges, affirmations or rehearsals, or a ladder's check-ins. Each lies a fixed
/// offset from an anchor — a start of the performance, an instant of the check-in
/// expression — so the prompts of a series in any stretch of time, and the next one after
/// any instant, are found by the calendar search alone, without planning anything else.
/// The series of one subject share their anchors (a performance's starts, a ladder's
/// check-in expression), and `all(of:in:)` lists them together.
struct PromptSeries: Sendable {
    /// The instants the prompts count from.
    enum Anchors: Sendable {
        /// A one-off performance's start (none: its civil time does not exist).
        case once(Instant?)
        /// Every elapse of a calendar expression, read in `zone`.
        case recurring(CalendarSpec, zone: TimeZoneRules)
    }

    let anchors: Anchors
    let kind: PromptKind
    let subject: PlanSubject
    let schedule: String
    let channels: [String]
    /// From the anchor to the instant the offset counts from (a performance's duration for
    /// the prompts after it, else 0), in microseconds.
    let toBase: Int64
    /// The kind's offset from that base.
    let offset: Int64
    let expiresAfter: Int64
    /// Vicarious prompts and reframes expire when their performance starts, at the latest.
    let expiresAtStart: Bool
    /// Whether the anchor is a performance's start (recorded with each prompt).
    let anchorIsStart: Bool
    /// For a re-nudge: the debrief's schedule and offset it follows, and the re-nudge's
    /// delay after it; the re-nudge expires with its debrief.
    let renudge: (debriefSchedule: String, debriefOffset: Int64, after: Int64)?

    /// From an anchor to the prompt's nominal instant, in microseconds (saturating, as
    /// every sum on instants is).
    var reach: Int64 {
        if let renudge { return Self.saturatingSum(Self.saturatingSum(toBase, renudge.debriefOffset), renudge.after) }
        return Self.saturatingSum(toBase, offset)
    }

    static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? .min : .max) : result
    }

    /// The prompt anchored at `anchor`.
    func occurrence(anchoredAt anchor: Instant) -> Occurrence {
        let base = anchor.adding(microseconds: toBase)
        if let renudge {
            let debriefAt = base.adding(microseconds: renudge.debriefOffset)
            return Occurrence(
                kind: kind, subject: subject, schedule: schedule, scheduledAt: debriefAt.adding(microseconds: renudge.after),
                expires: debriefAt.adding(microseconds: expiresAfter), channels: channels, performanceStart: anchor,
                follows: OccurrenceID(schedule: renudge.debriefSchedule, instant: debriefAt))
        }
        let scheduledAt = base.adding(microseconds: offset)
        var expires = scheduledAt.adding(microseconds: expiresAfter)
        if expiresAtStart { expires = min(expires, anchor) }
        return Occurrence(
            kind: kind, subject: subject, schedule: schedule, scheduledAt: scheduledAt, expires: expires,
            channels: channels, performanceStart: anchorIsStart ? anchor : nil)
    }

    /// The first anchor whose prompt lies after `instant`.
    func firstAnchor(after instant: Instant) -> Instant? {
        anchor(after: anchorBound(after: instant))
    }

    /// The instant an anchor must lie after for its prompt to lie after `instant`.
    func anchorBound(after instant: Instant) -> Instant {
        let reach = reach
        return instant.adding(microseconds: reach == .min ? .max : -reach)
    }

    /// The first anchor after `instant`, if any.
    func anchor(after instant: Instant) -> Instant? {
        switch anchors {
        case .once(let anchor): anchor.flatMap { $0 > instant ? $0 : nil }
        case .recurring(let spec, let zone): spec.nextElapse(after: instant, in: zone)
        }
    }

    /// The prompts of `group` whose nominal instant lies in `from...through`, series by
    /// series, each in time order. The series are of one subject, whose anchors they share:
    /// the calendar is searched once for all of them, from the earliest anchor any of them
    /// takes to the latest.
    static func occurrences(of group: ArraySlice<PromptSeries>, from: Instant, through: Instant) -> [Occurrence] {
        guard let first = group.first else { return [] }
        let before = from.adding(microseconds: -1)
        let bounds = group.map { $0.anchorBound(after: before) }
        let reaches = group.map(\.reach)
        let nearest = reaches.min() ?? 0
        // The prompt's own instant is compared (not the anchor with `through - reach`), so
        // that a sum saturating at the end of time still counts as within it.
        var anchors: [Instant] = []
        var anchor = first.anchor(after: bounds.min() ?? before)
        while let current = anchor, current.adding(microseconds: nearest) <= through {
            anchors.append(current)
            anchor = first.anchor(after: current)
        }
        var result: [Occurrence] = []
        for (series, (bound, reach)) in zip(group, zip(bounds, reaches)) {
            for anchor in anchors where anchor > bound {
                guard anchor.adding(microseconds: reach) <= through else { break }
                result.append(series.occurrence(anchoredAt: anchor))
            }
        }
        return result
    }
}

extension PromptSeries.Anchors {
    /// The starts of `performance`, its civil time and expression read in `zone` unless it
    /// names its own.
    init(startsOf performance: Performance, in zone: TimeZoneRules) {
        if case .recurring(let spec) = performance.schedule {
            self = .recurring(spec, zone: zone)
        } else {
            self = .once(performance.oneOffStart(in: zone))
        }
    }
}

extension PromptSeries {
    /// The series a config plans, performance by performance (vicarious, reframe, debrief,
    /// its re-nudge, affirmation, rehearsals), then ladder by ladder; kinds that are disabled or do
    /// not apply (no peer, no observer) have none. `zone` reads civil times and expressions.
    static func all(of config: Config, in zone: TimeZoneRules) -> [PromptSeries] {
        var result: [PromptSeries] = []
        let prompts = config.prompts
        var ladderStarts: [String: LadderStarts] = [:]
        for performance in config.performances {
            let anchors = Anchors(startsOf: performance, in: zone)
            let subject = PlanSubject.performance(performance.id)
            let duration = Int64(clamping: performance.duration.microseconds)
            func series(_ kind: PromptKind, if applies: Bool = true, afterEnd: Bool) -> PromptSeries? {
                let settings = prompts[kind]
                guard applies, settings.isEnabled else { return nil }
                return PromptSeries(
                    anchors: anchors, kind: kind, subject: subject, schedule: "\(subject)/\(kind.rawValue)",
                    channels: performance.channels ?? settings.channels ?? config.channels,
                    toBase: afterEnd ? duration : 0, offset: settings.offset.microseconds,
                    expiresAfter: Int64(clamping: settings.expiresAfter.microseconds), expiresAtStart: !afterEnd,
                    anchorIsStart: true, renudge: nil)
            }
            let debrief = series(.debrief, afterEnd: true)
            var renudge: PromptSeries?
            if let debrief, let after = prompts.debriefRenudgeAfter.map({ Int64(clamping: $0.microseconds) }), after < debrief.expiresAfter {
                renudge = PromptSeries(
                    anchors: anchors, kind: .debrief, subject: subject, schedule: "\(debrief.schedule)/renudge",
                    channels: debrief.channels, toBase: duration, offset: 0, expiresAfter: debrief.expiresAfter,
                    expiresAtStart: false, anchorIsStart: true,
                    renudge: (debriefSchedule: debrief.schedule, debriefOffset: debrief.offset, after: after))
            }
            result += [
                series(.vicarious, if: performance.peer != nil, afterEnd: false), series(.reframe, afterEnd: false),
                debrief, renudge, series(.affirmation, if: performance.observer != nil, afterEnd: true),
            ].compactMap { $0 }
            if prompts.rehearsal.isEnabled, case .once(let start?) = anchors, Rehearsal.rung(for: performance, in: config) != nil,
               let ladder = performance.ladder {
                let starts = ladderStarts[ladder] ?? LadderStarts(of: config.performances.filter { $0.ladder == ladder }, in: zone)
                ladderStarts[ladder] = starts
                result += rehearsals(of: performance, startingAt: start, besides: starts, config: config, in: zone)
            }
        }
        let checkIn = prompts.checkIn
        if checkIn.isEnabled {
            for ladder in config.ladders {
                guard let spec = ladder.checkIn else { continue }
                let subject = PlanSubject.ladder(ladder.id)
                result.append(PromptSeries(
                    anchors: .recurring(spec, zone: zone), kind: .checkIn, subject: subject,
                    schedule: "\(subject)/\(PromptKind.checkIn.rawValue)", channels: ladder.channels ?? checkIn.channels ?? config.channels,
                    toBase: 0, offset: 0, expiresAfter: Int64(clamping: checkIn.expiresAfter.microseconds), expiresAtStart: false,
                    anchorIsStart: false, renudge: nil))
            }
        }
        return result
    }
}

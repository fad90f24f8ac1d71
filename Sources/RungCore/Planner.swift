/// Turns a config into the prompts to send in a stretch of time. Pure and deterministic:
/// the same config, window, state and zone always give the same plan, ids included.
public struct Planner: Sendable {
    public let config: Config
    /// The zone civil times are read in: the config's `timezone`, else this system zone.
    public let zone: TimeZoneRules

    public init(config: Config, systemZone: TimeZoneRules) {
        self.config = config
        self.zone = config.timeZone ?? systemZone
    }

    /// The prompts whose scheduled instant lies in `from...through`, as the ledger records
    /// them when they fall due: due at their scheduled instant, before quiet hours, pauses
    /// and snoozes; in delivery order.
    public func occurrences(from: Instant, through: Instant) -> [Occurrence] {
        guard from <= through else { return [] }
        // Filtered subject by subject, so that no array of every unfiltered occurrence
        // is held next to the plan.
        var planned: [Occurrence] = []
        func keep(_ occurrences: [Occurrence]) {
            planned.append(contentsOf: occurrences.lazy.filter { (from...through).contains($0.scheduledAt) })
        }
        for performance in config.performances {
            keep(prompts(for: performance, startingAt: starts(of: performance, from: from, through: through)))
        }
        for ladder in config.ladders {
            keep(checkIns(of: ladder, from: from, through: through))
        }
        return inDeliveryOrder(planned)
    }

    /// What the config alone promises for `from...through`: each prompt due when quiet
    /// hours let it be (see `timing`), in delivery order; a prompt that would expire first
    /// is left out.
    public func plan(from: Instant, through: Instant) -> [Occurrence] {
        inDeliveryOrder(occurrences(from: from, through: through).compactMap { occurrence in
            guard case .due(let due) = timing(of: occurrence, pauses: []), due < occurrence.expires else { return nil }
            var deferred = occurrence
            deferred.due = due
            return deferred
        })
    }

    /// `occurrences` by due instant, then scheduled instant, kind and id. The sort moves
    /// small keys and compares ids only on ties; the occurrences are copied once.
    private func inDeliveryOrder(_ occurrences: [Occurrence]) -> [Occurrence] {
        let keys = occurrences.indices.map { index in
            let occurrence = occurrences[index]
            return (due: occurrence.due, scheduledAt: occurrence.scheduledAt, kind: occurrence.kind.rank, index: index)
        }
        let sorted = keys.sorted { a, b in
            if a.due != b.due { return a.due < b.due }
            if a.scheduledAt != b.scheduledAt { return a.scheduledAt < b.scheduledAt }
            if a.kind != b.kind { return a.kind < b.kind }
            return occurrences[a.index].id < occurrences[b.index].id
        }
        return sorted.map { occurrences[$0.index] }
    }

    // MARK: - Performances

    /// The starts of `performance` whose prompts can fall in the window.
    func starts(of performance: Performance, from: Instant, through: Instant) -> [Instant] {
        let (before, after) = reach(of: performance)
        let earliest = from.subtracting(after)
        let latest = through.adding(before)
        switch performance.schedule {
        case .instant(let instant):
            return (earliest...latest).contains(instant) ? [instant] : []
        case .civil(var civil, let ownZone):
            civil.isDST = -1
            guard let seconds = (ownZone ?? zone).makeTime(&civil) else { return [] }
            let instant = Instant(seconds: seconds)
            return (earliest...latest).contains(instant) ? [instant] : []
        case .recurring(let spec):
            var result: [Instant] = []
            var cursor = earliest.adding(microseconds: -1)
            while let next = spec.nextElapse(after: cursor, in: zone), next <= latest {
                result.append(next)
                cursor = next
            }
            return result
        }
    }

    /// How far before the start and after the start a performance's prompts can lie, so
    /// that performances just outside the window are still considered.
    func reach(of performance: Performance) -> (before: TimeSpan, after: TimeSpan) {
        let prompts = config.prompts
        let before = max(prompts.vicarious.offset.before, prompts.reframe.offset.before)
        let debrief = prompts.debrief.offset.after.adding(prompts.debriefRenudgeAfter ?? TimeSpan(microseconds: 0))
        return (before, performance.duration.adding(max(debrief, prompts.affirmation.offset.after)))
    }

    /// The prompts of `performance` for each of `starts`. What all starts share (each
    /// kind's settings, schedule identity and channels) is worked out once.
    func prompts(for performance: Performance, startingAt starts: [Instant]) -> [Occurrence] {
        guard !starts.isEmpty else { return [] }
        let subject = PlanSubject.performance(performance.id)
        typealias Template = (kind: PromptKind, settings: PromptKindSettings, schedule: String, channels: [String])
        func template(_ kind: PromptKind, if applies: Bool = true) -> Template? {
            let settings = config.prompts[kind]
            guard applies, settings.isEnabled else { return nil }
            return (kind, settings, "\(subject)/\(kind.rawValue)", channels(for: kind, override: performance.channels))
        }
        let vicarious = template(.vicarious, if: performance.peer != nil)
        let reframe = template(.reframe)
        let debrief = template(.debrief)
        let affirmation = template(.affirmation, if: performance.observer != nil)
        let renudge = config.prompts.debriefRenudgeAfter
        let renudgeSchedule = debrief.map { "\($0.schedule)/renudge" }

        var result: [Occurrence] = []
        result.reserveCapacity(starts.count * 5)
        for start in starts {
            let end = start.adding(performance.duration)
            func add(_ template: Template?, from anchor: Instant, capAtStart: Bool) -> Occurrence? {
                guard let template else { return nil }
                let scheduledAt = anchor.adding(template.settings.offset)
                var expires = scheduledAt.adding(template.settings.expiresAfter)
                if capAtStart { expires = min(expires, start) }
                let occurrence = Occurrence(
                    kind: template.kind, subject: subject, schedule: template.schedule, scheduledAt: scheduledAt,
                    expires: expires, channels: template.channels, performanceStart: start
                )
                result.append(occurrence)
                return occurrence
            }
            _ = add(vicarious, from: start, capAtStart: true)
            _ = add(reframe, from: start, capAtStart: true)
            if let debrief = add(debrief, from: end, capAtStart: false), let renudge, let renudgeSchedule {
                let scheduledAt = debrief.scheduledAt.adding(renudge)
                if scheduledAt < debrief.expires {
                    result.append(Occurrence(
                        kind: .debrief, subject: subject, schedule: renudgeSchedule, scheduledAt: scheduledAt,
                        expires: debrief.expires, channels: debrief.channels, performanceStart: start, follows: debrief.id
                    ))
                }
            }
            _ = add(affirmation, from: end, capAtStart: false)
        }
        return result
    }

    // MARK: - Ladders

    func checkIns(of ladder: Ladder, from: Instant, through: Instant) -> [Occurrence] {
        let settings = config.prompts.checkIn
        guard settings.isEnabled, let spec = ladder.checkIn else { return [] }
        let subject = PlanSubject.ladder(ladder.id)
        let schedule = "\(subject)/\(PromptKind.checkIn.rawValue)"
        let channels = channels(for: .checkIn, override: ladder.channels)
        var result: [Occurrence] = []
        var cursor = from.adding(microseconds: -1)
        while let next = spec.nextElapse(after: cursor, in: zone), next <= through {
            result.append(Occurrence(
                kind: .checkIn, subject: subject, schedule: schedule, scheduledAt: next,
                expires: next.adding(settings.expiresAfter),
                channels: channels
            ))
            cursor = next
        }
        return result
    }

    /// The most specific chain: the subject's own, then the kind's, then the default.
    func channels(for kind: PromptKind, override: [String]?) -> [String] {
        override ?? config.prompts[kind].channels ?? config.channels
    }

    // MARK: - Quiet hours and pauses

    /// When a prompt is to be delivered, or that a pause suppresses it.
    public enum Timing: Hashable, Sendable {
        /// Deliver it at this instant.
        case due(Instant)
        /// A pause covers the instant it would be delivered at (given): it is not sent.
        case suppressed(at: Instant)
    }

    /// When `occurrence`, due at its `due` (its scheduled instant, or the end of a snooze),
    /// is delivered, seen at `now`. One rule per control: quiet hours *defer* it to their
    /// end, unless it would expire by then (a reframe before a late performance), when it
    /// comes on time; a pause of its subject or of everything *suppresses* it when it covers
    /// the instant it would come at — its due instant, or now for one that comes late.
    public func timing(of occurrence: Occurrence, pauses: [Pause], at now: Instant? = nil) -> Timing {
        func paused(_ instant: Instant) -> Bool { pauses.contains { $0.covers(instant, of: occurrence.subject) } }
        if paused(occurrence.due) { return .suppressed(at: occurrence.due) }
        var due = occurrence.due
        if let quiet = config.quietHours, let end = quietEnd(after: occurrence.due, quiet), end < occurrence.expires {
            if paused(end) { return .suppressed(at: end) }
            due = end
        }
        if let now, due < now, paused(now) { return .suppressed(at: now) }
        return .due(due)
    }

    /// The chain a prompt of `kind` about `subject` goes through under this config; nil
    /// when the config no longer has the subject.
    public func channels(for kind: PromptKind, of subject: PlanSubject) -> [String]? {
        switch subject {
        case .performance(let id):
            guard let performance = config.performances.first(where: { $0.id == id }) else { return nil }
            return channels(for: kind, override: performance.channels)
        case .ladder(let id):
            guard let ladder = config.ladder(id) else { return nil }
            return channels(for: kind, override: ladder.channels)
        }
    }

    /// When the quiet hours holding `instant` end; nil when `instant` is not in them.
    func quietEnd(after instant: Instant, _ quiet: QuietHours) -> Instant? {
        let local = zone.localTime(at: instant.seconds)
        let minuteOfDay = local.hour * 60 + local.minute
        guard quiet.contains(minuteOfDay: minuteOfDay) else { return nil }
        var end = BrokenDownTime(
            year: local.year, month: local.month, day: minuteOfDay >= quiet.end ? local.day + 1 : local.day,
            hour: quiet.end / 60, minute: quiet.end % 60
        )
        guard let seconds = zone.makeTime(&end), seconds > instant.seconds else { return nil }
        return Instant(seconds: seconds)
    }
}

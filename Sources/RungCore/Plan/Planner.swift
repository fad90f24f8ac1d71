import RungTime

/// Turns a config into the prompts to send in a stretch of time. Pure and deterministic:
/// the same config, window, state and zone always give the same plan, ids included.
public struct Planner: Sendable {
    public let config: Config
    /// The zone civil times are read in: the config's `timezone`, else this system zone.
    public let zone: TimeZoneRules
    /// Every series of prompts the config plans.
    let series: [PromptSeries]

    public init(config: Config, systemZone: TimeZoneRules) {
        self.config = config
        self.zone = config.timeZone ?? systemZone
        self.series = PromptSeries.all(of: config, in: zone)
    }

    /// The prompts whose scheduled instant lies in `from...through`, as the ledger records
    /// them when they fall due: due at their scheduled instant, before quiet hours, pauses
    /// and snoozes; in delivery order. Each subject's calendar is searched for the stretch
    /// only, once for all its kinds of prompt, so a short stretch costs a few calendar
    /// searches however often prompts come.
    public func occurrences(from: Instant, through: Instant) -> [Occurrence] {
        inDeliveryOrder(unordered(from: from, through: through))
    }

    /// `occurrences(from:through:)` before they are put in delivery order. The series of
    /// one subject share their anchors: their calendar is searched once for them all.
    private func unordered(from: Instant, through: Instant) -> [Occurrence] {
        guard from <= through else { return [] }
        var result: [Occurrence] = []
        var start = series.startIndex
        while start < series.endIndex {
            let subject = series[start].subject
            let end = series[start...].firstIndex { $0.subject != subject } ?? series.endIndex
            result += PromptSeries.occurrences(of: series[start..<end], from: from, through: through)
            start = end
        }
        return result
    }

    /// The earliest scheduled instant of a prompt after `instant`, if the config has one:
    /// one calendar search per series.
    public func nextScheduled(after instant: Instant) -> Instant? {
        series.lazy.compactMap { series in series.firstAnchor(after: instant).map { $0.adding(microseconds: series.reach) } }.min()
    }

    /// The prompts scheduled after `instant`, in order of their scheduled instant, made one
    /// at a time as the sequence is read: reading the first few costs a few calendar
    /// searches, however far the plan goes.
    public func prompts(after instant: Instant) -> PlannedPrompts {
        PlannedPrompts(series: series, after: instant)
    }

    /// What the config alone promises for `from...through`: each prompt due when quiet
    /// hours let it be (see `timing`), in delivery order; a prompt that would expire first
    /// is left out.
    public func plan(from: Instant, through: Instant) -> [Occurrence] {
        inDeliveryOrder(unordered(from: from, through: through).compactMap(promised))
    }

    /// `plan(from:through:)` read lazily and stopped after the first `limit` prompts: when
    /// the stretch holds more, `truncatedAt` says where the search stopped, and the plan
    /// holds every prompt due before that instant and none after.
    public func plan(from: Instant, through: Instant, limit: Int) -> (occurrences: [Occurrence], truncatedAt: Instant?) {
        var planned: [Occurrence] = []
        var truncatedAt: Instant?
        var looked = 0
        var prompts = prompts(after: from.adding(microseconds: -1))
        while let occurrence = prompts.next(), occurrence.scheduledAt <= through {
            if looked == limit {
                truncatedAt = occurrence.scheduledAt
                break
            }
            looked += 1
            if let promised = promised(occurrence) { planned.append(promised) }
        }
        if let truncatedAt { planned.removeAll { $0.due >= truncatedAt } }
        return (inDeliveryOrder(planned), truncatedAt)
    }

    /// `occurrences` by due instant, then scheduled instant, kind and id. The sort moves
    /// small keys and compares ids only on ties; the occurrences are copied once.
    public func inDeliveryOrder(_ occurrences: [Occurrence]) -> [Occurrence] {
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
    /// is delivered, seen at `now`. One rule per control, applied until none moves it: a
    /// pause of its subject or of everything *suppresses* it when it covers the instant it
    /// would come at — its due instant, where quiet hours or a snooze of everything move it,
    /// or now for one that comes late; quiet hours *defer* it to their end, unless it would
    /// expire by then (a reframe before a late performance), when it comes on time; a snooze
    /// of everything *postpones* it to the snooze's end (see `SnoozeAll.moves`).
    public func timing(of occurrence: Occurrence, pauses: [Pause], snoozes: [SnoozeAll] = [], at now: Instant? = nil) -> Timing {
        func paused(_ instant: Instant) -> Bool { pauses.contains { $0.covers(instant, of: occurrence.subject) } }
        func later(than due: Instant) -> Instant? {
            if let quiet = config.quietHours, let end = quietEnd(after: due, quiet), end < occurrence.expires { return end }
            return snoozes.lazy.compactMap { $0.moves(occurrence, dueAt: due) }.max()
        }
        // Each step moves the instant later, and a snooze's end lies past its own reach, so
        // a few steps suffice; the bound only guards against quiet hours that never end.
        var due = occurrence.due
        var steps = 0
        while !paused(due), steps < 2 * snoozes.count + 4, let next = later(than: due) {
            due = next
            steps += 1
        }
        if paused(due) { return .suppressed(at: due) }
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

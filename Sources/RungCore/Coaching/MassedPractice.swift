import RungTime

/// Practice crowded into the last hours before a high-stakes date (COACHING.md §2): in
/// public-speaking studies, massed exposure let the fear come back where the same exposure
/// spread out did not (Tsao & Craske 2000). Found from the config alone, for
/// `rungctl check-config`: the attempts planned on a ladder are the starts of its
/// performances and the rehearsals before its one-off high-stakes ones.
public struct MassedPractice: Sendable, Equatable {
    /// How far before a high-stakes performance attempts count as preparing for it
    /// (*heuristic*: two weeks holds the default rehearsals, 10, 4 and 1 days before).
    public static let window = 14 * Int64(TimeSpanUnit.day)
    /// The last stretch before it where most attempts should not fall (*heuristic*: the
    /// "last 48 h" of COACHING.md §2).
    public static let lastStretch = 48 * Int64(TimeSpanUnit.hour)

    /// The high-stakes performance the practice leads up to, and its ladder.
    public var performance: String
    public var title: String
    public var ladder: String
    public var start: Instant
    /// The attempts planned in the window before it, and how many of them in its last stretch.
    public var attempts: Int
    public var inLastStretch: Int

    public init(performance: String, title: String, ladder: String, start: Instant, attempts: Int, inLastStretch: Int) {
        self.performance = performance
        self.title = title
        self.ladder = ladder
        self.start = start
        self.attempts = attempts
        self.inLastStretch = inLastStretch
    }

    /// The warning in words, the date read in `zone`.
    public func message(in zone: TimeZoneRules) -> String {
        """
        \(inLastStretch) of the \(attempts) attempts planned on ladder '\(ladder)' in the 14 days before \(title) \
        (\(TimestampFormat.systemd(start, in: zone))) fall in its last 48 hours: spread them over the days before, \
        since practice massed at the end lets the fear come back (Tsao & Craske 2000)
        """
    }

    /// Whether `attempts` before a performance starting at `start`, seen at `now`, are
    /// massed: of those in the window (from `now` when later), at least 2, and more than
    /// half in the last stretch. Nil when they are not; the counts when they are.
    public static func counts(of attempts: [Instant], before start: Instant, at now: Instant) -> (attempts: Int, inLastStretch: Int)? {
        let from = max(start.adding(microseconds: -window), now)
        let lastStretchStarts = start.adding(microseconds: -lastStretch)
        let counted = attempts.filter { $0 >= from && $0 < start }
        let late = counted.filter { $0 >= lastStretchStarts }.count
        return counted.count >= 2 && 2 * late > counted.count ? (counted.count, late) : nil
    }

    /// Every one-off high-stakes performance after `now` on a ladder whose planned attempts
    /// are massed before it, in config order. Each start and rehearsal is found once, so a
    /// config of many performances on one ladder is checked in one pass over them.
    public static func warnings(in config: Config, systemZone: TimeZoneRules, at now: Instant) -> [MassedPractice] {
        let planner = Planner(config: config, systemZone: systemZone)
        var onceByLadder: [String: [(performance: String, start: Instant)]] = [:]
        var recurringByLadder: [String: [Performance]] = [:]
        for performance in config.performances {
            guard let ladder = performance.ladder else { continue }
            switch PromptSeries.Anchors(startsOf: performance, in: planner.zone) {
            case .once(let start?): onceByLadder[ladder, default: []].append((performance.id, start))
            case .once(nil): break
            case .recurring: recurringByLadder[ladder, default: []].append(performance)
            }
        }
        let ladderOf = Dictionary(config.performances.map { ($0.id, $0.ladder) }, uniquingKeysWith: { first, _ in first })
        var rehearsalsByLadder: [String: [Instant]] = [:]
        for series in planner.series where series.kind == .rehearsal {
            guard case .performance(let id) = series.subject, let ladder = ladderOf[id] ?? nil,
                  case .once(let anchor?) = series.anchors
            else { continue }
            rehearsalsByLadder[ladder, default: []].append(series.occurrence(anchoredAt: anchor).scheduledAt)
        }
        var result: [MassedPractice] = []
        for performance in config.performances where performance.stakes == .high && performance.isOneOff {
            guard let ladder = performance.ladder, case .once(let start?) = PromptSeries.Anchors(startsOf: performance, in: planner.zone),
                  start > now
            else { continue }
            let from = max(start.adding(microseconds: -window), now)
            var attempts = (onceByLadder[ladder] ?? []).filter { $0.performance != performance.id }.map(\.start)
            attempts += (recurringByLadder[ladder] ?? []).flatMap { starts(of: $0, from: from, before: start, in: planner.zone) }
            attempts += rehearsalsByLadder[ladder] ?? []
            if let counts = counts(of: attempts, before: start, at: now) {
                result.append(MassedPractice(
                    performance: performance.id, title: performance.title, ladder: ladder, start: start,
                    attempts: counts.attempts, inLastStretch: counts.inLastStretch))
            }
        }
        return result
    }

    /// The starts of a recurring `performance` in `from..<before`.
    static func starts(of performance: Performance, from: Instant, before end: Instant, in zone: TimeZoneRules) -> [Instant] {
        guard case .recurring(let spec, let zone) = PromptSeries.Anchors(startsOf: performance, in: zone) else { return [] }
        var starts: [Instant] = []
        var next = spec.nextElapse(after: from.adding(microseconds: -1), in: zone)
        while let start = next, start < end {
            starts.append(start)
            next = spec.nextElapse(after: start, in: zone)
        }
        return starts
    }
}

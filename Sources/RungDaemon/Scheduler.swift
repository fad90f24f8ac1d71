import Foundation
import Logging
import RungControl
import RungCore
import RungDelivery
import RungStore
import RungTime

/// Decides, from the config and the store, which prompts are due, and delivers them.
///
/// One loop (`Daemon`) calls `runDue()` and arms the wall-clock timer for the instant it
/// returns; control requests and channel events change the store and ask that loop to run
/// again. Deliveries run concurrently, so a slow or hanging hook never holds back another
/// prompt, and an occurrence is in flight at most once: the ledger moves it planned →
/// delivering → delivered inside transactions, and the `Outbox` guards this process. How a
/// delivery goes through its chain (retries, fallback, waiting for a channel, escalation)
/// is the outbox, in `Outbox/`.
public actor Scheduler {
    /// How far ahead each pass plans.
    public static let horizon: Int64 = 2 * day
    /// How far back a start-up looks for prompts missed while Rung was down.
    public static let lookback: Int64 = 7 * day
    /// A day, in microseconds.
    static let day = Int64(TimeSpanUnit.day)

    public private(set) var config: Config
    public let configPath: String
    public let store: Store
    var planner: Planner
    /// A channel built from the config, with the definition it was built from.
    typealias BuiltChannel = (definition: Channel, channel: any DeliveryChannel)
    /// The channels built from the config, by name.
    var channels: [String: BuiltChannel] = [:]
    let environment: DeliveryEnvironment
    let systemZone: TimeZoneRules
    let clock: @Sendable () -> Instant
    let logger: Logger
    private let wake: @Sendable () -> Void
    /// The deliveries under way and the prompts waiting for a channel.
    var outbox = Outbox()
    /// Why the last reload was refused, if it was.
    public private(set) var configErrors: [String] = []
    /// The last instant a pass ran (as the store remembers it): the plan up to it is in
    /// the ledger.
    private var caughtUpThrough: Instant?
    /// The plan's next scheduled instant after `after`, as last asked: the answer holds
    /// until that instant comes (or a reload changes the plan).
    private var nextScheduled: (after: Instant, next: Instant?)?
    /// Each ladder's record as last read for `status`, and the store generation it was read
    /// at: the status line is rebuilt after every wake-up, and reading a long record each
    /// time would cost more than the rest of the line. A reload forgets it.
    var ladderRecordCache: (generation: Store.Generation, records: [String: LadderRecord])?
    /// What the channels report (answers, dismissals, availability), in order;
    /// `receiveChannelEvents()` takes them.
    nonisolated let channelEvents: AsyncStream<ChannelEvent>
    nonisolated let channelEventSink: AsyncStream<ChannelEvent>.Continuation

    /// - Parameters:
    ///   - wake: asks the daemon's loop to call `runDue()` again (after a delivery ends or
    ///     a control request changed the plan).
    ///   - environment: how channels are built and retries wait.
    public init(
        config: Config, configPath: String, store: Store, systemZone: TimeZoneRules,
        clock: @escaping @Sendable () -> Instant, logger: Logger, wake: @escaping @Sendable () -> Void,
        environment: DeliveryEnvironment
    ) throws {
        self.config = config
        self.configPath = configPath
        self.store = store
        self.systemZone = systemZone
        self.planner = Planner(config: config, systemZone: systemZone)
        self.clock = clock
        self.logger = logger
        self.wake = wake
        self.environment = environment
        (channelEvents, channelEventSink) = AsyncStream.makeStream(of: ChannelEvent.self)
        self.caughtUpThrough = try store.lastPass()
        self.channels = Self.channels(for: config, reusing: [:], environment: environment, events: channelEventSink).built
    }

    /// The channels of `config`, by name. A channel whose definition did not change is
    /// taken over from `current` (a desktop channel keeps its connection and the buttons it
    /// has shown); the ones left over are returned to be shut down.
    static func channels(
        for config: Config, reusing current: [String: BuiltChannel],
        environment: DeliveryEnvironment, events: AsyncStream<ChannelEvent>.Continuation
    ) -> (built: [String: BuiltChannel], retired: [any DeliveryChannel]) {
        var built: [String: BuiltChannel] = [:]
        var retired = current
        for definition in config.channelDefinitions {
            if let existing = current[definition.name], existing.definition == definition {
                built[definition.name] = existing
                retired[definition.name] = nil
            } else if let channel = environment.makeChannel(definition, { events.yield($0) }) {
                built[definition.name] = (definition, channel)
            }
        }
        return (built, retired.values.map(\.channel))
    }

    // MARK: - The pass

    /// Records what fell due, then delivers, misses, expires or suppresses every prompt due
    /// by now, escalates what went unanswered, moves on the prompts that waited for a
    /// channel long enough, and returns when the next of these is due (at the latest, when
    /// the plan's horizon ends).
    ///
    /// The ledger holds the truth: a prompt reaches it when its scheduled instant has come
    /// (or earlier, when it is snoozed or answered ahead of time) and stays `planned` or
    /// `snoozed` until it is delivered or reaches a final state. Snoozes and quiet hours
    /// only move when it is due; so a prompt postponed past any number of passes is still
    /// found, and delivered once.
    public func runDue() async -> Instant {
        let now = clock()
        let pending: [(record: OccurrenceRecord, occurrence: Occurrence)]
        let holds: Holds
        do {
            try recordDue(through: now)
            pending = try pendingOccurrences(at: now)
            holds = try self.holds(from: min(pending.map(\.occurrence.due).min() ?? now, now), through: now.adding(microseconds: Self.horizon))
        } catch {
            logger.error("cannot read the store to plan; trying again in a minute", metadata: ["error": "\(error)"])
            return now.adding(microseconds: Int64(TimeSpanUnit.minute))
        }
        var next = nextScheduledInstant(after: now)
        func wake(at instant: Instant) { next = min(next ?? instant, instant) }
        var due: [Occurrence] = []
        for (_, occurrence) in pending where !outbox.isInFlight(occurrence.id) {
            switch timing(of: occurrence, holds, at: now) {
            case .suppressed(let instant):
                if instant <= now {
                    settle(occurrence, as: .paused, at: now, reason: "it fell due during a pause")
                } else {
                    wake(at: instant)
                }
            case .due(let instant):
                guard instant <= now else {
                    wake(at: instant)
                    continue
                }
                var deferred = occurrence
                deferred.due = instant
                due.append(deferred)
            }
        }
        let latestCheckIn = Dictionary(due.filter { $0.kind == .checkIn }.map { ($0.subject, $0.scheduledAt) }, uniquingKeysWith: max)
        for occurrence in due.sorted(by: { ($0.due, $0.scheduledAt, $0.id) < ($1.due, $1.scheduledAt, $1.id) }) {
            if occurrence.kind == .checkIn, let latest = latestCheckIn[occurrence.subject], latest > occurrence.scheduledAt {
                settle(occurrence, as: .missed, at: now, reason: "a later check-in replaces it")
                continue
            }
            if let debrief = occurrence.follows {
                // An escalation still under way (retrying its channel) decides when it ends,
                // which wakes the loop: sent, it is the one follow-up; failed, the re-nudge goes.
                if outbox.isInFlight(debrief) { continue }
                if let reason = renudgeNotNeeded(occurrence, after: debrief) {
                    settle(occurrence, as: .expired, at: now, reason: reason)
                    continue
                }
            }
            switch DueDecision.decide(occurrence, at: now) {
            case .wait:
                wake(at: occurrence.due)
            case .miss:
                settle(occurrence, as: .missed, at: now, reason: DueDecision.missReason(occurrence, at: now))
            case .expire:
                settle(occurrence, as: .expired, at: now, reason: "its window has passed")
            case .deliver(let late):
                if let reason = vicariousSkipReason(occurrence) {
                    settle(occurrence, as: .expired, at: now, reason: reason)
                    continue
                }
                startDelivery(of: occurrence, late: late, claimingFrom: OccurrenceRecord.State.pending)
            }
        }
        if let instant = moveOnHeldDeliveries(at: now) { wake(at: instant) }
        if let instant = escalateUnanswered(at: now, pauses: holds.pauses) { wake(at: instant) }
        return min(next ?? .distantFuture, now.adding(microseconds: Self.horizon))
    }

    /// The plan's first scheduled instant after `now`: one calendar search per series, and
    /// none at all while the instant last found has not come.
    func nextScheduledInstant(after now: Instant) -> Instant? {
        if let known = nextScheduled, known.after <= now, known.next.map({ now < $0 }) ?? true { return known.next }
        let next = planner.nextScheduled(after: now)
        nextScheduled = (now, next)
        return next
    }

    /// Records in the ledger every prompt whose scheduled instant came since the last pass
    /// (after a stop, since the last pass before it, within the lookback; on a first start,
    /// from now), and, in the same transaction, this pass: from then on the ledger, not the
    /// plan, keeps them.
    func recordDue(through now: Instant) throws {
        try store.recordPlanned(planner.occurrences(from: planStart(at: now), through: now).map { OccurrenceRecord(planned: $0, at: now) }, pass: now)
        caughtUpThrough = now
    }

    /// Where the plan not yet in the ledger starts: just after the last pass, but no
    /// earlier than the lookback (catch-up after a stop); on a first start, now.
    func planStart(at now: Instant) -> Instant {
        caughtUpThrough.map { max(now.adding(microseconds: -Self.lookback), $0.adding(microseconds: 1)) } ?? now
    }

    /// The prompts the ledger holds waiting for their due instant, as occurrences routed by
    /// the running config. One whose performance or ladder the config no longer has
    /// expires: there is nothing left to prompt about.
    func pendingOccurrences(at now: Instant) throws -> [(record: OccurrenceRecord, occurrence: Occurrence)] {
        try store.occurrences(in: OccurrenceRecord.State.pending).compactMap { record in
            guard let occurrence = occurrence(of: record) else {
                settle(record, as: .expired, at: now, reason: "the config no longer has its \(record.subject)")
                return nil
            }
            return (record, occurrence)
        }
    }

    /// The occurrence a ledger line records, routed through the running config's chain for
    /// it; nil when the config no longer has its subject.
    func occurrence(of record: OccurrenceRecord) -> Occurrence? {
        guard let subject = PlanSubject(parsing: record.subject),
              let chain = planner.channels(for: record.kind, of: subject)
        else { return nil }
        return record.occurrence(channels: chain)
    }

    /// Why `renudge` of `debrief` is not sent, if it is not: a re-nudge follows up a
    /// debrief that was delivered (last) by the re-nudge's own instant and is still unanswered
    /// (one deferred with it, by quiet hours or a snooze, has just been seen), and only one
    /// follow-up goes out.
    func renudgeNotNeeded(_ renudge: Occurrence, after debrief: OccurrenceID) -> String? {
        let record = try? store.occurrence(id: debrief.rawValue)
        switch record?.state {
        case .delivered?:
            if (try? store.wasEscalated(debrief.rawValue)) == true {
                return "its debrief already went on to the next channel, and one follow-up is enough"
            }
            // Its latest delivery counts (a delivered line changed last when it was delivered):
            // a debrief snoozed after it came, and come again after the re-nudge's instant,
            // has just been seen.
            if let delivered = record?.updatedAt, delivered > renudge.scheduledAt {
                return "its debrief came only at \(iso(delivered)), later than planned"
            }
            return nil
        case .answered?: return "its debrief was answered"
        case .snoozed?, .planned?, .delivering?: return "its debrief is still to come"
        default: return "its debrief was never delivered"
        }
    }

    /// Why the vicarious prompt `occurrence` is not sent, if it is not: decided from the
    /// store as it is now (`VicariousSuggestion`), since attempts recorded after it was planned
    /// count. Skipping is not a failure, so it ends `expired` with the reason, as a prompt
    /// no longer needed does. Nil for other kinds, and when the store cannot tell: then it is
    /// sent, as before Rung could decide.
    func vicariousSkipReason(_ occurrence: Occurrence) -> String? {
        guard occurrence.kind == .vicarious, case .performance(let id) = occurrence.subject,
              let performance = config.performances.first(where: { $0.id == id }),
              case .skip(let reason)? = try? store.vicariousDecision(for: performance)
        else { return nil }
        return reason
    }

    func settle(_ occurrence: Occurrence, as state: OccurrenceRecord.State, at now: Instant, reason: String) {
        settle(OccurrenceRecord(planned: occurrence, at: now), as: state, at: now, reason: reason, title: title(of: occurrence.subject))
    }

    func settle(_ record: OccurrenceRecord, as state: OccurrenceRecord.State, at now: Instant, reason: String, title: String? = nil) {
        do {
            guard try store.settle(record, as: state, reason: reason, at: now) else { return }
            let title = title ?? PlanSubject(parsing: record.subject).map(self.title(of:)) ?? record.subject
            let messageID = switch state {
            case .missed: MessageID.missed
            case .paused: MessageID.paused
            case .failed: MessageID.failed
            default: MessageID.expired
            }
            logger.notice("\(record.kind.rawValue) for '\(title)' \(state.rawValue): \(reason)", metadata: [
                "message_id": "\(messageID)", "occurrence_id": "\(record.id)", "kind": "\(record.kind.rawValue)",
            ])
        } catch {
            logger.error("cannot record a \(state.rawValue) prompt", metadata: ["occurrence_id": "\(record.id)", "error": "\(error)"])
        }
    }

    func message(for occurrence: Occurrence) -> PromptMessage {
        var context = PromptText.Context()
        if case .performance(let id) = occurrence.subject, let performance = config.performances.first(where: { $0.id == id }) {
            // Evidence and debriefs are logged under the ladder's id (`rungctl evidence add --skill talks`).
            if occurrence.kind == .reframe {
                context.evidence = (try? store.reframeQuotes(for: performance)) ?? []
                context.lastChange = try? store.lastChange(for: performance)
            }
            if occurrence.kind.isBeforePerformance, let start = occurrence.performanceStart,
               let prediction = try? store.prediction(performance: id, attemptStart: start) {
                context.predicted = PromptText.Predicted(confidence: prediction.selfEfficacy, fear: prediction.fear)
            }
            // A performance at rung = "current" names the rung its ladder is on now.
            if performance.followsLadder, let ladder = performance.ladder {
                context.currentRung = (try? store.ladderPosition(ladder))?.rung
            }
            if occurrence.kind == .reframe || occurrence.kind == .vicarious,
               let ladder = performance.ladder.flatMap(config.ladder), let record = ladderRecord(ladder) {
                if occurrence.kind == .reframe { context.hitRate = Self.hitRate(on: ladder, record: record) }
                if occurrence.kind == .vicarious { context.copingModel = Self.wantsCopingModel(performance, record: record) }
            }
        }
        if case .ladder(let id) = occurrence.subject, let ladder = config.ladder(id), let record = ladderRecord(ladder) {
            context.review = review(of: ladder, record: record, for: occurrence)
        }
        var text = PromptText.render(occurrence, config: config, context: context)
        // A snooze that ends when the prompt has expired could never fire: offer only the
        // buttons that can work.
        if occurrence.due.adding(microseconds: Store.snoozeAnswerDuration) >= occurrence.expires {
            text.actions.removeAll { $0.id == Store.snoozeAnswer }
        }
        return PromptMessage(
            occurrenceID: occurrence.id.rawValue, kind: occurrence.kind.rawValue, subject: occurrence.subject.description,
            title: text.title, body: text.body, due: occurrence.due, expires: occurrence.expires, actions: text.actions)
    }

    // MARK: - For the control interface

    func clockNow() -> Instant { clock() }
    func currentPlanner() -> Planner { planner }
    func wakeLoop() { wake() }

    /// Swaps in a new config (already validated). While rungd runs it was alive the whole
    /// time: what fell due under the old config is recorded first, and the new one plans
    /// from now on, so an instant a reload moves into the past is not caught up (it is not
    /// downtime). Channels whose definition changed or went away are shut down once
    /// replaced; prompts waiting for a channel start again through their new chain.
    public func replace(config: Config) {
        let now = clock()
        do {
            try recordDue(through: now)
        } catch {
            logger.error("cannot record what fell due before the reload", metadata: ["error": "\(error)"])
        }
        self.config = config
        planner = Planner(config: config, systemZone: systemZone)
        nextScheduled = nil
        ladderRecordCache = nil
        let (built, retired) = Self.channels(for: config, reusing: channels, environment: environment, events: channelEventSink)
        channels = built
        if !retired.isEmpty {
            Task {
                for channel in retired { await channel.shutDown() }
            }
        }
        rerouteHeldDeliveries()
        configErrors = []
        wake()
    }

    /// Shuts every channel down and ends the stream of channel events: rungd is stopping.
    public func shutDownChannels() async {
        let all = channels.values.map(\.channel)
        channels = [:]
        for channel in all { await channel.shutDown() }
        channelEventSink.finish()
    }

    /// Keeps the running config and remembers why the new one was refused.
    public func refuse(configErrors errors: [String]) {
        configErrors = errors
    }

    /// The end recorded for a pause that lasts until the person resumes.
    public static let untilResumed = Instant(seconds: 253_402_300_799)
}

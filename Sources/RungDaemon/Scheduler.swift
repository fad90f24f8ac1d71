import Foundation
import Logging
import RungControl
import RungCore
import RungDelivery
import RungStore

/// Decides, from the config and the store, which prompts are due, and delivers them.
///
/// One loop (`Daemon`) calls `runDue()` and arms the wall-clock timer for the instant it
/// returns; control requests and channel events change the store and ask that loop to run
/// again. Deliveries run concurrently, so a slow or hanging hook never holds back another
/// prompt, and an occurrence is in flight at most once: the ledger moves it planned →
/// delivering → delivered inside transactions, and `inFlight` guards this process. How a
/// delivery goes through its chain (retries, fallback, waiting for a channel, escalation)
/// is the outbox, in `Scheduler+Delivery.swift`.
public actor Scheduler {
    /// How far ahead each pass plans.
    public static let horizon: Int64 = 2 * 86_400_000_000
    /// How far back a start-up looks for prompts missed while Rung was down.
    public static let lookback: Int64 = 7 * 86_400_000_000

    public private(set) var config: Config
    public let configPath: String
    public let store: Store
    var planner: Planner
    /// A channel built from the config, with the definition it was built from.
    typealias BuiltChannel = (definition: Channel, channel: any DeliveryChannel)
    /// The channels built from the config, by name.
    var channels: [String: BuiltChannel] = [:]
    let environment: DeliveryEnvironment
    private let systemZone: TimeZoneRules
    let clock: @Sendable () -> Instant
    let logger: Logger
    private let wake: @Sendable () -> Void
    var inFlight: Set<OccurrenceID> = []
    /// Prompts waiting for a channel that cannot deliver yet, by occurrence.
    var held: [OccurrenceID: HeldDelivery] = [:]
    /// How often each channel has said it can deliver again: an attempt that finds its
    /// channel unavailable holds the prompt only if no such report came while it ran.
    var availabilityReports: [String: Int] = [:]
    /// Why the last reload was refused, if it was.
    public private(set) var configErrors: [String] = []
    /// Where catch-up starts: the last instant a pass ran, as the store remembers it.
    private var caughtUpThrough: Instant?
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

    /// Delivers, misses or expires every prompt due by now, escalates what went unanswered,
    /// moves on the prompts that waited for a channel long enough, and returns when the
    /// next of these is due (at the latest, when the plan's horizon ends).
    public func runDue() async -> Instant {
        let now = clock()
        let from = max(now.adding(microseconds: -Self.lookback), caughtUpThrough ?? now)
        let plan: [Occurrence]
        let state: PlanState
        do {
            state = try planState(at: now)
            plan = planner.plan(from: from, through: now.adding(microseconds: Self.horizon), state: state)
        } catch {
            logger.error("cannot read the store to plan; trying again in a minute", metadata: ["error": "\(error)"])
            return now.adding(microseconds: 60_000_000)
        }
        let due = plan.filter { $0.due <= now }
        let latestCheckIn = Dictionary(due.filter { $0.kind == .checkIn }.map { ($0.subject, $0.scheduledAt) }, uniquingKeysWith: max)
        for occurrence in due where !inFlight.contains(occurrence.id) {
            let state = (try? store.occurrence(id: occurrence.id.rawValue))?.state
            guard state == nil || state == .planned || state == .snoozed else { continue }
            if occurrence.kind == .checkIn, let latest = latestCheckIn[occurrence.subject], latest > occurrence.scheduledAt {
                settle(occurrence, as: .missed, at: now, reason: "a later check-in replaces it")
                continue
            }
            if let debrief = occurrence.follows {
                // An escalation still under way (retrying its channel) decides when it ends,
                // which wakes the loop: sent, it is the one follow-up; failed, the re-nudge goes.
                if inFlight.contains(debrief) { continue }
                if (try? store.wasEscalated(debrief.rawValue)) == true {
                    settle(occurrence, as: .expired, at: now, reason: "its debrief already went on to the next channel, and one follow-up is enough")
                    continue
                }
            }
            switch DueDecision.decide(occurrence, at: now) {
            case .wait:
                break
            case .miss:
                settle(occurrence, as: .missed, at: now, reason: "its performance has begun")
            case .expire:
                settle(occurrence, as: .expired, at: now, reason: "its window has passed")
            case .deliver(let late):
                startDelivery(of: occurrence, late: late, possibleDuplicate: false)
            }
        }
        let nextHoldDeadline = moveOnHeldDeliveries(at: now)
        let nextEscalation = escalateUnanswered(at: now, state: state)
        do {
            try store.recordPass(at: now)
            caughtUpThrough = now
        } catch {
            logger.error("cannot record the pass", metadata: ["error": "\(error)"])
        }
        let next = [plan.first { $0.due > now }?.due, nextHoldDeadline, nextEscalation].compactMap { $0 }.min()
        return min(next ?? .distantFuture, now.adding(microseconds: Self.horizon))
    }

    /// At start-up: an occurrence caught `delivering` goes through its chain again, if the
    /// catch-up rules still want it (rungd may have been down for days: a reframe whose
    /// performance began is missed, a debrief past its window expires, a check-in a later one
    /// replaces is missed). One cut off in the middle of an attempt may have reached the
    /// person already: it is logged as a possible duplicate, and given up if it was already
    /// retried after an earlier crash. One caught between attempts, or waiting for a channel,
    /// simply goes on.
    public func recoverInterruptedDeliveries() {
        let interrupted = (try? store.occurrences(in: [.delivering])) ?? []
        let now = clock()
        let plan = planner.plan(
            from: now.adding(microseconds: -Self.lookback), through: now.adding(microseconds: Self.horizon),
            state: (try? planState(at: now)) ?? PlanState())
        let due = plan.filter { $0.due <= now }
        for record in interrupted {
            let unfinished = ((try? store.deliveries(of: record.id)) ?? []).filter { $0.endedAt == nil && $0.purpose != .escalation }.count
            guard let occurrence = plan.first(where: { $0.id.rawValue == record.id }), unfinished < 2 else {
                logger.warning("an interrupted delivery is given up", metadata: ["occurrence_id": "\(record.id)"])
                try? store.setState(.failed, ofOccurrence: record.id, at: now)
                continue
            }
            if occurrence.kind == .checkIn,
               due.contains(where: { $0.kind == .checkIn && $0.subject == occurrence.subject && $0.scheduledAt > occurrence.scheduledAt }) {
                settle(occurrence, as: .missed, at: now, reason: "a later check-in replaces it")
                continue
            }
            switch DueDecision.decide(occurrence, at: now) {
            case .miss:
                settle(occurrence, as: .missed, at: now, reason: "its performance has begun")
            case .expire:
                settle(occurrence, as: .expired, at: now, reason: "its window has passed")
            case .wait, .deliver:
                startDelivery(of: occurrence, late: true, possibleDuplicate: unfinished > 0)
            }
        }
    }

    private func settle(_ occurrence: Occurrence, as state: OccurrenceRecord.State, at now: Instant, reason: String) {
        do {
            try store.recordPlanned(OccurrenceRecord(planned: occurrence, at: now))
            try store.setState(state, ofOccurrence: occurrence.id.rawValue, at: now)
            logger.notice("\(occurrence.kind.rawValue) for '\(title(of: occurrence.subject))' \(state.rawValue): \(reason)", metadata: [
                "message_id": "\(state == .missed ? MessageID.missed : MessageID.expired)",
                "occurrence_id": "\(occurrence.id)", "kind": "\(occurrence.kind.rawValue)",
            ])
        } catch {
            logger.error("cannot record a \(state.rawValue) prompt", metadata: ["occurrence_id": "\(occurrence.id)", "error": "\(error)"])
        }
    }

    func message(for occurrence: Occurrence) -> PromptMessage {
        var context = PromptText.Context()
        // Evidence is logged under the ladder's id (`rungctl evidence add --skill talks`).
        if occurrence.kind == .reframe, case .performance(let id) = occurrence.subject,
           let ladder = config.performances.first(where: { $0.id == id })?.ladder {
            context.evidence = ((try? store.evidence(skill: ladder)) ?? []).suffix(2).reversed().map(\.what)
        }
        let text = PromptText.render(occurrence, config: config, context: context)
        return PromptMessage(
            occurrenceID: occurrence.id.rawValue, kind: occurrence.kind.rawValue, subject: occurrence.subject.description,
            title: text.title, body: text.body, due: occurrence.due, expires: occurrence.expires, actions: text.actions)
    }

    // MARK: - For the control interface

    func clockNow() -> Instant { clock() }
    func currentPlanner() -> Planner { planner }
    func wakeLoop() { wake() }

    /// Swaps in a new config (already validated); prompts follow it from the next pass.
    /// Channels whose definition changed or went away are shut down once replaced.
    public func replace(config: Config) {
        self.config = config
        planner = Planner(config: config, systemZone: systemZone)
        let (built, retired) = Self.channels(for: config, reusing: channels, environment: environment, events: channelEventSink)
        channels = built
        if !retired.isEmpty {
            Task {
                for channel in retired { await channel.shutDown() }
            }
        }
        retryHeldDeliveries()
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

    /// The next prompt due, for the one-line status.
    public func nextDue() -> Occurrence? {
        upcomingOccurrences(from: clock(), days: 7).first
    }

    // MARK: - What the store says

    /// Snoozes, pauses and answers, as the planner takes them.
    func planState(at now: Instant) throws -> PlanState {
        var state = PlanState()
        for record in try store.occurrences(in: [.snoozed]) {
            if let snooze = try store.latestSnooze(of: record.id) {
                state.snoozes[OccurrenceID(rawValue: record.id)] = snooze.endsAt
            }
        }
        // Only answers the plan can meet: a ledger line's due instant is never before its
        // scheduled one, and nothing before the lookback is planned.
        state.answered = Set(try store.occurrences(in: [.answered], dueFrom: now.adding(microseconds: -Self.lookback))
            .map { OccurrenceID(rawValue: $0.id) })
        state.pauses = try store.activePauses(at: now).map { pause in
            RungCore.Pause(
                start: pause.startsAt, end: pause.endsAt == Self.untilResumed ? nil : pause.endsAt,
                subject: pause.subject.flatMap(PlanSubject.init(parsing:)))
        }
        return state
    }

    /// The end recorded for a pause that lasts until the person resumes.
    public static let untilResumed = Instant(seconds: 253_402_300_799)
}

/// Stable journal MESSAGE_IDs, so `journalctl MESSAGE_ID=…` finds every such event.
public enum MessageID {
    public static let started = "6f1b3e0c2a9d4b7e8c5a1f3d2e4b6a80"
    public static let delivered = "a3c5e7f9b1d34f6a8c0e2b4d6f8a1c35"
    public static let missed = "d4e6f8a0c2b44e6a9c1e3b5d7f9a2c46"
    public static let expired = "e5f7a9b1d3c54f7b0d2f4c6e8a0b3d57"
    public static let failed = "f6a8b0c2e4d64a8c1e3a5d7f9b1c4e68"
    public static let escalated = "c8d0e2f4a6b84c0e3a5c7e9b1d3f6a8b"
    public static let answered = "9a1c3e5f7b2d4a6c8e0f2b4d6a8c1e3f"
    public static let reloadFailed = "b7c9d1e3f5a74b9d2f4b6e8a0c2d5f79"
}

extension Instant {
    /// Later than any instant Rung plans.
    static let distantFuture = Instant(microseconds: .max)
}

// MARK: - Reload and status

extension Scheduler {
    /// Reads the config file again. A valid one replaces the running config; an invalid one
    /// is refused, its errors kept for `status` and returned, and the running config stays.
    public func reload(systemZone: TimeZoneRules) -> Result<Void, ConfigErrors> {
        switch Self.loadConfig(at: configPath, now: clock(), systemZone: systemZone) {
        case .success(let loaded):
            for warning in loaded.warnings { logger.warning("\(warning)") }
            replace(config: loaded.config)
            logger.info("reloaded the config", metadata: ["config": "\(configPath)"])
            return .success(())
        case .failure(let errors):
            refuse(configErrors: errors.diagnostics.map(\.description))
            logger.error("the new config is invalid; keeping the running one:\n\(errors)", metadata: [
                "message_id": "\(MessageID.reloadFailed)", "config": "\(configPath)",
            ])
            return .failure(errors)
        }
    }

    /// The config at `path`, checked, with its warnings; or every error in it.
    public static func loadConfig(at path: String, now: Instant, systemZone: TimeZoneRules) -> Result<(config: Config, warnings: [ConfigDiagnostic]), ConfigErrors> {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"
            return .failure(ConfigErrors(diagnostics: [
                ConfigDiagnostic(.error, path: path, at: SourcePosition(line: 1, column: 1), "cannot read the config: \(reason)"),
            ]))
        }
        let check = ConfigLoader.check(text, path: path, now: now, systemZone: systemZone)
        guard let config = check.config, check.errors.isEmpty else {
            return .failure(ConfigErrors(diagnostics: check.errors))
        }
        return .success((config, check.warnings))
    }

    /// One line for `systemctl status`: what comes next, and whether a reload was refused.
    public func statusLine() -> String {
        var line: String
        if let next = nextDue() {
            let zone = planner.zone
            let now = zone.localTime(at: clock().seconds)
            let due = zone.localTime(at: next.due.seconds)
            let sameDay = (now.year, now.month, now.day) == (due.year, due.month, due.day)
            let clock = TimestampFormat.systemd(next.due, in: zone).split(separator: " ")
            let when = sameDay ? String(clock[2].prefix(5)) : "\(clock[0]) \(clock[1]) \(clock[2].prefix(5))"
            line = "next: \(next.kind.rawValue) for '\(title(of: next.subject))' at \(when)"
        } else {
            line = "idle: nothing planned in the next 7 days"
        }
        if !configErrors.isEmpty {
            line = "config error (\(configErrors.count)), kept the previous config; " + line
        }
        return line
    }

    /// The performance's title or the ladder's skill.
    func title(of subject: PlanSubject) -> String {
        switch subject {
        case .performance(let id): config.performances.first { $0.id == id }?.title ?? id
        case .ladder(let id): config.ladder(id)?.skill ?? id
        }
    }

    /// Waits (up to `limit`) for deliveries under way to end, so a stop leaves none
    /// half-done that need not be.
    public func drain(limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !inFlight.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

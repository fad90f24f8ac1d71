import Foundation
import Logging
import RungCore
import RungDelivery
import RungStore
import RungTime

/// One prompt on its way through a chain of channels: which channel is next, and why
/// each channel so far did not deliver it.
struct DeliveryRun: Sendable {
    var occurrence: Occurrence
    var message: PromptMessage
    /// The channels to try, in order: the prompt's chain, or for an escalation the part
    /// of it after the channel that delivered it.
    var chain: [String]
    /// The index in `chain` of the channel to try next.
    var position = 0
    /// Whether this re-sends a delivered, unanswered prompt (which never waits for a
    /// channel and leaves the prompt `delivered` whatever happens).
    var isEscalation: Bool
    var late: Bool
    /// `channel: reason` for every attempt that did not deliver.
    var reasons: [String] = []
    /// How long the run waits, when held, before it asks its channel again.
    var probeInterval = HeldDelivery.firstProbe

    init(occurrence: Occurrence, message: PromptMessage, chain: [String], isEscalation: Bool, late: Bool) {
        self.occurrence = occurrence
        self.message = message
        self.chain = chain
        self.isEscalation = isEscalation
        self.late = late
    }
}

/// A prompt waiting for a channel that said it cannot deliver yet: it goes out when the
/// channel reports itself available, or through another delivery on that channel, or when
/// asking the channel again at `probeAt` succeeds; and on to the next channel at `deadline`.
/// Asking again matters: a channel can only report itself available while it can watch
/// (a desktop channel whose session bus went away, or that a reload replaced, cannot).
struct HeldDelivery: Sendable {
    var run: DeliveryRun
    var channel: String
    var deadline: Instant
    /// Why the channel cannot deliver, as it said.
    var reason: String
    /// When to ask the channel again.
    var probeAt: Instant

    /// The first pause before asking again (microseconds); each later one doubles, up to
    /// `lastProbe` (15 minutes: about a hundred questions in a day-long wait, each in the
    /// ledger as an attempt).
    static let firstProbe: Int64 = 30_000_000
    static let lastProbe: Int64 = 900_000_000
}

/// The outbox: every attempt recorded before and after in the ledger; a temporary failure
/// retried on its channel with backoff and jitter, never past the prompt's expiry; any
/// other failure, or a channel that cannot deliver, hands the prompt to the next channel of
/// its chain, except that a prompt which can wait waits for its channel a while; when
/// every channel failed, the prompt is `failed` and the journal says why, at error level.
extension Scheduler {
    /// What trying one channel came to.
    enum ChannelResult {
        /// `paused`: a pause began before the attempt, and the prompt is settled `paused`.
        case delivered, held, failed, paused
    }

    /// Claims `occurrence` in the ledger (only from one of `states`: no prompt starts two
    /// deliveries) and sends it through its chain.
    func startDelivery(of occurrence: Occurrence, late: Bool, claimingFrom states: Set<OccurrenceRecord.State>) {
        do {
            guard try store.claim(OccurrenceRecord(planned: occurrence, at: clock()), from: states, at: clock()) else {
                logger.debug("a prompt is no longer waiting to be delivered", metadata: ["occurrence_id": "\(occurrence.id)"])
                return
            }
        } catch {
            logger.error("cannot mark a prompt as being delivered", metadata: ["occurrence_id": "\(occurrence.id)", "error": "\(error)"])
            return
        }
        held[occurrence.id] = nil
        launch(DeliveryRun(occurrence: occurrence, message: message(for: occurrence), chain: occurrence.channels, isEscalation: false, late: late))
    }

    /// Sends `occurrence`, delivered through `channel` and left unanswered, once more
    /// through the channels after it in its chain.
    func startEscalation(of occurrence: Occurrence, deliveredThrough channel: String) {
        let chain = Escalation.channels(after: channel, in: occurrence.channels)
        logger.notice("\(occurrence.kind.rawValue) for '\(title(of: occurrence.subject))' is unanswered on \(channel); sending it once more through \(chain.first ?? "")", metadata: [
            "occurrence_id": "\(occurrence.id)", "kind": "\(occurrence.kind.rawValue)", "channel": "\(channel)",
        ])
        launch(DeliveryRun(occurrence: occurrence, message: message(for: occurrence), chain: chain, isEscalation: true, late: false))
    }

    func launch(_ run: DeliveryRun) {
        inFlight.insert(run.occurrence.id)
        Task {
            await self.proceed(run)
        }
    }

    /// Takes `run` through the rest of its chain.
    private func proceed(_ run: DeliveryRun) async {
        var run = run
        defer {
            inFlight.remove(run.occurrence.id)
            wakeLoop()
        }
        while run.position < run.chain.count {
            guard isStillWanted(run) else {
                logger.info("stopped delivering \(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))': it was answered or snoozed meanwhile", metadata: [
                    "occurrence_id": "\(run.occurrence.id)",
                ])
                return
            }
            if settledByPause(run) { return }
            switch await tryChannel(&run) {
            case .delivered, .held, .paused: return
            case .failed: run.position += 1
            }
        }
        giveUp(run)
    }

    /// Whether a pause in force now covers the prompt of `run`, which then goes no further:
    /// a prompt that comes late (after a retry's wait, or waiting for a channel) while a
    /// pause is in force is suppressed, as one due in the pause is. Escalations are held back
    /// by pauses where they start.
    private func settledByPause(_ run: DeliveryRun) -> Bool {
        guard !run.isEscalation else { return false }
        let now = clock()
        let pauses = (try? holds(from: now, through: now.adding(microseconds: 1)).pauses) ?? []
        guard pauses.contains(where: { $0.covers(now, of: run.occurrence.subject) }) else { return false }
        settle(OccurrenceRecord(planned: run.occurrence, at: now), as: .paused, at: now,
               reason: "a pause began before it could be delivered", title: title(of: run.occurrence.subject))
        return true
    }

    /// Whether the prompt still needs this run: nobody answered or snoozed it meanwhile.
    private func isStillWanted(_ run: DeliveryRun) -> Bool {
        guard let state = (try? store.occurrence(id: run.occurrence.id.rawValue))?.state else { return true }
        return state == (run.isEscalation ? .delivered : .delivering)
    }

    /// Tries the run's current channel, again after each temporary failure as the retry
    /// policy allows.
    private func tryChannel(_ run: inout DeliveryRun) async -> ChannelResult {
        let name = run.chain[run.position]
        var attempt = 1
        while true {
            let reportsBefore = availabilityReports[name, default: 0]
            let outcome = await self.attempt(on: name, run: run)
            switch outcome {
            case .delivered(let detail):
                logDelivered(run, via: name, detail: detail)
                // The channel delivers again: whatever waited for it need not wait on.
                release(heldFor: name)
                return .delivered
            case .failed(let reason, let retryable):
                run.reasons.append("\(name): \(reason)")
                guard retryable, let delay = environment.retryPolicy.delay(
                    after: attempt, at: clock(), expires: run.occurrence.expires, random: environment.random(),
                    lastChannel: run.position == run.chain.count - 1)
                else { return .failed }
                logger.notice("\(name) could not deliver \(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))' (\(reason)); trying again in \(delay)", metadata: [
                    "occurrence_id": "\(run.occurrence.id)", "channel": "\(name)",
                ])
                await environment.sleep(delay)
                guard isStillWanted(run) else { return .failed }
                if settledByPause(run) { return .paused }
                attempt += 1
            case .timedOut(let reason):
                run.reasons.append("\(name): \(reason)")
                return .failed
            case .unavailable(let reason):
                if !run.reasons.contains("\(name): \(reason)") { run.reasons.append("\(name): \(reason)") }
                // The channel said it can deliver again while this attempt ran: try again now.
                if availabilityReports[name, default: 0] != reportsBefore { continue }
                if !run.isEscalation, let deadline = Escalation.holdDeadline(
                    of: run.occurrence, forChannelAt: run.position, at: clock(), settings: config.prompts) {
                    hold(run, for: name, until: deadline, reason: reason)
                    return .held
                }
                return .failed
            }
        }
    }

    /// One attempt, recorded before and after. An attempt the ledger cannot record is not
    /// made: nothing reaches the person that the ledger does not know of.
    private func attempt(on name: String, run: DeliveryRun) async -> DeliveryOutcome {
        let id = run.occurrence.id.rawValue
        let record: Delivery
        do {
            record = try store.beginDelivery(of: id, on: name, escalation: run.isEscalation, at: clock())
        } catch {
            return .failed(reason: "the ledger cannot record the attempt: \(error)", retryable: false)
        }
        let outcome: DeliveryOutcome
        if let channel = channels[name]?.channel {
            outcome = await channel.deliver(run.message)
        } else if let definition = config.channel(name) {
            outcome = .failed(reason: ChannelFactory.unsupportedReason(definition), retryable: false)
        } else {
            outcome = .failed(reason: "the config defines no channel '\(name)'", retryable: false)
        }
        guard let recordID = record.id else { return outcome }
        do {
            switch outcome {
            case .delivered:
                try store.finishDelivery(recordID, outcome: .sent, at: clock())
            case .timedOut(let reason):
                try store.finishDelivery(recordID, outcome: .timedOut, error: reason, at: clock())
            case .failed(let reason, _), .unavailable(let reason):
                try store.finishDelivery(recordID, outcome: .failed, error: reason, at: clock())
            }
        } catch {
            logger.error("cannot record how an attempt ended", metadata: ["occurrence_id": "\(id)", "channel": "\(name)", "error": "\(error)"])
        }
        return outcome
    }

    private func logDelivered(_ run: DeliveryRun, via name: String, detail: String) {
        let what = "\(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))'"
        let metadata: Logger.Metadata = [
            "message_id": "\(run.isEscalation ? MessageID.escalated : MessageID.delivered)", "occurrence_id": "\(run.occurrence.id)",
            "kind": "\(run.occurrence.kind.rawValue)", "channel": "\(name)",
        ]
        if run.isEscalation {
            logger.notice("escalated \(what) via \(name) (\(detail))", metadata: metadata)
        } else {
            logger.info("delivered \(what) via \(name)\(run.late ? " (late)" : "") (\(detail))", metadata: metadata)
        }
    }

    /// Every channel of the run failed: the prompt is `failed` (an escalation leaves it
    /// delivered), and the journal says why, at error level.
    private func giveUp(_ run: DeliveryRun) {
        let occurrence = run.occurrence
        let reasons = run.reasons.isEmpty ? "its chain names no channel" : run.reasons.joined(separator: "; ")
        let metadata: Logger.Metadata = [
            "message_id": "\(MessageID.failed)", "occurrence_id": "\(occurrence.id)", "kind": "\(occurrence.kind.rawValue)",
        ]
        if run.isEscalation {
            logger.error("could not escalate \(occurrence.kind.rawValue) for '\(title(of: occurrence.subject))': \(reasons)", metadata: metadata)
            return
        }
        do {
            try store.setState(.failed, ofOccurrence: occurrence.id.rawValue, at: clock())
        } catch {
            logger.error("cannot mark a prompt failed", metadata: ["occurrence_id": "\(occurrence.id)", "error": "\(error)"])
        }
        logger.error("every channel failed for \(occurrence.kind.rawValue) for '\(title(of: occurrence.subject))': \(reasons)", metadata: metadata)
    }

    // MARK: - Waiting for a channel

    private func hold(_ run: DeliveryRun, for channel: String, until deadline: Instant, reason: String) {
        var run = run
        let probeAt = min(deadline, clock().adding(microseconds: run.probeInterval))
        let isFirstWait = run.probeInterval == HeldDelivery.firstProbe
        run.probeInterval = min(run.probeInterval * 2, HeldDelivery.lastProbe)
        held[run.occurrence.id] = HeldDelivery(run: run, channel: channel, deadline: deadline, reason: reason, probeAt: probeAt)
        guard isFirstWait else { return }
        logger.notice("\(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))' waits for \(channel) (\(reason)) until \(iso(deadline))", metadata: [
            "occurrence_id": "\(run.occurrence.id)", "channel": "\(channel)",
        ])
    }

    /// `channel` can deliver again: the prompts waiting for it go out through it.
    func release(heldFor channel: String) {
        let waiting = held.filter { $0.value.channel == channel }
        guard !waiting.isEmpty else { return }
        logger.info("\(channel) can deliver again; sending the \(waiting.count) prompt(s) that waited for it", metadata: ["channel": "\(channel)"])
        for (id, delivery) in waiting.sorted(by: { $0.value.run.occurrence.due < $1.value.run.occurrence.due }) {
            held[id] = nil
            launch(delivery.run)
        }
    }

    /// Moves the prompts that waited for their channel until their deadline on to the next
    /// channel, and asks the channel again for those whose probe is due; returns when the
    /// next of these is due.
    func moveOnHeldDeliveries(at now: Instant) -> Instant? {
        for (id, delivery) in held where !inFlight.contains(id) {
            guard isWaiting(id) else {
                // Answered or snoozed while it waited: nothing to send.
                held[id] = nil
                continue
            }
            var run = delivery.run
            if delivery.deadline <= now {
                held[id] = nil
                logger.notice("\(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))' waited for \(delivery.channel) in vain; going on to the next channel", metadata: [
                    "occurrence_id": "\(id)", "channel": "\(delivery.channel)",
                ])
                run.position += 1
                launch(run)
            } else if delivery.probeAt <= now {
                held[id] = nil
                launch(run)
            }
        }
        return held.values.map { min($0.deadline, $0.probeAt) }.filter { $0 > now }.min()
    }

    /// Whether a held prompt still waits to be delivered (nobody answered or snoozed it).
    func isWaiting(_ id: OccurrenceID) -> Bool {
        (try? store.occurrence(id: id.rawValue))?.state == .delivering
    }

    /// The held prompts that still wait to be delivered, earliest deadline first: one query
    /// for all of them.
    func waitingDeliveries() -> [HeldDelivery] {
        let states = (try? store.states(of: held.keys.map(\.rawValue))) ?? [:]
        return held.values.filter { states[$0.run.occurrence.id.rawValue] == .delivering }.sorted { $0.deadline < $1.deadline }
    }

    /// After a reload: every held prompt starts again through its chain under the new
    /// config (a channel may have moved, or be a new one that has yet to watch for its
    /// server).
    func rerouteHeldDeliveries() {
        for (id, delivery) in held where !inFlight.contains(id) {
            held[id] = nil
            var run = delivery.run
            if let chain = planner.channels(for: run.occurrence.kind, of: run.occurrence.subject) {
                run.occurrence.channels = chain
                run.chain = chain
                run.position = 0
            }
            launch(run)
        }
    }

    // MARK: - Escalation

    /// Escalates every delivered prompt left unanswered for its window (`escalate_after`),
    /// once, while it has not expired; returns when the next escalation is due. A debrief
    /// whose re-nudge already went out is not escalated: it has had its one follow-up.
    func escalateUnanswered(at now: Instant, pauses: [RungCore.Pause]) -> Instant? {
        let kinds = Set(PromptKind.allCases.filter { $0.asksForAnswer && config.prompts[$0].escalateAfter != nil })
        guard !kinds.isEmpty else { return nil }
        let waiting: [UnansweredDelivery]
        do {
            waiting = try store.unescalatedDeliveries(of: kinds, dueFrom: now.adding(microseconds: -Self.lookback))
                .filter { !inFlight.contains(OccurrenceID(rawValue: $0.occurrence.id)) }
        } catch {
            logger.error("cannot read the prompts awaiting an answer", metadata: ["error": "\(error)"])
            return nil
        }
        var next: Instant?
        for item in waiting {
            guard let occurrence = occurrence(of: item.occurrence), now < occurrence.expires,
                  let due = Escalation.due(
                    of: occurrence, deliveredThrough: item.delivery.channel, at: item.delivery.endedAt ?? item.delivery.startedAt,
                    settings: config.prompts)
            else { continue }
            var escalation = occurrence
            escalation.due = due
            // Quiet hours defer an escalation as any prompt; a pause means no prompting.
            guard case .due(let deferred) = planner.timing(of: escalation, pauses: pauses, at: now), deferred < occurrence.expires else { continue }
            if deferred > now {
                next = min(next ?? deferred, deferred)
                continue
            }
            if let renudge = try? store.followUp(of: occurrence.id.rawValue), [.delivering, .delivered, .answered].contains(renudge.state) {
                continue
            }
            startEscalation(of: occurrence, deliveredThrough: item.delivery.channel)
        }
        return next
    }
}

import Foundation
import Logging
import RungCore
import RungDelivery
import RungStore
import RungTime

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
        outbox.stopHolding(occurrence.id)
        launch(DeliveryRun(occurrence: occurrence, message: message(for: occurrence), chain: occurrence.channels, isEscalation: false, late: late))
    }

    func launch(_ run: DeliveryRun) {
        outbox.started(run.occurrence.id)
        Task {
            await self.proceed(run)
        }
    }

    /// Takes `run` through the rest of its chain.
    private func proceed(_ run: DeliveryRun) async {
        var run = run
        defer {
            outbox.ended(run.occurrence.id)
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
            let reportsBefore = outbox.availabilityReportCount(of: name)
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
                if outbox.availabilityReportCount(of: name) != reportsBefore { continue }
                if !run.isEscalation, let deadline = EscalationWindow.holdDeadline(
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
}

import Logging
import RungCore
import RungStore
import RungTime

/// Escalation: a delivered prompt left unanswered for its window goes once more through
/// the next channel of its chain (`EscalationWindow` decides when).
extension Scheduler {
    /// Sends `occurrence`, delivered through `channel` and left unanswered, once more
    /// through the channels after it in its chain.
    func startEscalation(of occurrence: Occurrence, deliveredThrough channel: String) {
        let chain = EscalationWindow.channels(after: channel, in: occurrence.channels)
        logger.notice("\(occurrence.kind.rawValue) for '\(title(of: occurrence.subject))' is unanswered on \(channel); sending it once more through \(chain.first ?? "")", metadata: [
            "occurrence_id": "\(occurrence.id)", "kind": "\(occurrence.kind.rawValue)", "channel": "\(channel)",
        ])
        launch(DeliveryRun(occurrence: occurrence, message: message(for: occurrence), chain: chain, isEscalation: true, late: false))
    }

    /// Escalates every delivered prompt left unanswered for its window (`escalate_after`),
    /// once, while it has not expired; returns when the next escalation is due. A debrief
    /// whose re-nudge already went out is not escalated: it has had its one follow-up.
    func escalateUnanswered(at now: Instant, pauses: [RungCore.Pause]) -> Instant? {
        let kinds = Set(PromptKind.allCases.filter { $0.asksForAnswer && config.prompts[$0].escalateAfter != nil })
        guard !kinds.isEmpty else { return nil }
        let waiting: [UnansweredDelivery]
        do {
            waiting = try store.unescalatedDeliveries(of: kinds, dueFrom: now.adding(microseconds: -Self.lookback))
                .filter { !outbox.isInFlight(OccurrenceID(rawValue: $0.occurrence.id)) }
        } catch {
            logger.error("cannot read the prompts awaiting an answer", metadata: ["error": "\(error)"])
            return nil
        }
        var next: Instant?
        for item in waiting {
            guard let occurrence = occurrence(of: item.occurrence), now < occurrence.expires,
                  let due = EscalationWindow.due(
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

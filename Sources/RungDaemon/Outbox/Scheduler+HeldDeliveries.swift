import Logging
import RungCore
import RungStore
import RungTime

/// Prompts waiting for a channel that cannot deliver yet, and the wait for deliveries
/// under way at a stop. What is held is kept in the `Outbox`; this side logs it and starts
/// the deliveries it decides on.
extension Scheduler {
    /// The occurrences with a delivery under way.
    var inFlight: Set<OccurrenceID> { outbox.inFlight }

    func hold(_ run: DeliveryRun, for channel: String, until deadline: Instant, reason: String) {
        let delivery = outbox.hold(run, for: channel, until: deadline, reason: reason, at: clock())
        guard delivery.isFirstWait else { return }
        logger.notice("\(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))' waits for \(channel) (\(reason)) until \(iso(deadline))", metadata: [
            "occurrence_id": "\(run.occurrence.id)", "channel": "\(channel)",
        ])
    }

    /// `channel` can deliver again: the prompts waiting for it go out through it.
    func release(heldFor channel: String) {
        let waiting = outbox.release(heldFor: channel)
        guard !waiting.isEmpty else { return }
        logger.info("\(channel) can deliver again; sending the \(waiting.count) prompt(s) that waited for it", metadata: ["channel": "\(channel)"])
        for run in waiting { launch(run) }
    }

    /// Moves the prompts that waited for their channel until their deadline on to the next
    /// channel, and asks the channel again for those whose probe is due; returns when the
    /// next of these is due.
    func moveOnHeldDeliveries(at now: Instant) -> Instant? {
        // One answered or snoozed while it waited has nothing left to send.
        let due = outbox.heldDeliveriesDue(at: now, isWaiting: isWaiting)
        for delivery in due.waitedInVain {
            var run = delivery.run
            logger.notice("\(run.occurrence.kind.rawValue) for '\(title(of: run.occurrence.subject))' waited for \(delivery.channel) in vain; going on to the next channel", metadata: [
                "occurrence_id": "\(run.occurrence.id)", "channel": "\(delivery.channel)",
            ])
            run.position += 1
            launch(run)
        }
        for run in due.askAgain { launch(run) }
        return due.next
    }

    /// Whether a held prompt still waits to be delivered (nobody answered or snoozed it).
    func isWaiting(_ id: OccurrenceID) -> Bool {
        (try? store.occurrence(id: id.rawValue))?.state == .delivering
    }

    /// The held prompts that still wait to be delivered, earliest deadline first: one query
    /// for all of them.
    func waitingDeliveries() -> [HeldDelivery] {
        let states = (try? store.states(of: outbox.held.keys.map(\.rawValue))) ?? [:]
        return outbox.held.values.filter { states[$0.run.occurrence.id.rawValue] == .delivering }.sorted { $0.deadline < $1.deadline }
    }

    /// After a reload: every held prompt starts again through its chain under the new
    /// config (a channel may have moved, or be a new one that has yet to watch for its
    /// server).
    func rerouteHeldDeliveries() {
        for delivery in outbox.releaseAll() {
            var run = delivery.run
            if let chain = planner.channels(for: run.occurrence.kind, of: run.occurrence.subject) {
                run.occurrence.channels = chain
                run.chain = chain
                run.position = 0
            }
            launch(run)
        }
    }

    /// Waits (up to `limit`) for deliveries under way to end, so a stop leaves none
    /// half-done that need not be. A delivery that a held prompt starts meanwhile is waited
    /// for too.
    public func drain(limit: Duration) async {
        let waiter = outbox.newWaiter()
        let deadline = Task {
            try? await Task.sleep(for: limit)
            self.stopWaiting(waiter)
        }
        await withCheckedContinuation { outbox.waitUntilIdle(waiter, $0) }
        deadline.cancel()
    }

    private func stopWaiting(_ waiter: Int) {
        outbox.stopWaiting(waiter)
    }
}

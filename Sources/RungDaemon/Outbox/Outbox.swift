import RungCore
import RungTime

/// What the outbox keeps between passes: the deliveries under way, the prompts waiting for
/// a channel, and how often each channel said it can deliver again. The scheduler owns one
/// and takes every delivery through it; the ledger still holds the truth (a prompt being
/// delivered is `delivering` there), and this is what one process needs on top of it: no
/// occurrence in flight twice, and held prompts sent when their channel comes back.
///
/// Its decisions (when a held prompt is asked for again, moved on or released) are pure,
/// so that they are tested without channels, a store or a clock.
struct Outbox {
    /// The occurrences with a delivery under way: each is in flight at most once.
    private(set) var inFlight: Set<OccurrenceID> = []
    /// Prompts waiting for a channel that cannot deliver yet, by occurrence.
    private(set) var held: [OccurrenceID: HeldDelivery] = [:]
    /// How often each channel has said it can deliver again: an attempt that finds its
    /// channel unavailable holds the prompt only if no such report came while it ran.
    private var availabilityReports: [String: Int] = [:]
    /// Those waiting for every delivery under way to end, by a number of their own.
    private var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    /// What the held prompts come to at an instant (see `heldDeliveriesDue(at:isWaiting:)`).
    struct DueWaits {
        /// Held until their deadline in vain: each goes on to its chain's next channel.
        var waitedInVain: [HeldDelivery] = []
        /// Due to ask their channel again.
        var askAgain: [DeliveryRun] = []
        /// When the next deadline or question of the prompts still held comes.
        var next: Instant?
    }

    // MARK: - Deliveries under way

    func isInFlight(_ id: OccurrenceID) -> Bool { inFlight.contains(id) }

    mutating func started(_ id: OccurrenceID) {
        inFlight.insert(id)
    }

    /// The delivery of `id` ended (delivered, held or given up); when it was the last one
    /// under way, whoever waits for that goes on.
    mutating func ended(_ id: OccurrenceID) {
        inFlight.remove(id)
        guard inFlight.isEmpty else { return }
        let waiters = idleWaiters.values
        idleWaiters = [:]
        for waiter in waiters { waiter.resume() }
    }

    /// A number for a new waiter, to give to `waitUntilIdle(_:_:)` and `stopWaiting(_:)`.
    mutating func newWaiter() -> Int {
        nextWaiter += 1
        return nextWaiter
    }

    /// Resumes `continuation` once no delivery is under way (at once when none is).
    mutating func waitUntilIdle(_ waiter: Int, _ continuation: CheckedContinuation<Void, Never>) {
        if inFlight.isEmpty {
            continuation.resume()
        } else {
            idleWaiters[waiter] = continuation
        }
    }

    /// Resumes `waiter` now, if it still waits: its time is up.
    mutating func stopWaiting(_ waiter: Int) {
        idleWaiters.removeValue(forKey: waiter)?.resume()
    }

    // MARK: - Waiting for a channel

    /// Holds `run` for `channel` (see `HeldDelivery`); returns what it holds.
    @discardableResult
    mutating func hold(_ run: DeliveryRun, for channel: String, until deadline: Instant, reason: String, at now: Instant) -> HeldDelivery {
        let delivery = HeldDelivery(run, for: channel, until: deadline, reason: reason, at: now)
        held[run.occurrence.id] = delivery
        return delivery
    }

    /// Stops holding `id`: its delivery starts again, or it needs none.
    mutating func stopHolding(_ id: OccurrenceID) {
        held[id] = nil
    }

    /// `channel` can deliver again: the runs that waited for it, earliest due first, no
    /// longer held.
    mutating func release(heldFor channel: String) -> [DeliveryRun] {
        let waiting = held.values.filter { $0.channel == channel }.sorted { $0.run.occurrence.due < $1.run.occurrence.due }
        for delivery in waiting { held[delivery.run.occurrence.id] = nil }
        return waiting.map(\.run)
    }

    /// Takes out of the hold, at `now`, the prompts no longer waiting (`isWaiting` says
    /// no: answered or snoozed meanwhile), those whose deadline came and those due to ask
    /// their channel again. A prompt with a delivery under way is left as it is.
    mutating func heldDeliveriesDue(at now: Instant, isWaiting: (OccurrenceID) -> Bool) -> DueWaits {
        var due = DueWaits()
        for (id, delivery) in held where !inFlight.contains(id) {
            guard isWaiting(id) else {
                held[id] = nil
                continue
            }
            if delivery.deadline <= now {
                held[id] = nil
                due.waitedInVain.append(delivery)
            } else if delivery.probeAt <= now {
                held[id] = nil
                due.askAgain.append(delivery.run)
            }
        }
        due.next = held.values.map { min($0.deadline, $0.probeAt) }.filter { $0 > now }.min()
        return due
    }

    /// Takes every held prompt without a delivery under way out of the hold (a reload
    /// starts them again through their new chains).
    mutating func releaseAll() -> [HeldDelivery] {
        let released = held.filter { !inFlight.contains($0.key) }
        for id in released.keys { held[id] = nil }
        return Array(released.values)
    }

    // MARK: - Channels' reports

    /// `channel` said it can deliver again.
    mutating func reportAvailable(_ channel: String) {
        availabilityReports[channel, default: 0] += 1
    }

    /// How often `channel` has said it can deliver again: compared before and after an
    /// attempt, it tells whether a report came while the attempt ran.
    func availabilityReportCount(of channel: String) -> Int {
        availabilityReports[channel, default: 0]
    }
}

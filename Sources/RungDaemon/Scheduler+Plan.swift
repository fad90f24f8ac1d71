import RungCore
import RungStore
import RungTime

/// What comes, as the pass will deliver it — for `status`, `upcoming`, and snoozes and
/// answers given ahead of time: the ledger read in a few queries whatever it holds, the
/// plan read lazily, one prompt at a time, only as far as the question needs.
extension Scheduler {
    /// What comes in a stretch of time.
    struct Upcoming {
        /// In delivery order.
        var occurrences: [Occurrence]
        /// The state of each prompt the ledger holds waiting (the others are planned).
        var waitingStates: [String: OccurrenceRecord.State]
        /// Where the search stopped at its limit, when it did: the list holds every prompt
        /// due before this instant, and none after.
        var truncatedAt: Instant?
    }

    /// The controls that move or hold prompts back.
    struct Holds {
        var pauses: [RungCore.Pause]
        var snoozes: [RungCore.SnoozeAll]
    }

    /// How many prompts of the plan a search for one prompt by id looks at, at most.
    static let findLimit = 20_000
    /// How many prompts of the plan the search for the next prompt due looks at, at most
    /// (it stops far sooner, unless a snooze of everything moved them all).
    static let nextDueLimit = 10_000

    /// The pauses that hold prompts back at some instant of `from..<through`, and the
    /// snoozes of everything that can still move a prompt due at `from` or later.
    func holds(from: Instant, through: Instant) throws -> Holds {
        let (pauses, snoozes) = try store.holds(from: from, through: through)
        return Holds(
            pauses: pauses.map { pause in
                RungCore.Pause(
                    start: pause.startsAt, end: pause.heldUntil == Self.untilResumed ? nil : pause.heldUntil,
                    subject: pause.subject.flatMap(PlanSubject.init(parsing:)))
            },
            snoozes: snoozes.map { RungCore.SnoozeAll(start: $0.snoozedAt, end: $0.endsAt) })
    }

    /// `planner.timing` under `holds`.
    func timing(of occurrence: Occurrence, _ holds: Holds, at now: Instant? = nil) -> Planner.Timing {
        planner.timing(of: occurrence, pauses: holds.pauses, snoozes: holds.snoozes, at: now)
    }

    /// What comes in `now...through`, as the pass will deliver it: the prompts the ledger
    /// holds waiting (snoozed, deferred) and those the plan has still to bring, each due when
    /// quiet hours and snoozes of everything let it be, in delivery order. A prompt a pause
    /// will suppress, one that would expire first, and the re-nudge of an answered debrief are
    /// left out, as is a re-nudge whose debrief itself comes only after the re-nudge's
    /// instant (quiet hours deferred both): the pass expires it.
    ///
    /// The plan is read in order of scheduled instant and no further than `limit` prompts;
    /// past that, the list stops where the search did (`truncatedAt`). With `earliestOnly`
    /// the search stops as soon as nothing later could come first, and the list holds the
    /// next prompt due, if any. Every 1 024 prompts it lets the loop serve others.
    func upcoming(from now: Instant, through: Instant, limit: Int = .max, earliestOnly: Bool = false) async -> Upcoming {
        // Taken once: a reload while this yields does not mix two plans.
        let planner = planner
        let planFrom = planStart(at: now)
        let waitingRecords = (try? store.occurrences(in: OccurrenceRecord.State.pending)) ?? []
        let waiting = waitingRecords.compactMap(occurrence(of:))
        // The ledger's lines from the plan still to come (snoozed or answered ahead of
        // time), which the plan must not bring twice; and the debriefs answered that a
        // re-nudge waiting or still to come may follow (only those scheduled from a
        // re-nudge's delay before the plan can be).
        let recorded = (try? store.states(scheduledFrom: planFrom)) ?? [:]
        let renudgeReach = Int64(clamping: config.prompts.debriefRenudgeAfter?.microseconds ?? 0)
        var answered = (try? store.occurrenceIDs(of: .debrief, in: .answered, scheduledFrom: planFrom.adding(microseconds: -renudgeReach))) ?? []
        for (id, state) in (try? store.states(of: waiting.compactMap(\.follows?.rawValue))) ?? [:] where state == .answered {
            answered.insert(id)
        }
        let holds = (try? self.holds(from: min(waiting.map(\.due).min() ?? now, now), through: through)) ?? Holds(pauses: [], snoozes: [])

        var timed: [Occurrence] = []
        var debriefDue: [OccurrenceID: Instant] = [:]
        var earliest: Instant?
        func consider(_ occurrence: Occurrence) {
            if let debrief = occurrence.follows, answered.contains(debrief.rawValue) { return }
            guard case .due(let due) = planner.timing(of: occurrence, pauses: holds.pauses, snoozes: holds.snoozes), due < occurrence.expires,
                  due <= through
            else { return }
            var deferred = occurrence
            deferred.due = max(due, now)
            if occurrence.kind == .debrief, !occurrence.isRenudge { debriefDue[occurrence.id] = deferred.due }
            earliest = min(earliest ?? deferred.due, deferred.due)
            timed.append(deferred)
        }
        waiting.forEach(consider)
        var truncatedAt: Instant?
        var looked = 0
        var plan = planner.prompts(after: planFrom.adding(microseconds: -1))
        while let occurrence = plan.next(), occurrence.scheduledAt <= through {
            // Anything scheduled later is due later still.
            if earliestOnly, let earliest, occurrence.scheduledAt > earliest { break }
            if looked == limit {
                truncatedAt = occurrence.scheduledAt
                break
            }
            looked += 1
            if looked % 1024 == 0 { await Task.yield() }
            if recorded[occurrence.id.rawValue] == nil { consider(occurrence) }
        }
        // A re-nudge is promised as the pass will send it: its debrief comes by the
        // re-nudge's instant in this list, or the ledger has it delivered by then (one
        // never sent, say of a performance already past, brings no re-nudge).
        let kept = timed.filter { occurrence in
            if let truncatedAt, occurrence.due >= truncatedAt { return false }
            guard let debrief = occurrence.follows else { return true }
            if let due = debriefDue[debrief] { return due <= occurrence.scheduledAt }
            return renudgeNotNeeded(occurrence, after: debrief) == nil
        }
        let ordered = planner.inDeliveryOrder(kept)
        return Upcoming(
            occurrences: earliestOnly ? Array(ordered.prefix(1)) : ordered,
            waitingStates: Dictionary(waitingRecords.map { ($0.id, $0.state) }) { first, _ in first }, truncatedAt: truncatedAt)
    }

    /// What comes in `now...through`, as `upcoming` lists it, however many prompts.
    func upcomingOccurrences(from now: Instant, through: Instant) async -> [Occurrence] {
        await upcoming(from: now, through: through).occurrences
    }

    /// The next prompt due within 7 days, as the pass will deliver it.
    public func nextDue() async -> Occurrence? {
        let now = clock()
        return await upcoming(from: now, through: now.adding(microseconds: 7 * Self.day), limit: Self.nextDueLimit, earliestOnly: true)
            .occurrences.first
    }

    /// `occurrence` due when quiet hours and snoozes of everything let it be.
    func upcomingTiming(of occurrence: Occurrence) -> Occurrence {
        var timed = occurrence
        let snoozes = (try? holds(from: occurrence.due, through: occurrence.due).snoozes) ?? []
        if case .due(let due) = timing(of: occurrence, Holds(pauses: [], snoozes: snoozes)) { timed.due = due }
        return timed
    }

    /// The prompt with this id, and its ledger state: from the ledger, else from the plan
    /// still to come (for a prompt answered or snoozed ahead of time), within
    /// `Planner.lookupAfter` and its first `findLimit` prompts.
    func findOccurrence(_ id: String, at now: Instant) -> (occurrence: Occurrence, state: OccurrenceRecord.State?)? {
        if let record = try? store.occurrence(id: id) {
            return occurrence(of: record).map { ($0, record.state) }
        }
        return planner.occurrence(id: id, near: now, notBefore: planStart(at: now), limit: Self.findLimit).map { ($0, nil) }
    }
}

import RungCore
import RungStore
import RungTime

/// A start-up after a stop or a crash: what was under way when rungd stopped.
extension Scheduler {
    /// At start-up: an occurrence caught `delivering` goes through its chain again, if the
    /// catch-up rules still want it (rungd may have been down for days: a reframe whose
    /// performance began is missed, a debrief past its window expires, a check-in a later one
    /// replaces is missed; one a pause now covers is suppressed). One cut off in the middle of
    /// an attempt may have reached the person already: it is logged as a possible duplicate,
    /// and given up if it was already retried after an earlier crash. One caught between attempts, or waiting for a channel,
    /// simply goes on.
    public func recoverInterruptedDeliveries() {
        adoptRecordsFromBeforeThePlanWasKept()
        let interrupted = (try? store.occurrences(in: [.delivering])) ?? []
        let now = clock()
        let pauses = (try? holds(from: now, through: now.adding(microseconds: 1)).pauses) ?? []
        for record in interrupted {
            let unfinished = ((try? store.deliveries(of: record.id)) ?? []).filter { $0.endedAt == nil && $0.purpose != .escalation }.count
            guard var occurrence = occurrence(of: record), unfinished < 2 else {
                logger.warning("an interrupted delivery is given up", metadata: ["occurrence_id": "\(record.id)"])
                settle(record, as: .failed, at: now, reason: "interrupted by crashes twice, or no longer in the config")
                continue
            }
            occurrence.due = min(occurrence.due, now)
            if occurrence.kind == .checkIn, let latest = try? store.latestCheckIn(of: record.subject),
               latest > occurrence.scheduledAt, latest <= now {
                settle(occurrence, as: .missed, at: now, reason: "a later check-in replaces it")
                continue
            }
            switch DueDecision.decide(occurrence, at: now) {
            case .miss:
                settle(occurrence, as: .missed, at: now, reason: DueDecision.missReason(occurrence, at: now))
            case .expire:
                settle(occurrence, as: .expired, at: now, reason: "its window has passed")
            case .wait, .deliver:
                // Coming late, it is suppressed by a pause in force now, as any late prompt.
                if pauses.contains(where: { $0.covers(now, of: occurrence.subject) }) {
                    settle(occurrence, as: .paused, at: now, reason: "a pause was in force when it was to go out again after a stop")
                    continue
                }
                if unfinished > 0 {
                    logger.warning("delivering again a prompt interrupted by a crash: it may arrive twice", metadata: ["occurrence_id": "\(occurrence.id)"])
                }
                startDelivery(of: occurrence, late: true, claimingFrom: [.delivering])
            }
        }
    }

    /// Ledger lines written before the ledger kept the plan (no schedule) that may still
    /// need it — waiting or in delivery, or delivered within the lookback (an escalation
    /// may follow) — are matched to one plan of the span they were scheduled in; a waiting
    /// line that matches nothing any more expires. Older delivered lines are history and
    /// stay as they are, so a store of years starts as fast as before.
    func adoptRecordsFromBeforeThePlanWasKept() {
        let now = clock()
        let since = now.adding(microseconds: -Self.lookback)
        let waitingStates: Set<OccurrenceRecord.State> = [.planned, .snoozed, .delivering]
        let records = ((try? store.occurrences(in: waitingStates)) ?? [])
            + ((try? store.occurrences(in: [.delivered, .failed], dueFrom: since)) ?? [])
        let unplanned = records.filter { $0.schedule == nil }
        guard let earliest = unplanned.map(\.dueAt).min(), let latest = unplanned.map(\.dueAt).max() else { return }
        // A line is due no earlier than its nominal instant, and (deferred at most until it
        // expired) no more than the lookback after it. The plan is read one prompt at a time:
        // only the matches are kept.
        let wanted = Set(unplanned.map(\.id))
        let through = max(latest, now)
        var byID: [String: Occurrence] = [:]
        for occurrence in planner.prompts(after: max(earliest, since).adding(microseconds: -Self.lookback - 1)) {
            guard occurrence.scheduledAt <= through, byID.count < wanted.count else { break }
            if wanted.contains(occurrence.id.rawValue) { byID[occurrence.id.rawValue] = occurrence }
        }
        for record in unplanned {
            if let match = byID[record.id] {
                try? store.completePlan(of: record.id, with: OccurrenceRecord(planned: match, at: now))
            } else if waitingStates.contains(record.state) {
                settle(record, as: .expired, at: now, reason: "the config no longer plans it")
            }
        }
    }
}

import RungTime

/// Finding one prompt of the plan by its id, for an answer or a snooze given before the
/// prompt reached the ledger: ids are made from the config and the instant, so the plan
/// around now is searched for it.
extension Planner {
    /// How far back a prompt is looked for: as far as a start-up catches up.
    public static let lookupBefore = 7 * Int64(TimeSpanUnit.day)
    /// How far ahead a prompt is looked for: a month, for a prompt answered or snoozed well
    /// ahead of time.
    public static let lookupAfter = 30 * Int64(TimeSpanUnit.day)

    /// The prompt with this id whose scheduled instant lies from `lookupBefore` before `now`
    /// (or from `start`, when later) through `lookupAfter` after it, as the ledger records
    /// it when it falls due; nil when none does. `limit` bounds how many prompts are read,
    /// for a caller that must not be held up by a config that prompts every minute.
    public func occurrence(id: String, near now: Instant, notBefore start: Instant? = nil, limit: Int? = nil) -> Occurrence? {
        let earliest = max(now.adding(microseconds: -Self.lookupBefore), start ?? .distantPast)
        let latest = now.adding(microseconds: Self.lookupAfter)
        for occurrence in prompts(after: earliest.adding(microseconds: -1)).prefix(limit ?? .max) {
            if occurrence.scheduledAt > latest { return nil }
            if occurrence.id.rawValue == id { return occurrence }
        }
        return nil
    }

    /// `occurrence` as the config alone promises it (see `plan(from:through:)`): due when
    /// quiet hours let it be; nil when it would expire first.
    public func promised(_ occurrence: Occurrence) -> Occurrence? {
        guard case .due(let due) = timing(of: occurrence, pauses: []), due < occurrence.expires else { return nil }
        var deferred = occurrence
        deferred.due = due
        return deferred
    }
}

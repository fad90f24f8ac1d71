import RungCore

/// A person's answer to a prompt, recorded the same way whether rungd or rungctl takes it.
extension Store {
    /// The answer that postpones a prompt instead of answering it.
    public static let snoozeAnswer = "snooze"
    /// How long the `snooze` answer postpones a prompt (the desktop button's 15 minutes).
    public static let snoozeAnswerDuration: Int64 = 15 * 60_000_000

    /// Records `answer` to the prompt `occurrenceID`: `snooze` postpones it by
    /// `snoozeAnswerDuration`; any other answer is kept as a response and marks the prompt
    /// answered. A prompt the ledger has not seen yet (answered ahead of time) is taken from
    /// `planned`. `channel` names the channel whose button or hook carried it. Returns
    /// false, writing nothing, when there is no such prompt.
    @discardableResult
    public func answer(
        _ occurrenceID: String, with answer: String, via: Response.Via, channel: String? = nil, at instant: Instant,
        planned: () -> Occurrence?
    ) throws -> Bool {
        if try occurrence(id: occurrenceID) == nil {
            guard let occurrence = planned() else { return false }
            try recordPlanned(OccurrenceRecord(planned: occurrence, at: instant))
        }
        if answer == Self.snoozeAnswer {
            try snooze(occurrenceID, until: instant.adding(microseconds: Self.snoozeAnswerDuration), at: instant)
        } else {
            try recordResponse(Response(occurrenceID: occurrenceID, answer: answer, via: via, channel: channel, answeredAt: instant))
        }
        return true
    }
}

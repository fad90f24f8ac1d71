import RungCore
import RungTime

/// How long a prompt that asks for an answer (a debrief, a check-in) stays with one
/// channel before the next channel of its chain gets it: `[prompts.KIND] escalate_after`.
/// The same window serves twice: a delivered prompt left unanswered that long is sent
/// once more through the next channel (the escalation), and a prompt whose channel cannot
/// deliver yet waits that long for it (a desktop still starting) before falling back.
/// Pure: decided from the prompt, the settings and the clock.
public enum EscalationWindow {
    /// The channels after `channel` in `chain`, in order; empty when it is the last (or
    /// not in the chain).
    public static func channels(after channel: String, in chain: [String]) -> [String] {
        guard let index = chain.firstIndex(of: channel) else { return [] }
        return Array(chain[(index + 1)...])
    }

    /// When `occurrence`, last delivered at `deliveredAt` through `channel`, is escalated
    /// if still unanswered; nil when it never is: its kind asks for no answer or has no
    /// window, it is itself a re-nudge, no channel follows `channel` in its chain, or it
    /// would expire first. Quiet hours and pauses may defer the instant further.
    public static func due(of occurrence: Occurrence, deliveredThrough channel: String, at deliveredAt: Instant, settings: PromptSettings) -> Instant? {
        guard occurrence.kind.asksForAnswer, !occurrence.isRenudge,
              let window = settings[occurrence.kind].escalateAfter,
              !channels(after: channel, in: occurrence.channels).isEmpty
        else { return nil }
        let due = deliveredAt.adding(window)
        return due < occurrence.expires ? due : nil
    }

    /// Until when `occurrence` may wait, at `now`, for channel `position` of its chain,
    /// which cannot deliver yet; nil when it goes on to the next channel at once. A prompt
    /// that asks for an answer waits up to its window after it was due; any prompt waits
    /// for the last channel of its chain, having nowhere else to go, until it expires.
    public static func holdDeadline(of occurrence: Occurrence, forChannelAt position: Int, at now: Instant, settings: PromptSettings) -> Instant? {
        let isLast = position >= occurrence.channels.count - 1
        var deadline: Instant?
        if isLast {
            deadline = occurrence.expires
        } else if occurrence.kind.asksForAnswer, let window = settings[occurrence.kind].escalateAfter {
            deadline = min(occurrence.due.adding(window), occurrence.expires)
        }
        guard let deadline, deadline > now else { return nil }
        return deadline
    }
}

import RungCore
import RungDelivery

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

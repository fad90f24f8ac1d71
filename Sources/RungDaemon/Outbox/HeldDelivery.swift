import RungCore
import RungTime

/// A prompt waiting for a channel that said it cannot deliver yet: it goes out when the
/// channel reports itself available, or through another delivery on that channel, or when
/// asking the channel again at `probeAt` succeeds; and on to the next channel at `deadline`.
/// Asking again matters: a channel can only report itself available while it can watch
/// (a desktop channel whose session bus went away, or that a reload replaced, cannot).
struct HeldDelivery: Sendable {
    var run: DeliveryRun
    var channel: String
    var deadline: Instant
    /// Why the channel cannot deliver, as it said.
    var reason: String
    /// When to ask the channel again.
    var probeAt: Instant
    /// Whether this is the prompt's first wait in its run (the one worth a journal line).
    let isFirstWait: Bool

    /// The first pause before asking again (microseconds); each later one doubles, up to
    /// `lastProbe` (15 minutes: about a hundred questions in a day-long wait, each in the
    /// ledger as an attempt).
    static let firstProbe = 30 * Int64(TimeSpanUnit.second)
    static let lastProbe = 15 * Int64(TimeSpanUnit.minute)

    /// `run` held at `now` for `channel` until `deadline`: the channel is asked again after
    /// the run's probe interval (never after the deadline), and the run's next wait, if it
    /// comes to one, is twice as long.
    init(_ run: DeliveryRun, for channel: String, until deadline: Instant, reason: String, at now: Instant) {
        var run = run
        isFirstWait = run.probeInterval == Self.firstProbe
        probeAt = min(deadline, now.adding(microseconds: run.probeInterval))
        run.probeInterval = min(run.probeInterval * 2, Self.lastProbe)
        self.run = run
        self.channel = channel
        self.deadline = deadline
        self.reason = reason
    }
}

import RungCore
import RungDelivery
import RungTime
import Testing
@testable import RungDaemon

/// The outbox's own decisions, with no scheduler, store or channel: when a held prompt is
/// asked for again, moved on or released, and when a stop stops waiting for deliveries.
@Suite("Outbox: deliveries under way and prompts held for a channel")
struct OutboxStateTests {
    static let start = Instant(seconds: 1_800_000_000)
    static let second: Int64 = 1_000_000

    static func at(_ seconds: Int64) -> Instant { start.adding(microseconds: seconds * second) }

    /// A debrief run through `desk` then `mail`, due `due` seconds after the start.
    static func run(_ name: String, due: Int64 = 0) -> DeliveryRun {
        let occurrence = Occurrence(
            kind: .debrief, subject: .performance(name), schedule: "performance:\(name)/debrief", scheduledAt: at(due),
            expires: at(due + 86_400), channels: ["desk", "mail"])
        let message = PromptMessage(
            occurrenceID: occurrence.id.rawValue, kind: "debrief", subject: "performance:\(name)", title: name, body: "",
            due: occurrence.due, expires: occurrence.expires, actions: [])
        return DeliveryRun(occurrence: occurrence, message: message, chain: occurrence.channels, isEscalation: false, late: false)
    }

    @Test("a held prompt asks its channel again after 30 s, then twice as long each time up to 15 min, never after its deadline")
    func probesDoubleUpToTheCap() {
        var outbox = Outbox()
        var run = Self.run("talk")
        var waits: [Int64] = []
        var firstWaits: [Bool] = []
        for _ in 0..<8 {
            let held = outbox.hold(run, for: "desk", until: Self.at(86_400), reason: "no server", at: Self.start)
            waits.append(held.probeAt.microseconds(since: Self.start) / Self.second)
            firstWaits.append(held.isFirstWait)
            run = held.run
        }
        #expect(waits == [30, 60, 120, 240, 480, 900, 900, 900])
        #expect(firstWaits == [true, false, false, false, false, false, false, false])
        let late = outbox.hold(Self.run("talk"), for: "desk", until: Self.at(10), reason: "no server", at: Self.start)
        #expect(late.probeAt == Self.at(10))
    }

    @Test("a channel that can deliver again releases only the prompts held for it, earliest due first, once")
    func releaseTakesTheChannelsPrompts() {
        var outbox = Outbox()
        outbox.hold(Self.run("later", due: 60), for: "desk", until: Self.at(3_600), reason: "no server", at: Self.start)
        outbox.hold(Self.run("sooner", due: 0), for: "desk", until: Self.at(3_600), reason: "no server", at: Self.start)
        outbox.hold(Self.run("elsewhere"), for: "mail", until: Self.at(3_600), reason: "no sendmail", at: Self.start)
        #expect(outbox.release(heldFor: "desk").map(\.occurrence.subject) == [.performance("sooner"), .performance("later")])
        #expect(outbox.release(heldFor: "desk").isEmpty)
        #expect(outbox.held.values.map(\.channel) == ["mail"])
    }

    @Test("at a pass, a wait that ended moves on, a due question is asked, an answered prompt is dropped and one under way is left")
    func heldDeliveriesDueSortsTheWaits() {
        var outbox = Outbox()
        let (inVain, asked, answered, underWay, waiting) = (Self.run("in-vain"), Self.run("asked"), Self.run("answered"), Self.run("under-way"), Self.run("waiting"))
        outbox.hold(inVain, for: "desk", until: Self.at(20), reason: "no server", at: Self.start)
        outbox.hold(asked, for: "desk", until: Self.at(3_600), reason: "no server", at: Self.start)
        outbox.hold(answered, for: "desk", until: Self.at(20), reason: "no server", at: Self.start)
        outbox.hold(underWay, for: "desk", until: Self.at(20), reason: "no server", at: Self.start)
        outbox.started(underWay.occurrence.id)
        outbox.hold(waiting, for: "desk", until: Self.at(3_600), reason: "no server", at: Self.at(20))
        let due = outbox.heldDeliveriesDue(at: Self.at(30)) { $0 != answered.occurrence.id }
        #expect(due.waitedInVain.map(\.run.occurrence.id) == [inVain.occurrence.id])
        #expect(due.askAgain.map(\.occurrence.id) == [asked.occurrence.id])
        #expect(Set(outbox.held.keys) == [underWay.occurrence.id, waiting.occurrence.id])
        // The one under way is past its deadline already: the next wake-up is the other's question.
        #expect(due.next == Self.at(50))
    }

    @Test("a reload takes every held prompt without a delivery under way out of the hold")
    func releaseAllLeavesDeliveriesUnderWay() {
        var outbox = Outbox()
        let (held, underWay) = (Self.run("held"), Self.run("under-way"))
        outbox.hold(held, for: "desk", until: Self.at(3_600), reason: "no server", at: Self.start)
        outbox.hold(underWay, for: "desk", until: Self.at(3_600), reason: "no server", at: Self.start)
        outbox.started(underWay.occurrence.id)
        #expect(outbox.releaseAll().map(\.run.occurrence.id) == [held.occurrence.id])
        #expect(Array(outbox.held.keys) == [underWay.occurrence.id])
    }

    @Test("availability reports are counted per channel")
    func availabilityReportsPerChannel() {
        var outbox = Outbox()
        outbox.reportAvailable("desk")
        outbox.reportAvailable("desk")
        outbox.reportAvailable("mail")
        #expect([outbox.availabilityReportCount(of: "desk"), outbox.availabilityReportCount(of: "mail"), outbox.availabilityReportCount(of: "hook")] == [2, 1, 0])
    }

    @Test("a wait for the deliveries under way ends when the last one ends, or when its time is up, or at once when none is")
    func waitingUntilIdle() async {
        var outbox = Outbox()
        let (first, second) = (Self.run("first").occurrence.id, Self.run("second").occurrence.id)
        outbox.started(first)
        outbox.started(second)
        await withCheckedContinuation { continuation in
            outbox.waitUntilIdle(outbox.newWaiter(), continuation)
            outbox.ended(first)
            outbox.ended(second)
        }
        #expect(outbox.inFlight.isEmpty)

        outbox.started(first)
        await withCheckedContinuation { continuation in
            let waiter = outbox.newWaiter()
            outbox.waitUntilIdle(waiter, continuation)
            outbox.stopWaiting(waiter)
        }
        #expect(outbox.inFlight == [first])

        outbox.ended(first)
        await withCheckedContinuation { outbox.waitUntilIdle(outbox.newWaiter(), $0) }
    }
}

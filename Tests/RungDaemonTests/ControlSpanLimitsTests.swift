import RungControl
import RungCore
import Testing
@testable import RungDaemon

/// The scheduler at the limits of its time quantities: an escalation window at its
/// limit, and varlink spans refused beyond their range, naming the parameter.
@Suite("Scheduler time limits")
struct ControlSpanLimitsTests {
    static let invalidParameter = "org.varlink.service.InvalidParameter"

    @Test("an escalation window at its limit escalates that long after delivery")
    func escalationAtTheLimit() {
        var settings = PromptSettings()
        settings.debrief.escalateAfter = TimeLimits.promptWindow
        var debrief = EscalationRuleTests.occurrence(.debrief)
        debrief.expires = debrief.due.adding(TimeLimits.promptWindow).adding(microseconds: 1)
        let deliveredAt = debrief.due
        #expect(EscalationWindow.due(of: debrief, deliveredThrough: "desk", at: deliveredAt, settings: settings) == deliveredAt.adding(TimeLimits.promptWindow))
        #expect(EscalationWindow.holdDeadline(of: debrief, forChannelAt: 0, at: deliveredAt, settings: settings) == deliveredAt.adding(TimeLimits.promptWindow))
    }

    @Test("Pause and Snooze refuse seconds beyond their range as an invalid 'seconds', and the scheduler answers on", arguments: [
        Int64(0), -1, 9_300_000_000_000, .max, .min,
    ])
    func varlinkSecondsOutOfRange(seconds: Int64) async throws {
        let fixture = try OutboxTests.Fixture()
        let pause = await fixture.scheduler.pause(["seconds": .integer(seconds)])
        #expect(pause.error == Self.invalidParameter)
        #expect(pause.parameters?["parameter"] == .string("seconds"))
        let snooze = await fixture.scheduler.snooze(["occurrence": .string(OutboxTests.debriefID), "seconds": .integer(seconds)])
        #expect(snooze.error == Self.invalidParameter)
        #expect(snooze.parameters?["parameter"] == .string("seconds"))
        let all = await fixture.scheduler.snooze(["all": .bool(true), "seconds": .integer(seconds)])
        #expect(all.error == Self.invalidParameter)
        #expect(try fixture.store.activePauses(at: OutboxTests.end).isEmpty)
        #expect(await fixture.scheduler.status().error == nil)
    }

    @Test("Pause takes up to a year and Snooze up to four weeks; a second more is refused")
    func varlinkSecondsAtTheLimit() async throws {
        let fixture = try OutboxTests.Fixture()
        let year = Int64(TimeLimits.pause.microseconds / 1_000_000)
        #expect(await fixture.scheduler.pause(["seconds": .integer(year + 1)]).error == Self.invalidParameter)
        let pause = await fixture.scheduler.pause(["seconds": .integer(year)])
        #expect(pause.error == nil)
        #expect(try fixture.store.activePauses(at: OutboxTests.end).map(\.endsAt) == [OutboxTests.end.adding(TimeLimits.pause)])
        let weeks = Int64(TimeLimits.snooze.microseconds / 1_000_000)
        let refused = await fixture.scheduler.snooze(["occurrence": .string(OutboxTests.debriefID), "seconds": .integer(weeks + 1)])
        #expect(refused.error == Self.invalidParameter)
        // Four weeks is within the limit; this debrief expires after a day, so that is said.
        let tooLate = await fixture.scheduler.snooze(["occurrence": .string(OutboxTests.debriefID), "seconds": .integer(weeks)])
        #expect(tooLate.error != Self.invalidParameter)
        #expect(tooLate.parameters?["expires"] != nil)
    }
}

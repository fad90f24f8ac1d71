import RungCore
import RungTime
import Testing
@testable import RungDaemon

/// The scheduler's rules given instants and windows at the ends of what they hold:
/// sums saturate, so nothing traps.
@Suite("Saturating scheduling")
struct SaturatingSchedulingTests {
    @Test("windows and retry pauses no config allows saturate at the end of time instead of trapping")
    func escalationSaturates() {
        var settings = PromptSettings()
        settings.debrief.escalateAfter = TimeSpan(microseconds: 9_467_280_000_000_000_000)  // 300000y
        var debrief = EscalationRuleTests.occurrence(.debrief)
        debrief.expires = .distantFuture
        // Saturated at the prompt's own expiry: it would expire first, so it never escalates.
        #expect(EscalationWindow.due(of: debrief, deliveredThrough: "desk", at: debrief.due, settings: settings) == nil)
        #expect(EscalationWindow.holdDeadline(of: debrief, forChannelAt: 0, at: debrief.due, settings: settings) == .distantFuture)
        let policy = RetryPolicy(maximumDelay: .seconds(Int64.max))
        #expect(policy.delay(after: 80, at: debrief.due, expires: .distantFuture, random: 1, lastChannel: true) == nil)
    }

    @Test("a prompt due at the start of time is decided without trapping")
    func decideAtTheEnds() {
        var debrief = EscalationRuleTests.occurrence(.debrief)
        debrief.due = .distantPast
        debrief.expires = .distantFuture
        #expect(DueDecision.decide(debrief, at: .distantFuture.adding(microseconds: -1)) == .deliver(late: true))
    }
}

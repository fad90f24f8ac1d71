import RungCore
import RungDaemon
import RungTime
import Testing

@Suite("Escalation and waiting for a channel")
struct EscalationRuleTests {
    static let end = Instant(seconds: 1_800_000_000)
    static let hour: Int64 = 3_600_000_000

    static func occurrence(_ kind: PromptKind, channels: [String] = ["desk", "mail"], renudge: Bool = false) -> Occurrence {
        let subject: PlanSubject = kind == .checkIn ? .ladder("talks") : .performance("talk")
        let before = kind.isBeforePerformance
        return Occurrence(
            kind: kind, subject: subject, schedule: "\(subject)/\(kind.rawValue)\(renudge ? "/renudge" : "")",
            scheduledAt: end.adding(microseconds: before ? -hour / 4 : 0),
            expires: end.adding(microseconds: before ? -hour / 12 : 24 * hour), channels: channels,
            follows: renudge ? OccurrenceID(rawValue: "0123456789abcdef") : nil)
    }

    @Test("the channels after the one that delivered")
    func channelsAfter() {
        #expect(EscalationWindow.channels(after: "desk", in: ["desk", "phone", "mail"]) == ["phone", "mail"])
        #expect(EscalationWindow.channels(after: "mail", in: ["desk", "phone", "mail"]) == [])
        #expect(EscalationWindow.channels(after: "gone", in: ["desk", "mail"]) == [])
    }

    @Test("a debrief or check-in escalates after its window; other kinds, re-nudges and the chain's last channel never do")
    func due() {
        let settings = PromptSettings()
        let deliveredAt = Self.end.adding(microseconds: 60_000_000)
        #expect(EscalationWindow.due(of: Self.occurrence(.debrief), deliveredThrough: "desk", at: deliveredAt, settings: settings)
            == deliveredAt.adding(microseconds: Self.hour))
        #expect(EscalationWindow.due(of: Self.occurrence(.checkIn), deliveredThrough: "desk", at: deliveredAt, settings: settings)
            == deliveredAt.adding(microseconds: 4 * Self.hour))
        #expect(EscalationWindow.due(of: Self.occurrence(.affirmation), deliveredThrough: "desk", at: deliveredAt, settings: settings) == nil)
        #expect(EscalationWindow.due(of: Self.occurrence(.reframe), deliveredThrough: "desk", at: deliveredAt, settings: settings) == nil)
        #expect(EscalationWindow.due(of: Self.occurrence(.debrief, renudge: true), deliveredThrough: "desk", at: deliveredAt, settings: settings) == nil)
        #expect(EscalationWindow.due(of: Self.occurrence(.debrief), deliveredThrough: "mail", at: deliveredAt, settings: settings) == nil)
        var off = settings
        off.debrief.escalateAfter = nil
        #expect(EscalationWindow.due(of: Self.occurrence(.debrief), deliveredThrough: "desk", at: deliveredAt, settings: off) == nil)
        // Delivered so late that the window would outlast the prompt.
        let late = Self.end.adding(microseconds: 23 * Self.hour + 1)
        #expect(EscalationWindow.due(of: Self.occurrence(.debrief), deliveredThrough: "desk", at: late, settings: settings) == nil)
    }

    @Test("a prompt that asks for an answer waits for its channel up to its window; a reframe waits only for its chain's last channel")
    func holdDeadline() {
        let settings = PromptSettings()
        let debrief = Self.occurrence(.debrief)
        #expect(EscalationWindow.holdDeadline(of: debrief, forChannelAt: 0, at: Self.end, settings: settings) == Self.end.adding(microseconds: Self.hour))
        #expect(EscalationWindow.holdDeadline(of: debrief, forChannelAt: 0, at: Self.end.adding(microseconds: Self.hour), settings: settings) == nil)
        #expect(EscalationWindow.holdDeadline(of: debrief, forChannelAt: 1, at: Self.end, settings: settings) == debrief.expires)
        let reframe = Self.occurrence(.reframe)
        #expect(EscalationWindow.holdDeadline(of: reframe, forChannelAt: 0, at: reframe.due, settings: settings) == nil)
        #expect(EscalationWindow.holdDeadline(of: reframe, forChannelAt: 1, at: reframe.due, settings: settings) == reframe.expires)
        #expect(EscalationWindow.holdDeadline(of: reframe, forChannelAt: 1, at: reframe.expires, settings: settings) == nil)
        var off = settings
        off.debrief.escalateAfter = nil
        #expect(EscalationWindow.holdDeadline(of: debrief, forChannelAt: 0, at: Self.end, settings: off) == nil)
    }
}

import RungCore
import RungDaemon
import RungTime
import Testing

@Suite("Retry policy: backoff, jitter and the expiry cut-off")
struct RetryPolicyTests {
    static let now = Instant(seconds: 1_800_000_000)
    static let day = now.adding(microseconds: 86_400_000_000)

    @Test("pauses double from 1 s and stop growing at the cap")
    func backoff() {
        #expect((1...4).map(RetryPolicy().nominalDelay(after:)) == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        let capped = RetryPolicy(attempts: 10, maximumDelay: .seconds(5))
        #expect((1...6).map(capped.nominalDelay(after:)) == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5)])
    }

    @Test("jitter keeps every pause within ± 20 % of its nominal length", arguments: [0.0, 0.1, 0.25, 0.5, 0.75, 0.9999])
    func jitterBounds(random: Double) throws {
        let policy = RetryPolicy()
        for attempt in 1..<policy.attempts {
            let nominal = policy.nominalDelay(after: attempt)
            let delay = try #require(policy.delay(after: attempt, at: Self.now, expires: Self.day, random: random))
            #expect(delay >= nominal * 0.8 && delay <= nominal * 1.2, "attempt \(attempt): \(delay) for \(nominal)")
        }
        #expect(policy.delay(after: 1, at: Self.now, expires: Self.day, random: 0) == .milliseconds(800))
        #expect(policy.delay(after: 2, at: Self.now, expires: Self.day, random: 0.5) == .seconds(2))
    }

    @Test("a channel gets five attempts in all; the chain's last channel is tried until the expiry, pauses capped at 10 minutes")
    func attemptLimit() {
        let policy = RetryPolicy()
        #expect(policy.delay(after: 4, at: Self.now, expires: Self.day, random: 0.5) == .seconds(8))
        #expect(policy.delay(after: 5, at: Self.now, expires: Self.day, random: 0.5) == nil)
        #expect(policy.delay(after: 0, at: Self.now, expires: Self.day, random: 0.5) == nil)
        #expect(policy.delay(after: 5, at: Self.now, expires: Self.day, random: 0.5, lastChannel: true) == .seconds(16))
        #expect(policy.delay(after: 50, at: Self.now, expires: Self.day, random: 0.5, lastChannel: true) == .seconds(600))
        #expect(policy.delay(after: 50, at: Self.day.adding(microseconds: -599_000_000), expires: Self.day, random: 0.5, lastChannel: true) == nil)
    }

    @Test("driven by a manual clock, retries never start at or past the prompt's expiry")
    func expiryCutOff() {
        // Minutes-long pauses and a prompt that expires 10 minutes after its first attempt.
        let policy = RetryPolicy(attempts: 100, initialDelay: .seconds(60), maximumDelay: .seconds(3600))
        let expires = Self.now.adding(microseconds: 600_000_000)
        for random in [0.0, 0.5, 0.9999] {
            var clock = Self.now
            var starts = [clock]
            var attempt = 1
            while let delay = policy.delay(after: attempt, at: clock, expires: expires, random: random) {
                clock = clock.adding(microseconds: Int64(delay.components.seconds) * 1_000_000 + delay.components.attoseconds / 1_000_000_000_000)
                starts.append(clock)
                attempt += 1
            }
            #expect(starts.allSatisfy { $0 < expires }, "random \(random): \(starts)")
            // 1, 2, 4 minutes fit in ten; the next pause (8 minutes) would pass the expiry.
            #expect(starts.count == 4, "random \(random): \(starts)")
        }
        #expect(policy.delay(after: 1, at: expires.adding(microseconds: -1), expires: expires, random: 0) == nil)
    }
}

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
        #expect(Escalation.channels(after: "desk", in: ["desk", "phone", "mail"]) == ["phone", "mail"])
        #expect(Escalation.channels(after: "mail", in: ["desk", "phone", "mail"]) == [])
        #expect(Escalation.channels(after: "gone", in: ["desk", "mail"]) == [])
    }

    @Test("a debrief or check-in escalates after its window; other kinds, re-nudges and the chain's last channel never do")
    func due() {
        let settings = PromptSettings()
        let deliveredAt = Self.end.adding(microseconds: 60_000_000)
        #expect(Escalation.due(of: Self.occurrence(.debrief), deliveredThrough: "desk", at: deliveredAt, settings: settings)
            == deliveredAt.adding(microseconds: Self.hour))
        #expect(Escalation.due(of: Self.occurrence(.checkIn), deliveredThrough: "desk", at: deliveredAt, settings: settings)
            == deliveredAt.adding(microseconds: 4 * Self.hour))
        #expect(Escalation.due(of: Self.occurrence(.affirmation), deliveredThrough: "desk", at: deliveredAt, settings: settings) == nil)
        #expect(Escalation.due(of: Self.occurrence(.reframe), deliveredThrough: "desk", at: deliveredAt, settings: settings) == nil)
        #expect(Escalation.due(of: Self.occurrence(.debrief, renudge: true), deliveredThrough: "desk", at: deliveredAt, settings: settings) == nil)
        #expect(Escalation.due(of: Self.occurrence(.debrief), deliveredThrough: "mail", at: deliveredAt, settings: settings) == nil)
        var off = settings
        off.debrief.escalateAfter = nil
        #expect(Escalation.due(of: Self.occurrence(.debrief), deliveredThrough: "desk", at: deliveredAt, settings: off) == nil)
        // Delivered so late that the window would outlast the prompt.
        let late = Self.end.adding(microseconds: 23 * Self.hour + 1)
        #expect(Escalation.due(of: Self.occurrence(.debrief), deliveredThrough: "desk", at: late, settings: settings) == nil)
    }

    @Test("a prompt that asks for an answer waits for its channel up to its window; a reframe waits only for its chain's last channel")
    func holdDeadline() {
        let settings = PromptSettings()
        let debrief = Self.occurrence(.debrief)
        #expect(Escalation.holdDeadline(of: debrief, forChannelAt: 0, at: Self.end, settings: settings) == Self.end.adding(microseconds: Self.hour))
        #expect(Escalation.holdDeadline(of: debrief, forChannelAt: 0, at: Self.end.adding(microseconds: Self.hour), settings: settings) == nil)
        #expect(Escalation.holdDeadline(of: debrief, forChannelAt: 1, at: Self.end, settings: settings) == debrief.expires)
        let reframe = Self.occurrence(.reframe)
        #expect(Escalation.holdDeadline(of: reframe, forChannelAt: 0, at: reframe.due, settings: settings) == nil)
        #expect(Escalation.holdDeadline(of: reframe, forChannelAt: 1, at: reframe.due, settings: settings) == reframe.expires)
        #expect(Escalation.holdDeadline(of: reframe, forChannelAt: 1, at: reframe.expires, settings: settings) == nil)
        var off = settings
        off.debrief.escalateAfter = nil
        #expect(Escalation.holdDeadline(of: debrief, forChannelAt: 0, at: Self.end, settings: off) == nil)
    }
}

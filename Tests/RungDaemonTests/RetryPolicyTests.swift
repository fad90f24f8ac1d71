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

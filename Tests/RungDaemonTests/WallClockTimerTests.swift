import Glibc
import RungCore
import RungDaemon
import RungTime
import Testing

@Suite("Wall-clock timer", .serialized)
struct WallClockTimerTests {
    @Test("wakes once the armed wall-clock instant has been reached, not before")
    func wakesAtInstant() async throws {
        let timer = try WallClockTimer(loop: TestLoop.shared)
        let due = Instant.now().adding(microseconds: 200_000)
        try timer.arm(at: due)
        var wakes = timer.wakes.makeAsyncIterator()
        #expect(await wakes.nextDue())
        #expect(Instant.now() >= due)
    }

    @Test("an instant already past wakes at once")
    func pastInstant() async throws {
        let timer = try WallClockTimer(loop: TestLoop.shared)
        try timer.arm(at: Instant(seconds: 0))
        var wakes = timer.wakes.makeAsyncIterator()
        #expect(await wakes.nextDue())
    }

    @Test("re-arming replaces the earlier instant, and disarming cancels it")
    func rearmReplaces() async throws {
        let timer = try WallClockTimer(loop: TestLoop.shared)
        let far = Instant.now().adding(microseconds: 3_600_000_000)
        try timer.arm(at: far)
        try timer.arm(at: nil)
        let near = Instant.now().adding(microseconds: 50_000)
        try timer.arm(at: near)
        var wakes = timer.wakes.makeAsyncIterator()
        #expect(await wakes.nextDue())
        // Woken by the near instant: the far one was replaced, not queued.
        #expect(Instant.now() < far)
    }

    @Test(
        "setting the wall clock wakes an armed timer with clockChanged, so the plan is made again",
        .enabled(if: WallClockTimerTests.maySetClock, "sets the machine's wall clock: run it with RUNG_TEST_SET_CLOCK=1 (needs CAP_SYS_TIME)"))
    func clockChangeWakes() async throws {
        let timer = try WallClockTimer(loop: TestLoop.shared)
        try timer.arm(at: Instant.now().adding(microseconds: 3_600_000_000))
        // Setting the clock to the time it shows is still a setting: every timer armed with
        // TFD_TIMER_CANCEL_ON_SET is cancelled, and nothing else on the machine moves.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        #expect(clock_settime(CLOCK_REALTIME, &now) == 0)
        var wakes = timer.wakes.makeAsyncIterator()
        #expect(await wakes.next() == .clockChanged)
    }

    /// Whether the person running the tests asked for the one that sets the machine's wall
    /// clock, with `RUNG_TEST_SET_CLOCK=1`. Tests never change the machine's clock unasked,
    /// not even to find out whether they could: a root CI runner or a developer's laptop
    /// would have it set behind their back.
    static let maySetClock = getenv("RUNG_TEST_SET_CLOCK").map { String(cString: $0) } == "1"
}

extension AsyncStream<WallClockTimer.Wake>.Iterator {
    /// Whether the next wake other than a clock change is `.due`: the clock-change test
    /// sets the wall clock, which also wakes every other armed timer of the machine.
    mutating func nextDue() async -> Bool {
        while let wake = await next() {
            if wake == .due { return true }
        }
        return false
    }
}

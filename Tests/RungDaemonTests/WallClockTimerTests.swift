import RungCore
import RungDaemon
import Testing

@Suite("Wall-clock timer")
struct WallClockTimerTests {
    @Test("wakes once the armed wall-clock instant has been reached, not before")
    func wakesAtInstant() async throws {
        let timer = try WallClockTimer(loop: TestLoop.shared)
        let due = Instant.now().adding(microseconds: 200_000)
        try timer.arm(at: due)
        var wakes = timer.wakes.makeAsyncIterator()
        #expect(await wakes.next() == .due)
        #expect(Instant.now() >= due)
    }

    @Test("an instant already past wakes at once")
    func pastInstant() async throws {
        let timer = try WallClockTimer(loop: TestLoop.shared)
        try timer.arm(at: Instant(seconds: 0))
        var wakes = timer.wakes.makeAsyncIterator()
        #expect(await wakes.next() == .due)
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
        #expect(await wakes.next() == .due)
        // Woken by the near instant: the far one was replaced, not queued.
        #expect(Instant.now() < far)
    }
}

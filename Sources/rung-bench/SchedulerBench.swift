import Foundation
import Logging
import RungControl
import RungCore
import RungDaemon
import RungDelivery
import RungStore
import RungTime
import Synchronization

/// The scheduler in process, under a manual clock, with a channel that takes every prompt
/// at once: what one pass costs, what `Upcoming` over a year costs, and whether memory
/// stays flat while an hour of busy prompts goes by.
enum SchedulerBench {
    static func run() throws {
        print("subject: scheduler (in process, manual clock, a channel that takes every prompt at once)")
        try blocking {
            try await busyHours(performancesPerMinute: 20)
            try await upcomingYear(name: "one hourly performance (all five kinds)", body: performance("p0", on: "hourly"))
            try await upcomingYear(
                name: "100 performances every 5 minutes (20 a minute) and an hourly check-in",
                body: busyPerformances(perMinute: 20) + checkIn)
        }
    }

    /// Runs `work` to its end from this synchronous entry point.
    static func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await work() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// 2027-03-01T08:00:00Z, a Monday.
    static let start = Instant(seconds: 1_803_888_000)

    static func performance(_ id: String, on calendar: String) -> String {
        "[performance.\(id)]\ntitle = \"\(id)\"\non = \"\(calendar)\"\nduration = \"1min\"\npeer = \"Jo\"\nobserver = \"Mi\"\n\n"
    }

    /// `5 × perMinute` performances, each every 5 minutes (the most a config allows), a
    /// fifth of them starting each minute: `perMinute` performances begin every minute.
    static func busyPerformances(perMinute: Int) -> String {
        (0..<5 * perMinute).map { performance("p\($0)", on: "*:\($0 % 5)/5") }.joined()
    }

    static let checkIn = """
        [ladder.talks]
        skill = "talks"
        check_in = "hourly"
        rungs = [{ title = "Friend", stakes = "low" }]

        """

    /// A scheduler on a new store, with `body` after a header whose one channel takes
    /// everything, reading `clock`.
    static func scheduler(_ body: String, clock: ManualClock) throws -> (Scheduler, String) {
        let directory = NSTemporaryDirectory() + "rung-bench-scheduler-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = "[rung]\ntimezone = \"Europe/Berlin\"\nchannels = [\"sink\"]\n\n[channel.sink]\nkind = \"command\"\nargv = [\"/bin/true\"]\n\n" + body
        let config = try ConfigLoader.load(text, path: directory + "/rung.toml")
        let store = try Store(path: directory + "/rung.sqlite3")
        try store.recordPass(at: clock.now())
        var logger = Logger(label: "rung-bench")
        logger.logLevel = .critical
        let scheduler = try Scheduler(
            config: config, configPath: directory + "/rung.toml", store: store, systemZone: .utc,
            clock: { clock.now() }, logger: logger, wake: {},
            environment: DeliveryEnvironment(
                makeChannel: { definition, _ in Sink(name: definition.name) }, sleep: { _ in }, random: { 0.5 }))
        return (scheduler, directory)
    }

    /// Three hours of `performancesPerMinute` performances beginning every minute (each with
    /// all five prompts) and an hourly check-in, pass by pass through every wake-up: what a pass costs, and memory at
    /// each hour (the store's page caches fill in the first; then it should stay flat).
    static func busyHours(performancesPerMinute performances: Int) async throws {
        let clock = ManualClock(start)
        let body = busyPerformances(perMinute: performances) + checkIn
        let (scheduler, directory) = try scheduler(body, clock: clock)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = await scheduler.store
        var passes: [Double] = []
        var resident = [residentKiB()]
        let hour = Int64(TimeSpanUnit.hour)
        let end = start.adding(microseconds: 3 * hour)
        while clock.now() < end {
            let began = ContinuousClock.now
            let next = await scheduler.runDue()
            passes.append(milliseconds(since: began))
            // Let the deliveries the pass started end, as rungd's loop would between passes.
            await scheduler.drain(limit: .seconds(10))
            let hoursBefore = (clock.now().microseconds - start.microseconds) / hour
            clock.set(max(next, clock.now().adding(microseconds: 1)))
            if (clock.now().microseconds - start.microseconds) / hour > hoursBefore { resident.append(residentKiB()) }
        }
        passes.sort()
        func percentile(_ p: Double) -> Double { passes[min(passes.count - 1, Int(Double(passes.count) * p))] }
        let delivered = try store.ledgerCounts().delivered
        print(String(
            format: "  3 busy hours (%d performances beginning each minute, an hourly check-in): %d passes, %d prompts delivered; pass p50 %.2f ms, p99 %.2f ms, max %.2f ms",
            performances, passes.count, delivered, percentile(0.5), percentile(0.99), passes.last ?? 0))
        print("  resident memory of this process at the start and after each hour: \(resident.map { "\($0) KiB" }.joined(separator: ", "))")
        let began = ContinuousClock.now
        let status = await call(scheduler, .status, [:])
        print("  Status after the 3 hours: \(status.first?.error ?? "answered") in \(String(format: "%.1f", milliseconds(since: began))) ms")
    }

    /// `Upcoming` for 366 days, streamed, with `body`: how long it holds the scheduler.
    static func upcomingYear(name: String, body: String) async throws {
        let clock = ManualClock(start)
        let (scheduler, directory) = try scheduler(body, clock: clock)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = await scheduler.runDue()
        var timings: [Double] = []
        var count = 0
        for _ in 0..<3 {
            let began = ContinuousClock.now
            let replies = await call(scheduler, .upcoming, ["days": .integer(366)], more: true)
            timings.append(milliseconds(since: began))
            count = replies.reduce(0) { $0 + ($1.parameters?["occurrences"]?.array?.count ?? 0) }
        }
        print(String(format: "  Upcoming(days: 366) with %@: %d occurrences, %.0f ms (median of 3)", name, count, timings.sorted()[1]))
    }

    static func call(_ scheduler: Scheduler, _ method: ControlInterface.Method, _ parameters: [String: JSONValue], more: Bool = false) async -> [VarlinkReply] {
        let interface = scheduler.controlInterface(reload: { VarlinkReply(parameters: [:]) })
        return await interface.handle(VarlinkCall(method: method.qualifiedName, parameters: parameters, more: more ? true : nil))
    }

    static func milliseconds(since began: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - began
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    /// This process's resident memory (VmRSS), in KiB.
    static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return -1 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    /// A clock the benchmark moves by hand.
    final class ManualClock: Sendable {
        private let instant: Mutex<Instant>
        init(_ start: Instant) { instant = Mutex(start) }
        func now() -> Instant { instant.withLock { $0 } }
        func set(_ new: Instant) { instant.withLock { $0 = new } }
    }

    /// A channel that takes every prompt at once.
    struct Sink: DeliveryChannel {
        let name: String
        func deliver(_ message: PromptMessage) async -> DeliveryOutcome { .delivered(detail: "taken") }
    }
}

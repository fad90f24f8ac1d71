@_spi(ExperimentalScheduling) import _Concurrency
import CSwiftExecutorHook
import CSystemd
import Foundation
import Glibc
import RungTime
import Synchronization

/// The one thread rungd runs on: Swift tasks, timed sleeps, and file descriptors it
/// watches (the wall-clock timer, signals) are all served by one `poll` that blocks until
/// something happens. An idle rungd therefore does not wake at all — the watchdog ping is
/// its only periodic wake-up.
///
/// Swift's default executor on Linux is libdispatch's worker pool, whose pool monitor
/// wakes the process once a second for as long as it lives. `installAsGlobalExecutor()`
/// routes every task of the process here instead (through the runtime's
/// `swift_task_enqueueGlobal_hook`, the way server frameworks take over the global
/// executor), and timed sleeps follow the executor a task runs on (`SchedulingExecutor`).
public final class EventLoop: @unchecked Sendable {
    // Safe: all mutable state is inside `state`, a Mutex; the descriptors are set once.

    /// Runs jobs on this loop. Its own type because an executor that schedules sleeps
    /// conforms to a protocol Swift still marks experimental, which public API may not show.
    final class Executor: SerialExecutor, TaskExecutor, SchedulingExecutor {
        unowned let loop: EventLoop

        init(loop: EventLoop) { self.loop = loop }

        func enqueue(_ job: consuming ExecutorJob) {
            loop.enqueue(UnownedJob(job))
        }

        func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
            loop.schedule(UnownedJob(job), afterNanoseconds: EventLoop.nanoseconds(delay))
        }

        func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
            loop.schedule(UnownedJob(job), afterNanoseconds: EventLoop.nanoseconds(clock.now.duration(to: instant)))
        }

        func asUnownedSerialExecutor() -> UnownedSerialExecutor {
            UnownedSerialExecutor(ordinary: self)
        }
    }

    /// Where this loop's tasks run (`Task(executorPreference:)`, for code that runs on a
    /// loop without it being the global executor).
    public var taskExecutor: any TaskExecutor { executor }
    private var executor: Executor!

    private struct State {
        var ready: [UnownedJob] = []
        /// Sleeping jobs, by deadline on `CLOCK_BOOTTIME` (nanoseconds), earliest last.
        var sleeping: [(deadline: Int64, job: UnownedJob)] = []
        var watchers: [Int32: @Sendable () -> Void] = [:]
        var armedDeadline: Int64?
        var isPolling = false
    }

    private let state = Mutex(State())
    /// Written by other threads to end a `poll`.
    private let wakeDescriptor: Int32
    /// Fires at the earliest sleeping job's deadline.
    private let sleepTimer: Int32

    /// A loop with nothing to do yet; `run()` serves it.
    public init() throws(TimerError) {
        wakeDescriptor = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wakeDescriptor >= 0 else { throw TimerError(operation: "eventfd", errno: errno) }
        sleepTimer = timerfd_create(CLOCK_BOOTTIME, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard sleepTimer >= 0 else {
            close(wakeDescriptor)
            throw TimerError(operation: "timerfd_create", errno: errno)
        }
        executor = Executor(loop: self)
    }

    // MARK: - Jobs

    private func enqueue(_ job: UnownedJob) {
        let mustWake = state.withLock { state in
            state.ready.append(job)
            return state.isPolling
        }
        if mustWake { wake() }
    }

    private func schedule(_ job: UnownedJob, afterNanoseconds delay: Int64) {
        // Saturating, as instants do: a wrapped sum would be in the past and wake at once.
        let (sum, overflow) = Self.bootTime().addingReportingOverflow(max(delay, 0))
        let deadline = overflow ? Int64.max : sum
        let mustWake = state.withLock { state in
            let index = state.sleeping.firstIndex { $0.deadline <= deadline } ?? state.sleeping.endIndex
            state.sleeping.insert((deadline, job), at: index)
            return state.isPolling
        }
        if mustWake { wake() }
    }

    // MARK: - Watched descriptors

    /// Calls `handler` on the loop's thread whenever `descriptor` is readable, until
    /// `unwatch`. The handler must read what made it readable, or it is called again.
    public func watch(_ descriptor: Int32, handler: @escaping @Sendable () -> Void) {
        let mustWake = state.withLock { state in
            state.watchers[descriptor] = handler
            return state.isPolling
        }
        if mustWake { wake() }
    }

    /// Stops watching `descriptor`; the caller closes it.
    public func unwatch(_ descriptor: Int32) {
        let mustWake = state.withLock { state in
            state.watchers[descriptor] = nil
            return state.isPolling
        }
        if mustWake { wake() }
    }

    // MARK: - Running

    /// Serves the loop on the calling thread; never returns.
    public func run() -> Never {
        while true { turn() }
    }

    /// Serves the loop on a new thread of its own (for tests and tools that keep their
    /// main thread).
    public func runOnNewThread() {
        let thread = Thread { [self] in run() }
        thread.start()
    }

    /// Runs the jobs that were ready when the turn began, then polls: it blocks until there
    /// is more to do, or only looks when jobs became ready meanwhile. A task that yields
    /// (a long computation done a little at a time) thus lets signals, the timer and other
    /// descriptors be served between its steps instead of starving them.
    private func turn() {
        let batch = state.withLock { state in
            defer { state.ready.removeAll(keepingCapacity: true) }
            return state.ready
        }
        for job in batch {
            job.runSynchronously(on: executor.asUnownedSerialExecutor())
        }
        let descriptors = state.withLock { state -> [pollfd] in
            if state.ready.isEmpty { state.isPolling = true }
            return ([wakeDescriptor, sleepTimer] + state.watchers.keys).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        }
        armSleepTimer()
        var polled = descriptors
        let hasReadyJobs = state.withLock { !$0.ready.isEmpty }
        let count = poll(&polled, nfds_t(polled.count), hasReadyJobs ? 0 : -1)
        state.withLock { $0.isPolling = false }
        guard count > 0 else { return }
        if polled[0].revents != 0 { drain(wakeDescriptor) }
        if polled[1].revents != 0 { drain(sleepTimer) }
        wakeSleepers()
        for entry in polled.dropFirst(2) where entry.revents != 0 {
            // Looked up now: a descriptor unwatched while the loop polled has no handler.
            state.withLock { $0.watchers[entry.fd] }?()
        }
    }

    /// Moves every sleeper whose deadline has passed to the ready jobs.
    private func wakeSleepers() {
        let now = Self.bootTime()
        state.withLock { state in
            while let last = state.sleeping.last, last.deadline <= now {
                state.ready.append(state.sleeping.removeLast().job)
            }
        }
    }

    /// Arms the sleep timer for the earliest sleeper, when that changed.
    private func armSleepTimer() {
        let deadline = state.withLock { state -> Int64?? in
            let earliest = state.sleeping.last?.deadline
            guard earliest != state.armedDeadline else { return .none }
            state.armedDeadline = earliest
            return .some(earliest)
        }
        guard case .some(let earliest) = deadline else { return }
        var specification = itimerspec()
        if let earliest {
            specification.it_value.tv_sec = Int(earliest / 1_000_000_000)
            specification.it_value.tv_nsec = Int(max(earliest % 1_000_000_000, 1))
        }
        timerfd_settime(sleepTimer, Int32(TFD_TIMER_ABSTIME), &specification, nil)
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    private func drain(_ descriptor: Int32) {
        var value: UInt64 = 0
        _ = read(descriptor, &value, MemoryLayout<UInt64>.size)
    }

    private static func bootTime() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    fileprivate static func nanoseconds(_ duration: some DurationProtocol) -> Int64 {
        guard let duration = duration as? Duration else { return 0 }
        let (seconds, attoseconds) = duration.components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow
            ? (seconds < 0 ? 0 : .max)
            : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    // MARK: - Taking over the global executor

    /// Routes every task that would run on Swift's global executor to `loop`, for the rest
    /// of the process's life. Call it once, before any task starts.
    public static func installAsGlobalExecutor(_ loop: EventLoop) {
        GlobalLoop.loop.withLock { installed in
            precondition(installed == nil, "the global executor is taken over once per process")
            installed = loop
        }
        UnsafeMutableRawPointer(rung_swift_enqueue_global_hook()).assumingMemoryBound(to: EnqueueGlobalHook?.self).pointee = { job, _ in
            GlobalLoop.loop.withLock { $0 }?.enqueue(job)
        }
    }

    private typealias EnqueueGlobal = @convention(thin) (UnownedJob) -> Void
    private typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, EnqueueGlobal) -> Void
}

/// The loop the global executor hook hands jobs to.
private enum GlobalLoop {
    static let loop = Mutex<EventLoop?>(nil)
}

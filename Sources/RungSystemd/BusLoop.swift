import CSystemd
import Glibc
import Synchronization

/// The thread that owns one sd-bus connection. sd-bus is not thread-safe, so everything
/// done with the connection happens on this thread: other threads queue work and write an
/// eventfd, and the thread sleeps in poll(2) on the connection and that eventfd. poll has
/// no time-out unless a call is waiting for its deadline, so an idle connection never wakes.
final class BusLoop: @unchecked Sendable {
    // Safe: `bus` is created, used and freed only on the loop thread; what other threads
    // touch is in `shared`, behind its Mutex, and the eventfd is written only under it
    // while the loop runs (it is closed once the state is `finished`).

    /// Work for the loop thread: it gets the connection, or nil once the connection is gone.
    typealias Work = @Sendable (OpaquePointer?) -> Void

    private enum State {
        case running, stopping, finished
    }

    private struct Shared {
        var work: [Work] = []
        var state = State.running
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        var threadID: pid_t = 0
    }

    private var bus: OpaquePointer?
    private let wakeDescriptor: Int32
    private let shared = Mutex(Shared())
    private let onDisconnect: @Sendable () -> Void

    private init(wakeDescriptor: Int32, onDisconnect: @escaping @Sendable () -> Void) {
        self.wakeDescriptor = wakeDescriptor
        self.onDisconnect = onDisconnect
    }

    /// Connects to `address` on a new thread, which then serves the connection until
    /// `stop()` or until the connection is lost (then `onDisconnect` is called there).
    static func start(
        address: String, methodCallTimeout: UInt64, onDisconnect: @escaping @Sendable () -> Void
    ) async throws(BusError) -> BusLoop {
        let wake = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard wake >= 0 else { throw BusError.local("eventfd", errno: errno) }
        let loop = BusLoop(wakeDescriptor: wake, onDisconnect: onDisconnect)
        let started = await withCheckedContinuation { (started: CheckedContinuation<Result<Void, BusError>, Never>) in
            let spawned = spawnThread {
                loop.run(address: address, methodCallTimeout: methodCallTimeout, started: started)
            }
            if spawned != 0 {
                loop.finish(disconnected: false)
                started.resume(returning: .failure(BusError.local("pthread_create", errno: spawned)))
            }
        }
        try started.get()
        return loop
    }

    /// Whether the loop still serves its connection.
    var isRunning: Bool {
        shared.withLock { $0.state == .running }
    }

    /// The kernel thread id of the loop thread.
    var threadID: pid_t {
        shared.withLock { $0.threadID }
    }

    /// Runs `work` on the loop thread with the connection, or at once with nil when the
    /// loop no longer serves it.
    func submit(_ work: @escaping Work) {
        let accepted = shared.withLock { shared in
            guard shared.state == .running else { return false }
            shared.work.append(work)
            wake()
            return true
        }
        if !accepted { work(nil) }
    }

    /// Asks the loop to close the connection and end; returns at once.
    func stop() {
        shared.withLock { shared in
            guard shared.state == .running else { return }
            shared.state = .stopping
            wake()
        }
    }

    /// Returns once the loop has ended and the connection is freed.
    func waitUntilFinished() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let finished = shared.withLock { shared in
                if shared.state == .finished { return true }
                shared.finishWaiters.append(waiter)
                return false
            }
            if finished { waiter.resume() }
        }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    private func run(address: String, methodCallTimeout: UInt64, started: CheckedContinuation<Result<Void, BusError>, Never>) {
        shared.withLock { $0.threadID = rung_thread_id() }
        do {
            bus = try Self.connect(address: address, methodCallTimeout: methodCallTimeout)
        } catch {
            finish(disconnected: false)
            started.resume(returning: .failure(error))
            return
        }
        started.resume(returning: .success(()))
        let disconnected = serve()
        finish(disconnected: disconnected)
    }

    private static func connect(address: String, methodCallTimeout: UInt64) throws(BusError) -> OpaquePointer {
        var created: OpaquePointer?
        try checked(sd_bus_new(&created), "sd_bus_new")
        guard let bus = created else { throw BusError.local("sd_bus_new", errno: ENOMEM) }
        var result = sd_bus_set_address(bus, address)
        if result >= 0 { result = sd_bus_set_bus_client(bus, 1) }
        if result >= 0 { result = sd_bus_set_method_call_timeout(bus, methodCallTimeout) }
        if result >= 0 { result = sd_bus_start(bus) }
        guard result >= 0 else {
            sd_bus_unref(bus)
            throw BusError.cannotConnect(to: address, errno: result)
        }
        return bus
    }

    /// Serves the connection; returns false when asked to stop, true when it was lost.
    private func serve() -> Bool {
        guard let bus else { return true }
        while true {
            let work: [Work]? = shared.withLock { shared in
                guard shared.state == .running else { return nil }
                defer { shared.work = [] }
                return shared.work
            }
            guard let work else { return false }
            for item in work { item(bus) }
            var processed: Int32
            repeat { processed = sd_bus_process(bus, nil) } while processed > 0
            if processed < 0 || sd_bus_is_open(bus) <= 0 { return true }
            guard wait(on: bus) else { return true }
        }
    }

    /// Sleeps until the connection has something to do, work is queued, or sd-bus's next
    /// deadline (a call's time-out) passes. False when the connection cannot be polled.
    private func wait(on bus: OpaquePointer) -> Bool {
        let events = sd_bus_get_events(bus)
        var deadline: UInt64 = 0
        guard events >= 0, sd_bus_get_timeout(bus, &deadline) >= 0 else { return false }
        var descriptors = [
            pollfd(fd: sd_bus_get_fd(bus), events: Int16(events), revents: 0),
            pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let result = poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(until: deadline))
        if result < 0, errno != EINTR { return false }
        if descriptors[1].revents & Int16(POLLIN) != 0 {
            var count: UInt64 = 0
            _ = read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
        }
        return true
    }

    /// poll's time-out for an absolute `CLOCK_MONOTONIC` deadline in µs (`UINT64_MAX`: none).
    private static func milliseconds(until deadline: UInt64) -> Int32 {
        guard deadline != .max else { return -1 }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let current = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        guard deadline > current else { return 0 }
        return Int32(clamping: (deadline - current + 999) / 1000)
    }

    /// Ends the loop: queued work is told the connection is gone, and freeing the
    /// connection completes every pending call and subscription the same way.
    private func finish(disconnected: Bool) {
        let (work, waiters) = shared.withLock { shared in
            shared.state = .finished
            defer {
                shared.work = []
                shared.finishWaiters = []
            }
            return (shared.work, shared.finishWaiters)
        }
        close(wakeDescriptor)
        for item in work { item(nil) }
        if let bus {
            sd_bus_close_unref(bus)
            self.bus = nil
        }
        if disconnected { onDisconnect() }
        for waiter in waiters { waiter.resume() }
    }
}

/// Starts a detached thread running `body`; returns pthread_create's result.
private func spawnThread(_ body: @escaping () -> Void) -> Int32 {
    let start = Unmanaged.passRetained(ThreadStart(body))
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { context in
        Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().body()
        return nil
    }, start.toOpaque())
    if result == 0 {
        pthread_detach(thread)
    } else {
        start.release()
    }
    return result
}

/// What a new thread runs, handed over through pthread_create's context pointer.
private final class ThreadStart {
    let body: () -> Void

    init(_ body: @escaping () -> Void) {
        self.body = body
    }
}

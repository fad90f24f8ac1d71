import Foundation
import Glibc
import RungDaemon
import Synchronization
import Testing

/// One loop for the tests of this target, served on a thread of its own.
enum TestLoop {
    static let shared: EventLoop = {
        let loop = try! EventLoop()
        loop.runOnNewThread()
        return loop
    }()
}

/// The calling thread.
private func threadID() -> pthread_t { pthread_self() }

@Suite("Event loop")
struct EventLoopTests {
    let loop = TestLoop.shared

    /// The id of the loop's thread, asked of the loop itself.
    private func loopThread() async -> pthread_t {
        await Task(executorPreference: loop.taskExecutor) { threadID() }.value
    }

    @Test("tasks that prefer the loop run on its one thread, and actors they call run there too")
    func tasksRunOnTheLoop() async throws {
        actor Counter {
            var threads: Set<pthread_t> = []
            func record() { threads.insert(threadID()) }
        }
        let counter = Counter()
        let expected = await loopThread()
        #expect(expected != threadID())
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask(executorPreference: loop.taskExecutor) { await counter.record() }
            }
        }
        #expect(await counter.threads == [expected])
    }

    @Test("a sleep on the loop ends no earlier than asked, on the loop's thread, and sleeps end in deadline order")
    func sleepsAreServedByTheLoop() async throws {
        let expected = await loopThread()
        let order = OrderLog()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for milliseconds in [120, 40, 80] {
                group.addTask(executorPreference: loop.taskExecutor) {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    order.append(milliseconds, thread: threadID(), elapsed: ContinuousClock.now - start)
                }
            }
        }
        let entries = order.entries
        #expect(entries.map(\.value) == [40, 80, 120])
        #expect(entries.allSatisfy { $0.thread == expected })
        #expect(entries.allSatisfy { $0.elapsed >= .milliseconds($0.value) })
    }

    @Test("a watched descriptor's handler runs on the loop's thread when it is readable, and not after unwatch")
    func watchedDescriptor() async throws {
        let expected = await loopThread()
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let ends = descriptors
        defer { close(ends[0]); close(ends[1]) }
        let (calls, continuation) = AsyncStream.makeStream(of: pthread_t.self)
        loop.watch(ends[0]) {
            var byte: UInt8 = 0
            _ = read(ends[0], &byte, 1)
            continuation.yield(threadID())
        }
        var byte: UInt8 = 1
        _ = write(ends[1], &byte, 1)
        var iterator = calls.makeAsyncIterator()
        #expect(await iterator.next() == expected)

        loop.unwatch(ends[0])
        _ = write(ends[1], &byte, 1)
        // The byte stays unread: no handler runs for it, though a sleep on the loop, begun
        // after the write, took the loop through a poll that would have seen it if watched.
        await Task(executorPreference: loop.taskExecutor) { try? await Task.sleep(for: .milliseconds(10)) }.value
        var pending = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&pending, 1, 0) == 1)
    }

    @Test("a task that yields between steps of a long computation lets a readable descriptor's handler run before it ends")
    func yieldingTaskLetsDescriptorsIn() async throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let ends = descriptors
        defer { close(ends[0]); close(ends[1]) }
        let handled = Mutex(false)
        loop.watch(ends[0]) {
            var byte: UInt8 = 0
            _ = read(ends[0], &byte, 1)
            handled.withLock { $0 = true }
        }
        defer { loop.unwatch(ends[0]) }
        // The descriptor becomes readable once the computation runs on the loop; it yields
        // 100 000 times (rungd's Upcoming yields every 1 024 prompts) and notes whether the
        // handler ran meanwhile.
        let handledBeforeTheEnd = await Task(executorPreference: loop.taskExecutor) {
            var byte: UInt8 = 1
            _ = write(ends[1], &byte, 1)
            for _ in 0..<100_000 {
                if handled.withLock({ $0 }) { return true }
                await Task.yield()
            }
            return false
        }.value
        #expect(handledBeforeTheEnd)
    }
}

/// Collects what concurrent tasks report, in the order they report it.
private final class OrderLog: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var stored: [(value: Int, thread: pthread_t, elapsed: Duration)] = []

    func append(_ value: Int, thread: pthread_t, elapsed: Duration) {
        lock.withLock { stored.append((value, thread, elapsed)) }
    }

    var entries: [(value: Int, thread: pthread_t, elapsed: Duration)] { lock.withLock { stored } }
}

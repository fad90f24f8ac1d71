import Dispatch

/// Async work waited for on the calling thread: rungctl's commands are synchronous, and
/// what they wait for this way is short (one store transaction, one question to the bus).
enum Blocking {
    static func wait<T: Sendable>(for work: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Carries a value from a detached task to the thread that waits for it (the semaphore
/// orders the write before the read).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

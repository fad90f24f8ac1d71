import Foundation

/// Tests run in parallel in one process, and a few change its environment (`TZ` for the
/// glibc differential test, `NOTIFY_SOCKET` for the notifier's): glibc's `setenv` may move
/// the environment while another thread copies it to start a child, which crashes. Every
/// change of the environment and every start of a child goes through this one lock.
public enum ProcessEnvironment {
    private static let lock = NSLock()

    /// Runs `body` (a `setenv`, an `unsetenv`, a read of the whole environment) alone.
    public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

extension Process {
    /// `run()`, while no test changes the environment.
    public func runLockingEnvironment() throws {
        try ProcessEnvironment.withLock { try run() }
    }
}

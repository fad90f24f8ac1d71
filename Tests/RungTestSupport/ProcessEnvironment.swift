import Foundation
import Glibc

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
    ///
    /// Refuses while this process holds 1 000 descriptors or more: Foundation's `run()`
    /// copies each entry of `/proc/self/fd` whole, past the end of the directory buffer
    /// when it is full (about 1 360 entries), and crashes when that buffer ends a mapping.
    /// A test that needs that many connections holds them in a child process.
    public func runLockingEnvironment() throws {
        let open = ProcessEnvironment.openDescriptors()
        guard open < 1_000 else { throw TooManyDescriptors(count: open) }
        try ProcessEnvironment.withLock { try run() }
    }
}

extension ProcessEnvironment {
    /// How many descriptors this process holds, counted without copying a name.
    static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while readdir(directory) != nil { count += 1 }
        return count
    }
}

/// A child would have been started while this process held too many descriptors.
public struct TooManyDescriptors: Error, CustomStringConvertible {
    public let count: Int
    public var description: String {
        "this process holds \(count) descriptors; hold many connections in a child process instead"
    }
}

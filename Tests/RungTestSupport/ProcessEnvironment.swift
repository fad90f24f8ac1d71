import Foundation
import Glibc

/// Tests run in parallel in one process, and two suites change its environment: the glibc
/// differential test sets `TZ` (glibc's `localtime` reads nothing else), and the notifier's
/// sets `NOTIFY_SOCKET` and `WATCHDOG_*` (libsystemd's `sd_notify` reads nothing else, so
/// the notifier cannot be handed a dictionary instead). glibc's `setenv` of a new name
/// reallocates the `environ` array and frees the old one: a thread that copies the
/// environment meanwhile — to start a child, or for `ProcessInfo` — reads freed memory and
/// may crash. `.serialized` orders tests within a suite only, so across suites every change
/// of the environment, every copy of it and every start of a child goes through this one
/// lock: `withLock` around `setenv`/`unsetenv`, `current` instead of
/// `ProcessInfo.processInfo.environment`, `runLockingEnvironment()` instead of `run()`.
///
/// The lock cannot reach into the code under test: a channel's child started by the library
/// itself, or a `CalendarSpec(parsing:)` that reads `$TZ`'s zone, runs outside it. The two
/// suites that change the environment are therefore `.serialized` and brief, and restore
/// what they changed.
public enum ProcessEnvironment {
    private static let lock = NSLock()

    /// Runs `body` (a `setenv`, an `unsetenv`, a read of the whole environment) alone.
    public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// A copy of this process's environment, taken while no test changes it.
    public static var current: [String: String] {
        withLock { ProcessInfo.processInfo.environment }
    }

    /// The environment a test's child gets: this process's, less any systemd notification
    /// variables (systemd's own tools report to a socket some test set for itself, "ERRNO=22",
    /// when they fail), with `changes` added (or, where nil, removed).
    public static func forChild(_ changes: [String: String?]) -> [String: String] {
        var merged = current
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { merged[name] = nil }
        for (name, value) in changes { merged[name] = value }
        return merged
    }
}

extension Process {
    /// `run()`, while no test changes the environment.
    ///
    /// Waits, up to a minute, while this process holds `descriptorLimit` descriptors or
    /// more, then refuses: Foundation's `run()` copies each entry of `/proc/self/fd` whole,
    /// past the end of the directory buffer when it is full (about 1 360 entries), and
    /// crashes when that buffer ends a mapping. Tests run side by side, and one may hold many
    /// descriptors for a moment; a test that needs that many for long holds them in a child
    /// process. This waits by blocking its thread: from async code, use the async
    /// `runLockingEnvironment()`.
    public func runLockingEnvironment() throws {
        let deadline = ContinuousClock.now + ProcessEnvironment.descriptorWait
        while ProcessEnvironment.openDescriptors() >= ProcessEnvironment.descriptorLimit, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        try runIfDescriptorsAllow()
    }

    /// `runLockingEnvironment()` for async code: the wait for fewer descriptors holds no
    /// thread of the cooperative pool, which the tests holding them need to go on and close
    /// them. (Waits that each held one of its few threads kept every test waiting at once.)
    public func runLockingEnvironment() async throws {
        let deadline = ContinuousClock.now + ProcessEnvironment.descriptorWait
        while ProcessEnvironment.openDescriptors() >= ProcessEnvironment.descriptorLimit, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try runIfDescriptorsAllow()
    }

    private func runIfDescriptorsAllow() throws {
        let open = ProcessEnvironment.openDescriptors()
        guard open < ProcessEnvironment.descriptorLimit else { throw TooManyDescriptors(count: open) }
        try ProcessEnvironment.withLock { try run() }
    }
}

extension ProcessEnvironment {
    /// The descriptors this process may hold when it starts a child: 160 under where
    /// Foundation's `run()` would crash, room for what other tests open meanwhile. A whole
    /// run of the tests side by side reaches about 980 on an idle machine of two cores, and
    /// 1 175 on a busy one.
    static let descriptorLimit = 1_200
    /// How long a child waits for fewer descriptors before its test fails.
    static let descriptorWait = Duration.seconds(60)

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

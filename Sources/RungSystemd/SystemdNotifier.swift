import CSystemd
import Glibc

/// Tells the service manager about the service's state, through `sd_notify(3)`.
///
/// Without `$NOTIFY_SOCKET` (not started by systemd with `Type=notify`) every call is a
/// no-op that reports `false`, so the daemon runs the same in a terminal.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Sends `assignments` (e.g. `["READY=1", "STATUS=idle"]`) as one datagram.
    /// Returns whether a listener was there to receive it.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        let state = assignments.joined(separator: "\n")
        return state.withCString { sd_notify(0, $0) } > 0
    }

    /// `READY=1`, with the human status line alongside.
    @discardableResult
    public func ready(status: String) -> Bool {
        send(["READY=1", Self.statusAssignment(status)])
    }

    /// `STATUS=`: one line a person reads in `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        send([Self.statusAssignment(text)])
    }

    /// `RELOADING=1` with the `MONOTONIC_USEC=` systemd uses to order reload completion.
    @discardableResult
    public func reloading(status: String) -> Bool {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())", Self.statusAssignment(status)])
    }

    /// `STOPPING=1`.
    @discardableResult
    public func stopping() -> Bool {
        send(["STOPPING=1", Self.statusAssignment("stopping")])
    }

    /// `WATCHDOG=1`: the keep-alive ping.
    @discardableResult
    public func watchdog() -> Bool {
        send(["WATCHDOG=1"])
    }

    /// How often to ping the watchdog: half of `$WATCHDOG_USEC` when the watchdog is on
    /// for this process (`sd_watchdog_enabled`), else nil.
    public static func watchdogPingInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds / 2))
    }

    /// A status line cannot hold a newline: it would end the assignment.
    static func statusAssignment(_ text: String) -> String {
        "STATUS=" + String(text.map { $0.isNewline ? " " : $0 })
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}

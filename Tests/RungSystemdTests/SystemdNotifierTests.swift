import Foundation
import Glibc
import RungSystemd
import RungTestSupport
import Testing

extension NotifyListener {
    /// The notification after the first `count`, waiting briefly for it to arrive.
    func message(_ index: Int) -> String? {
        for _ in 0..<200 {
            let received = self.received
            if received.count > index { return received[index] }
            usleep(10_000)
        }
        return nil
    }

    static func temporary() throws -> NotifyListener {
        try NotifyListener(path: FileManager.default.temporaryDirectory
            .appendingPathComponent("rung-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path)
    }
}

@Suite("sd_notify", .serialized)
struct SystemdNotifierTests {
    @Test("each state arrives as systemd expects it")
    func statesArrive() throws {
        let socket = try NotifyListener.temporary()
        ProcessEnvironment.withLock { _ = setenv("NOTIFY_SOCKET", socket.path, 1) }
        defer { ProcessEnvironment.withLock { _ = unsetenv("NOTIFY_SOCKET") } }
        let notifier = SystemdNotifier()

        #expect(notifier.ready(status: "next: reframe for 'Lightning talk' at 14:45"))
        #expect(socket.message(0) == "READY=1\nSTATUS=next: reframe for 'Lightning talk' at 14:45")
        #expect(notifier.status("two lines\nbecome one"))
        #expect(socket.message(1) == "STATUS=two lines become one")
        #expect(notifier.watchdog())
        #expect(socket.message(2) == "WATCHDOG=1")
        #expect(notifier.stopping())
        #expect(socket.message(3) == "STOPPING=1\nSTATUS=stopping")

        #expect(notifier.reloading(status: "reloading"))
        let reloading = try #require(socket.message(4)).split(separator: "\n")
        #expect(reloading.first == "RELOADING=1")
        let monotonic = try #require(reloading.dropFirst().first)
        #expect(monotonic.hasPrefix("MONOTONIC_USEC="))
        #expect((UInt64(monotonic.dropFirst("MONOTONIC_USEC=".count)) ?? 0) > 0)
    }

    @Test("without NOTIFY_SOCKET nothing is sent and the caller is told")
    func unsupervised() {
        ProcessEnvironment.withLock { _ = unsetenv("NOTIFY_SOCKET") }
        #expect(SystemdNotifier().ready(status: "idle") == false)
    }

    @Test("the watchdog is pinged at half WATCHDOG_USEC, only when meant for this process")
    func watchdogInterval() {
        ProcessEnvironment.withLock { _ = setenv("WATCHDOG_USEC", "20000000", 1) }
        ProcessEnvironment.withLock { _ = setenv("WATCHDOG_PID", String(getpid()), 1) }
        #expect(SystemdNotifier.watchdogPingInterval() == .seconds(10))
        ProcessEnvironment.withLock { _ = setenv("WATCHDOG_PID", String(getpid() + 1), 1) }
        #expect(SystemdNotifier.watchdogPingInterval() == nil)
        ProcessEnvironment.withLock { _ = unsetenv("WATCHDOG_PID") }
        ProcessEnvironment.withLock { _ = unsetenv("WATCHDOG_USEC") }
        #expect(SystemdNotifier.watchdogPingInterval() == nil)
    }
}

import Foundation
import Glibc
import RungSystemd
import Testing

/// A datagram socket standing in for systemd's notification socket: the real sd_notify
/// sends to it, and the test reads what arrived.
final class NotifySocket {
    let path: String
    private let descriptor: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rung-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    }

    /// The next datagram, or nil when none is waiting.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}

@Suite("sd_notify", .serialized)
struct SystemdNotifierTests {
    @Test("each state arrives as systemd expects it")
    func statesArrive() throws {
        let socket = try NotifySocket()
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        let notifier = SystemdNotifier()

        #expect(notifier.ready(status: "next: reframe for 'Lightning talk' at 14:45"))
        #expect(socket.receive() == "READY=1\nSTATUS=next: reframe for 'Lightning talk' at 14:45")
        #expect(notifier.status("two lines\nbecome one"))
        #expect(socket.receive() == "STATUS=two lines become one")
        #expect(notifier.watchdog())
        #expect(socket.receive() == "WATCHDOG=1")
        #expect(notifier.stopping())
        #expect(socket.receive() == "STOPPING=1\nSTATUS=stopping")

        #expect(notifier.reloading(status: "reloading"))
        let reloading = try #require(socket.receive()).split(separator: "\n")
        #expect(reloading.first == "RELOADING=1")
        let monotonic = try #require(reloading.dropFirst().first)
        #expect(monotonic.hasPrefix("MONOTONIC_USEC="))
        #expect((UInt64(monotonic.dropFirst("MONOTONIC_USEC=".count)) ?? 0) > 0)
    }

    @Test("without NOTIFY_SOCKET nothing is sent and the caller is told")
    func unsupervised() {
        unsetenv("NOTIFY_SOCKET")
        #expect(SystemdNotifier().ready(status: "idle") == false)
    }

    @Test("the watchdog is pinged at half WATCHDOG_USEC, only when meant for this process")
    func watchdogInterval() {
        setenv("WATCHDOG_USEC", "20000000", 1)
        setenv("WATCHDOG_PID", String(getpid()), 1)
        #expect(SystemdNotifier.watchdogPingInterval() == .seconds(10))
        setenv("WATCHDOG_PID", String(getpid() + 1), 1)
        #expect(SystemdNotifier.watchdogPingInterval() == nil)
        unsetenv("WATCHDOG_PID")
        unsetenv("WATCHDOG_USEC")
        #expect(SystemdNotifier.watchdogPingInterval() == nil)
    }
}

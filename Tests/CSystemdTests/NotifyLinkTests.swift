import CSystemd
import Foundation
import Testing

/// Proves the package really links libsystemd: these call its functions and check what
/// they do, not only that they exist.
@Suite("libsystemd link", .serialized)
struct NotifyLinkTests {
    @Test("sd_notify without NOTIFY_SOCKET returns 0 and sends nothing")
    func notifyWithoutSocket() {
        unsetenv("NOTIFY_SOCKET")
        #expect(rung_sd_notify(0, "READY=1") == 0)
    }

    @Test("sd_notify delivers its datagram to the socket named by NOTIFY_SOCKET")
    func notifyReachesBoundSocket() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rung-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd); unlink(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)

        setenv("NOTIFY_SOCKET", path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        #expect(rung_sd_notify(0, "READY=1\nSTATUS=linked") > 0)

        var buffer = [UInt8](repeating: 0, count: 256)
        let received = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        try #require(received > 0)
        #expect(String(decoding: buffer[..<received], as: UTF8.self) == "READY=1\nSTATUS=linked")
    }
}

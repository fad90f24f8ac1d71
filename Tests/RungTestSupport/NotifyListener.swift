import Foundation
import Glibc

/// A datagram socket standing in for systemd's notification socket. A thread reads it
/// all the time, as systemd does: a notification socket nobody drains fills up, and then
/// `sd_notify` blocks its sender.
public final class NotifyListener: @unchecked Sendable {
    // Safe: `messages` is only touched under `lock`; the descriptor is closed once, after
    // the reading thread has been told to stop by the shutdown.
    public let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var messages: [String] = []

    public init(path: String) throws {
        self.path = path
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        Thread.detachNewThread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0, let self else { return }
                let message = String(decoding: buffer[..<count], as: UTF8.self)
                self.lock.withLock { self.messages.append(message) }
            }
        }
    }

    /// Every notification received so far, in order.
    public var received: [String] {
        lock.withLock { messages }
    }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
        unlink(path)
    }
}

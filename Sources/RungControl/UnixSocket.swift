import Glibc
import RungTime

/// The few Unix-domain stream socket calls the control socket needs, with errors that
/// say which call failed on which path.
public enum UnixSocket {
    /// A socket call failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let operation: String
        public let path: String
        public let errno: Int32

        public var description: String { "\(operation) '\(path)': \(String(cString: strerror(errno)))" }
    }

    /// A listening socket bound at `path` with mode `mode`; an old socket file left by a
    /// previous run is replaced. Keep `path` in a directory only its owner can enter.
    public static func listen(at path: String, mode: mode_t = 0o600, backlog: Int32 = 16) throws(Failure) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(operation: "socket", path: path, errno: errno) }
        do throws(Failure) {
            var address = try address(for: path)
            unlink(path)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0 else { throw Failure(operation: "bind", path: path, errno: errno) }
            // No one can connect before listen(), so setting the mode now leaves no window.
            guard chmod(path, mode) == 0 else { throw Failure(operation: "chmod", path: path, errno: errno) }
            guard Glibc.listen(descriptor, backlog) == 0 else { throw Failure(operation: "listen", path: path, errno: errno) }
            return descriptor
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// A socket connected to the listener at `path`. With `timeout`, a listener whose
    /// backlog is full makes the connection fail with `EAGAIN` after that long instead of
    /// waiting for ever, and so does each send afterwards that finds the socket full.
    public static func connect(to path: String, timeout: Duration? = nil) throws(Failure) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(operation: "socket", path: path, errno: errno) }
        do throws(Failure) {
            // Linux bounds a blocking connect to a Unix socket by the send timeout.
            if let timeout { setTimeout(SO_SNDTIMEO, timeout, on: descriptor) }
            var address = try address(for: path)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard connected == 0 else { throw Failure(operation: "connect", path: path, errno: errno) }
            return descriptor
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Sets `option` (`SO_RCVTIMEO`, `SO_SNDTIMEO`) of `descriptor` to `timeout`.
    public static func setTimeout(_ option: Int32, _ timeout: Duration, on descriptor: Int32) {
        let microseconds = timeout.microseconds
        var limit = timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, option, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The user id of the process at the other end of a connected socket (`SO_PEERCRED`).
    public static func peerUserID(of descriptor: Int32) -> uid_t? {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit fields. Glibc's
        // Swift module hides the struct (it needs _GNU_SOURCE), so read it as such.
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, length == 12 else { return nil }
        return credentials.1
    }

    /// Writes all of `bytes`, waiting for the peer to read when the socket is full.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EAGAIN || errno == EINTR {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                guard poll(&poller, 1, 5_000) > 0 else { return false }
            } else {
                return false
            }
        }
        return true
    }

    /// Whether the peer closed `descriptor`: waits for end of file (or a reset) up to
    /// `milliseconds`; a byte that arrives first counts as open. This is how a client
    /// sees that rungd dropped it.
    public static func closedByPeer(_ descriptor: Int32, within milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) <= 0
    }

    private static func address(for path: String) throws(Failure) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(operation: "address", path: path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes + [0]) }
        return address
    }
}

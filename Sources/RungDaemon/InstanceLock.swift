import Foundation
import Glibc

/// One rungd per store and per control socket: an exclusive `flock` on a lock file beside
/// each (`rung.sqlite3.lock`, `control.lock`), held for the process's lifetime and dropped
/// by the kernel when it ends, however it ends. The holder writes its PID into the file,
/// so a second rungd can say which process holds it.
public struct InstanceLock: Sendable {
    /// Why a lock could not be taken.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock on `path` (creating it, 0600), or throws naming the PID that holds it.
    /// `what` says in words what it guards (`the store /…/rung.sqlite3`).
    public init(_ path: String, guarding what: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let reason = errno == EWOULDBLOCK ? nil : String(cString: strerror(errno))
            let holder = Self.holder(descriptor)
            close(descriptor)
            if let reason { throw Failure(description: "cannot lock \(path): \(reason)") }
            throw Failure(description: "another rungd\(holder.map { " (PID \($0))" } ?? "") already runs on \(what); stop it first (lock: \(path))")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.path = path
        self.descriptor = descriptor
    }

    /// The PID written in the lock file by its holder, if it reads as one.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

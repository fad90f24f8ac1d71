import Foundation
import Glibc

/// The directory of the control socket and the one it sits in (`$XDG_RUNTIME_DIR`, or
/// `/tmp/rung-UID` without it), made safe before rungd listens there: each must be a real
/// directory (a symbolic link is never followed), owned by this user, and mode 0700. Another
/// user who could write to either could replace the socket after rungd starts and receive
/// what `rungctl` sends; a directory someone else owns, or whose mode cannot be set, is
/// refused, naming it.
public enum PrivateDirectory {
    /// Why a directory cannot hold the socket.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let reason: String

        public var description: String { "\(path): \(reason)" }
    }

    /// Makes `directory` and its parent private: creates them (0700) when missing, sets an
    /// existing one of this user's to 0700, refuses anything else.
    public static func prepare(_ directory: String) throws(Refusal) {
        let parent = (directory as NSString).deletingLastPathComponent
        let parentDescriptor = try open(parent, in: nil)
        defer { close(parentDescriptor) }
        let descriptor = try open(directory, in: parentDescriptor)
        close(descriptor)
    }

    /// Opens `path` (relative to `parent` when given: its last component) as a directory
    /// of this user's, mode 0700, creating it when missing.
    private static func open(_ path: String, in parent: Int32?) throws(Refusal) -> Int32 {
        let name = parent == nil ? path : (path as NSString).lastPathComponent
        let base = parent ?? AT_FDCWD
        if parent == nil {
            try makeParents(of: path)
        }
        if mkdirat(base, name, 0o700) != 0, errno != EEXIST {
            throw Refusal(path: path, reason: "cannot create the directory: \(String(cString: strerror(errno)))")
        }
        let descriptor = openat(base, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            var status = stat()
            if fstatat(base, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFLNK {
                throw Refusal(path: path, reason: "a symbolic link; rungd keeps its control socket only in a real directory of its own")
            }
            throw Refusal(path: path, reason: "not a directory rungd can use: \(String(cString: strerror(error)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = errno
            close(descriptor)
            throw Refusal(path: path, reason: "cannot read its owner: \(String(cString: strerror(error)))")
        }
        guard status.st_uid == getuid() else {
            close(descriptor)
            throw Refusal(path: path, reason: "owned by uid \(status.st_uid), not by this user (uid \(getuid())); another user could replace the control socket there. Remove it, or set XDG_RUNTIME_DIR to a directory of your own")
        }
        if status.st_mode & 0o7777 != 0o700, fchmod(descriptor, 0o700) != 0 {
            let error = errno
            close(descriptor)
            throw Refusal(path: path, reason: "mode \(String(status.st_mode & 0o7777, radix: 8)) cannot be made 0700: \(String(cString: strerror(error)))")
        }
        return descriptor
    }

    /// Creates the missing directories above `path` (mode 0700), as a fresh runtime
    /// directory needs; existing ones are left as they are.
    private static func makeParents(of path: String) throws(Refusal) {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path else { return }
        var status = stat()
        guard lstat(parent, &status) != 0 else { return }
        try makeParents(of: parent)
        if mkdir(parent, 0o700) != 0, errno != EEXIST {
            throw Refusal(path: parent, reason: "cannot create the directory: \(String(cString: strerror(errno)))")
        }
    }
}

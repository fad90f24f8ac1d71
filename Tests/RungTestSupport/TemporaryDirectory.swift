import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh private directory for one test, removed when the test drops it.
public final class TemporaryDirectory {
    public let path: String

    public init() throws {
        var template = Array((NSTemporaryDirectory() + "/rung-store-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    /// A path inside the directory (not created).
    public func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The permission bits of a file or directory.
public func permissions(_ path: String) -> mode_t {
    var status = stat()
    guard stat(path, &status) == 0 else { return 0 }
    return status.st_mode & 0o7777
}

/// The bytes of a file, to show that refusing it left it untouched.
public func contents(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

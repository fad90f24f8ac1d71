import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Parsed TZif files by path, so that loading a zone twice reads and parses it once.
/// An entry is reused only while the file's device, inode, size and modification time are
/// unchanged, so a tzdata update is picked up as glibc picks it up.
final class TimeZoneFileCache: @unchecked Sendable {
    // Safe to share: `entries` is the only mutable state, it is private, and every access
    // to it happens inside `lock.withLock`. The cached `TZifZone`s are immutable.

    static let shared = TimeZoneFileCache()

    private struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    private let lock = NSLock()
    private var entries: [String: (identity: Identity, zone: TZifZone)] = [:]

    /// The zone in the regular file at `path`, nil when there is no such file.
    func zone(atPath path: String) throws(TimeZoneError) -> TZifZone? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let identity = Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec
        )
        if let cached = lock.withLock({ entries[path] }), cached.identity == identity {
            return cached.zone
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TimeZoneError(description: "\(path): cannot read time zone file")
        }
        let zone = try TZifZone(bytes: [UInt8](data), path: path)
        lock.withLock { entries[path] = (identity, zone) }
        return zone
    }
}

import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Copies the store to `destination` with SQLite's online backup, from one consistent
    /// snapshot, while `rungd` and others keep writing. The copy is a single file (not WAL),
    /// mode 0600, checked with `PRAGMA integrity_check`, and appears at `destination` only
    /// when complete. An existing `destination` is never overwritten.
    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.fileSystem(destination, "already exists; Rung does not overwrite files with a backup (choose a new name)")
        }
        let directory = (destination as NSString).deletingLastPathComponent
        let partial = (directory.isEmpty ? "." : directory) + "/." + (destination as NSString).lastPathComponent + ".partial-\(getpid())"
        let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError.fileSystem(destination, "cannot create the backup: \(String(cString: strerror(errno)))")
        }
        close(fd)
        defer { unlink(partial) }
        do {
            let copy = try DatabaseQueue(path: partial)
            try pool.backup(to: copy)
            let check = try copy.writeWithoutTransaction { db in
                // The copied header says WAL; a backup is one self-contained file.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                return try String.fetchAll(db, sql: "PRAGMA integrity_check")
            }
            try copy.close()
            guard check == ["ok"] else {
                throw StoreError.corrupt(destination, check.joined(separator: "; "))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Store.translate(error, path: path, operation: "backing up to \(destination)")
        }
        let syncFD = open(partial, O_RDONLY | O_CLOEXEC)
        if syncFD >= 0 {
            fsync(syncFD)
            close(syncFD)
        }
        // link(2) fails rather than replace a file that appeared meanwhile.
        guard link(partial, destination) == 0 else {
            throw StoreError.fileSystem(destination, "cannot place the backup: \(String(cString: strerror(errno)))")
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file that export and friends write: private (0600), never replacing an existing file,
/// and appearing under its name only once complete (written beside it, then linked).
final class OutputFile {
    let path: String
    private let partial: String
    private let handle: FileHandle
    private var isCommitted = false

    init(_ path: String) throws {
        self.path = path
        if FileManager.default.fileExists(atPath: path) {
            throw OutputFileError("\(path): already exists; choose a new name (Rung does not overwrite files)")
        }
        let url = URL(fileURLWithPath: path)
        partial = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial-\(getpid())").path
        let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw OutputFileError("\(path): cannot create: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ text: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw OutputFileError("\(path): cannot write: \(error.localizedDescription)")
        }
    }

    /// Flushes the file to disk and gives it its name.
    func commit() throws {
        try? handle.synchronize()
        guard link(partial, path) == 0 else {
            throw OutputFileError("\(path): cannot create: \(String(cString: strerror(errno)))")
        }
        isCommitted = true
        unlink(partial)
    }

    deinit {
        if !isCommitted { unlink(partial) }
    }
}

/// A failure to write an output file, naming it.
struct OutputFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

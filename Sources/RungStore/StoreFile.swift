import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the store lives and how its file comes into being: private to the person
/// (directory 0700, file 0600), created on first use, never overwritten.
public enum StoreFile {
    /// The default store: `$XDG_DATA_HOME/rung/rung.sqlite3`, with `XDG_DATA_HOME`
    /// defaulting to `~/.local/share` as the XDG base directory spec says.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var dataHome = environment["XDG_DATA_HOME"] ?? ""
        if !dataHome.hasPrefix("/") {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/rung/rung.sqlite3"
    }

    /// Makes sure the directory of `path` exists (creating missing ones 0700) and that the
    /// file exists (creating it empty, 0600, so SQLite and its WAL files inherit 0600).
    /// An existing file is left exactly as it is.
    static func prepare(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try makeDirectory(directory)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
            return
        }
        let creationError = errno
        guard creationError == EEXIST else {
            throw StoreError.fileSystem(path, "cannot create the store: \(String(cString: strerror(creationError)))")
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StoreError.fileSystem(path, "cannot read the store: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError.fileSystem(path, "not a regular file; Rung keeps its store in a file")
        }
    }

    /// Creates `directory` and any missing parents with mode 0700; existing ones are kept.
    private static func makeDirectory(_ directory: String) throws {
        var status = stat()
        if stat(directory, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw StoreError.fileSystem(directory, "not a directory")
            }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != directory {
            try makeDirectory(parent)
        }
        if mkdir(directory, 0o700) == 0 {
            // mkdir applies the umask; the store's directory is private whatever the umask.
            chmod(directory, 0o700)
        } else if errno != EEXIST {
            throw StoreError.fileSystem(directory, "cannot create the directory: \(String(cString: strerror(errno)))")
        }
    }

    /// An exclusive `flock` on the store's directory, held while a process opens and
    /// migrates the store. The directory, not the file: closing any descriptor of the
    /// database file would drop the POSIX locks SQLite holds on it in this process.
    static func lockForSetUp(_ path: String) throws -> Int32 {
        var directory = (path as NSString).deletingLastPathComponent
        if directory.isEmpty { directory = "." }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.fileSystem(path, "cannot open the store's directory: \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw StoreError.fileSystem(path, "cannot lock the store's directory: \(reason)")
            }
        }
        return descriptor
    }

    static func unlock(_ descriptor: Int32) {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

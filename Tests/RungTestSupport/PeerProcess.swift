import Foundation
import Glibc

/// A long-running program a test talks to (a bus daemon, a notification server), started
/// by the test and ended by it: `stop()`, or at the latest when the object goes away.
/// Its standard error goes to a file, quoted by `log` when a test needs to say why.
public final class PeerProcess: @unchecked Sendable {
    // Safe: `process` is set once in init; Foundation's Process is safe to query and
    // signal from any thread, and the log file is only read.
    public let name: String
    private let process = Process()
    private let logPath: String
    /// The first line the program writes on its standard output, when asked to wait for it.
    public let firstLine: String?

    /// Starts `executable`. `environment` entries are added to (nil: removed from) this
    /// process's environment. With `readFirstLine`, returns only once the program has
    /// written a line on standard output (how dbus-daemon and Xvfb say they are ready).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        logDirectory: URL, readFirstLine: Bool = false
    ) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent
        logPath = logDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log").path
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw PeerError("cannot create \(logPath)")
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessEnvironment.current
        for variable in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"] {
            merged[variable] = nil
        }
        for (variable, value) in environment { merged[variable] = value }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        let output = Pipe()
        process.standardOutput = readFirstLine ? output : FileHandle(forWritingAtPath: logPath)
        try process.runLockingEnvironment()
        guard readFirstLine else {
            firstLine = nil
            return
        }
        try? output.fileHandleForWriting.close()
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let reader = output.fileHandleForReading.fileDescriptor
        while read(reader, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        firstLine = line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
        if firstLine == nil {
            stop()
            throw PeerError("\(name) exited before it was ready: \(log)")
        }
    }

    public var processIdentifier: pid_t { process.processIdentifier }
    public var isRunning: Bool { Self.isAlive(process.processIdentifier) }

    /// What the program wrote on standard error (and standard output, unless read).
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Freezes the program (SIGSTOP): it keeps its connections and names but answers nothing.
    public func pause() { kill(process.processIdentifier, SIGSTOP) }

    /// Lets a paused program run again.
    public func resume() { kill(process.processIdentifier, SIGCONT) }

    /// Ends the program and returns once it is gone. SIGKILL, because SIGTERM may not
    /// reach it: a child inherits the signal mask of the thread that spawned it, and the
    /// threads tests run on block most signals.
    public func stop() {
        let pid = process.processIdentifier
        guard Self.isAlive(pid) else { return }
        kill(pid, SIGKILL)
        while Self.isAlive(pid) { usleep(1_000) }
    }

    /// Whether `pid` still runs: it exists and is not a zombie waiting to be reaped.
    /// (Asked of the kernel: Foundation may notice an exit only much later.)
    private static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0,
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        else { return false }
        return stat.split(separator: ")").last?.split(separator: " ").first != "Z"
    }

    deinit {
        stop()
    }
}

/// A test peer could not be started or did not behave.
public struct PeerError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

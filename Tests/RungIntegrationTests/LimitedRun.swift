import Foundation
import Glibc
import RungTestSupport

/// Runs a program to its end or to a time limit: bad input must not hang a program, and a
/// hung case must not hang the test run. The limit is generous, a bound on hangs and not a
/// measure of speed.
enum LimitedRun {
    struct Outcome: Sendable {
        /// The exit status, or the signal that ended the program.
        var status: Int32
        var killedBySignal: Bool
        /// The program was still running at the limit and was killed.
        var timedOut: Bool
        var stdout: Data
        var stderr: Data

        var stderrText: String { String(decoding: stderr, as: UTF8.self) }

        /// What went wrong, said in a few words: a signal, a hang, or nil for a normal exit.
        var abnormalEnd: String? {
            if timedOut { return "still running at the time limit" }
            if killedBySignal { return "ended by signal \(status)" }
            return nil
        }
    }

    /// Runs `executable` with `environment` added to this process's (nil removes a name),
    /// on a thread of its own; SIGKILLs it after `limit`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], limit: Duration = .seconds(30)
    ) async throws -> Outcome {
        try await onOwnThread { try runBlocking(executable, arguments, environment: environment, limit: limit) }
    }

    private static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String?], limit: Duration
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessEnvironment.forChild(environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.runLockingEnvironment()
        let watchdog = Watchdog(pid: process.processIdentifier, limit: limit)
        let errors = PipeReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        let timedOut = watchdog.disarm()
        return Outcome(
            status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: stdout, stderr: stderr)
    }
}

/// SIGKILLs a process that outlives its limit.
private final class Watchdog: @unchecked Sendable {
    // Safe: `fired` and `armed` are touched under `lock` only.
    private let lock = NSLock()
    private var armed = true
    private var fired = false

    init(pid: pid_t, limit: Duration) {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.withLock {
                guard armed else { return }
                fired = true
                kill(pid, SIGKILL)
            }
        }
    }

    /// Stops watching (the process has been reaped); whether it had to kill.
    func disarm() -> Bool {
        lock.withLock {
            armed = false
            return fired
        }
    }
}

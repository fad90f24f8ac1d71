import Foundation
import Glibc
import Subprocess
import Synchronization
import SystemPackage

/// A program a channel hands a prompt to: an argv (never a shell string) that reads the
/// prompt on its standard input and has `timeout` from its start to finish. It runs in a
/// session of its own, so a timeout kills it with its process group, and with what it
/// started in sessions of their own while it ran (see `ChildProcesses`). Exit 0 is
/// delivered, 75 (`EX_TEMPFAIL`) is worth retrying, anything else falls back to the next
/// channel.
struct ChannelProcess: Sendable {
    let argv: [String]
    let timeout: Duration

    /// How a run ended.
    enum Ending: Hashable, Sendable {
        /// The program exited or was killed by a signal; `standardError` is what it said.
        case terminated(TerminationStatus, standardError: String)
        /// The program outlived `timeout` and was killed, with its session.
        case timedOut
        /// The program could not be started (not found, not executable).
        case cannotStart(reason: String)
        /// The task running it was cancelled; the program was killed.
        case cancelled
    }

    /// `sysexits.h`: a temporary failure, try again later.
    static let temporaryFailureStatus: Int32 = 75
    /// How much of the program's standard error a failure reason quotes.
    static let reasonLimit = 512

    init(argv: [String], timeout: Duration) {
        precondition(!argv.isEmpty, "a channel's program needs an argv; config validation guarantees one")
        self.argv = argv
        self.timeout = timeout
    }

    /// What a run learns as it goes: the program's pid once it started, and at a timeout
    /// what it left outside its process group.
    private final class Started: Sendable {
        let pid = Mutex<pid_t?>(nil)
        let leftovers = Mutex<Set<pid_t>>([])
        /// The instant the program started, once; finished without one if it never did.
        let instant: AsyncStream<ContinuousClock.Instant>
        let announce: AsyncStream<ContinuousClock.Instant>.Continuation

        init() {
            (instant, announce) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        }
    }

    /// Runs the program once with `input` on its standard input. At the timeout, counted
    /// from the program's start (a spawn kept waiting by a busy machine costs it nothing),
    /// the program's process group is stopped, and everything else it started (in a
    /// session of its own, say) is killed too.
    func run(input: [UInt8]) async -> Ending {
        let (argv, timeout) = (argv, timeout)
        let started = Started()
        let ending = await withTaskGroup(of: Ending?.self) { group in
            group.addTask {
                defer { started.announce.finish() }
                do {
                    let errors = try Self.scratchFile(containing: [])
                    defer { try? errors.close() }
                    let file = try Self.scratchFile(containing: input)
                    let status = try await Self.spawn(argv, input: file, errors: errors, started: started)
                    return .terminated(status, standardError: Self.tail(of: errors))
                } catch is CancellationError {
                    return nil
                } catch {
                    return .cannotStart(reason: "\(error)")
                }
            }
            group.addTask {
                // A program that never started has nothing to time out: the spawn's own
                // ending (cannot start) decides.
                var announcements = started.instant.makeAsyncIterator()
                guard let start = await announcements.next() else { return nil }
                try? await Task.sleep(until: start + timeout, clock: .continuous)
                guard !Task.isCancelled else { return nil }
                // Found before the group is stopped, while their parents still tie them to it.
                if let pid = started.pid.withLock({ $0 }) {
                    let found = ChildProcesses.descendants(of: pid)
                    started.leftovers.withLock { $0 = found }
                }
                return .timedOut
            }
            var ending: Ending?
            while ending == nil, let next = await group.next() {
                ending = next
            }
            group.cancelAll()
            return ending ?? .cancelled
        }
        let leftovers = started.leftovers.withLock { $0 }
        if !leftovers.isEmpty { await ChildProcesses.kill(leftovers) }
        ChildProcesses.reapOrphans()
        return ending
    }

    /// Starts the program, with its pid registered while it runs, and waits for it to end.
    private static func spawn(_ argv: [String], input: FileDescriptor, errors: FileDescriptor, started: Started) async throws -> TerminationStatus {
        ChildProcesses.starting()
        var pid: pid_t?
        defer {
            if let pid { ChildProcesses.ended(pid) } else { ChildProcesses.failedToStart() }
        }
        let result = try await Subprocess.run(
            executable(argv[0]), arguments: Arguments(Array(argv.dropFirst())),
            platformOptions: platformOptions,
            input: .fileDescriptor(input, closeAfterSpawningProcess: true),
            output: .discarded, error: .fileDescriptor(errors, closeAfterSpawningProcess: false)
        ) { execution in
            let value = execution.processIdentifier.value
            ChildProcesses.started(value)
            pid = value
            started.pid.withLock { $0 = value }
            started.announce.yield(.now)
        }
        return result.terminationStatus
    }

    /// What `ending` means for the delivery; `delivered` is the detail of a success.
    func outcome(of ending: Ending, delivered: String) -> DeliveryOutcome {
        switch ending {
        case .terminated(let status, let standardError):
            let said = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            let quote = said.isEmpty ? "" : ": " + String(said.suffix(Self.reasonLimit))
            switch status {
            case .exited(0):
                return .delivered(detail: delivered)
            case .exited(Self.temporaryFailureStatus):
                return .failed(reason: "exit status 75 (temporary failure)\(quote)", retryable: true)
            case .exited(let code):
                return .failed(reason: "exit status \(code)\(quote)", retryable: false)
            case .signaled(let signal):
                return .failed(reason: "killed by signal \(signal)\(quote)", retryable: false)
            }
        case .timedOut:
            return .timedOut(reason: "timed out after \(timeout) and was killed")
        case .cannotStart(let reason):
            return .failed(reason: "cannot run \(argv[0]): \(reason)", retryable: false)
        case .cancelled:
            return .failed(reason: "cancelled", retryable: true)
        }
    }

    /// `bytes` in an unlinked temporary file, positioned at its start: the program's input,
    /// or (empty) where its standard error goes. A file rather than a pipe: a program that
    /// exits without reading its input costs nothing (no SIGPIPE, no half-written pipe), one
    /// that writes a lot to standard error is never blocked nor judged by it, and neither
    /// file outlives the run.
    static func scratchFile(containing bytes: [UInt8]) throws -> FileDescriptor {
        var template = Array((FileManager.default.temporaryDirectory.path + "/rung-prompt-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw Errno(rawValue: errno) }
        unlink(template)
        let file = FileDescriptor(rawValue: descriptor)
        do {
            _ = try file.writeAll(bytes)
            _ = try file.seek(offset: 0, from: .start)
        } catch {
            try? file.close()
            throw error
        }
        return file
    }

    /// The last `reasonLimit` bytes of what the program wrote to `file` (more, so that the
    /// quote starts on a whole character).
    static func tail(of file: FileDescriptor) -> String {
        guard let size = try? file.seek(offset: 0, from: .end) else { return "" }
        let start = max(0, size - Int64(reasonLimit) - 4)
        guard (try? file.seek(offset: start, from: .start)) != nil else { return "" }
        var bytes = [UInt8](repeating: 0, count: Int(size - start))
        let count = (try? bytes.withUnsafeMutableBytes { try file.read(into: $0) }) ?? 0
        var text = String(decoding: bytes.prefix(count), as: UTF8.self)
        if start > 0 { text = String(text.drop { $0 == "\u{FFFD}" }) }
        return text
    }

    /// A path when the name has a '/', else a name looked up in `$PATH`.
    static func executable(_ name: String) -> Executable {
        name.contains("/") ? .path(FilePath(name)) : .name(name)
    }

    /// The program gets a session of its own, so a timeout stops it and all it started.
    static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(1))]
        return options
    }
}

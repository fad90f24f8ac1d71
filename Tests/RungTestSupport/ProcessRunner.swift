import Foundation

/// Runs programs as a person would, and keeps blocking work off the cooperative thread
/// pool, which the code under test (servers, channels) needs free to make progress.
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The directory holding the built products (the test bundle's own directory).
    public static var productsDirectory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    /// A product built beside the tests, e.g. `rungctl`.
    public static func product(_ name: String) -> String {
        productsDirectory.appendingPathComponent(name).path
    }

    /// Runs `executable` to completion, blocking this thread, and captures its output.
    /// `environment` entries are added to (or, when nil, removed from) this process's,
    /// less any systemd notification variables.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessEnvironment.forChild(environment)
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.runLockingEnvironment()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes at once so that neither can fill up and stall the program.
        let errors = PipeReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `run` on a thread of its own, awaited without holding a cooperative thread.
    public static func runDetached(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], input: String? = nil
    ) async throws -> Result {
        try await onOwnThread { try run(executable, arguments, environment: environment, input: input) }
    }
}

/// Runs blocking code on a thread of its own and awaits it, so that it cannot starve the
/// cooperative pool while it waits.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// Reads a pipe to its end on another thread.
public final class PipeReader: @unchecked Sendable {
    // Safe: `data` is written by the reading thread before it signals `done`, and read
    // only after `wait()` has seen that signal.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the pipe gave, once its writer has closed it.
    public func wait() -> Data {
        done.wait()
        return data
    }
}

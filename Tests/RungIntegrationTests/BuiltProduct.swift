import Foundation
import RungTestSupport
import RungTime

/// What a finished child process said and how it ended.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the package's built executables (they sit next to the test bundle).
enum BuiltProduct {
    static func path(_ name: String) -> String {
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent(name).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs the built product `name` with `arguments` to completion, capturing its output.
    static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        try runTool(path(name), arguments, environment: environment)
    }

    /// Runs the executable at `executable` to completion, capturing its output.
    static func runTool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessEnvironment.current.merging(environment) { $1 }
        }
        // stderr goes to a file and stdout to a pipe read to its end, so a chatty child
        // never blocks on a full pipe.
        let errorFile = try TemporaryDirectory()
        let errorPath = errorFile.file("stderr")
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else {
            throw POSIXError(.EIO)
        }
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.runLockingEnvironment()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: contents(errorPath) ?? Data(), as: UTF8.self))
    }

    /// `rungctl ARGUMENTS --store STORE`, run on a thread of its own so the wait never
    /// holds a thread of the cooperative pool.
    static func rungctl(_ arguments: [String], store: String, environment: [String: String]? = nil) async throws -> ProcessResult {
        try await onOwnThread { try run("rungctl", arguments + ["--store", store], environment: environment) }
    }
}

/// A fixed instant for records in tests: 2024-05-01T07:30:00Z.
let testInstant = Instant(seconds: 1_714_548_600)

import Foundation
import RungTestSupport
import Testing
@testable import RungStore
#if canImport(Glibc)
import Glibc
#endif

/// "Never loses a word": a child writes evidence and prints each id after its commit; it is
/// killed with SIGKILL at random moments; every id it printed must be in the reopened store.
@Suite("Crash safety and concurrent writers")
struct CrashSafetyTests {
    /// Kills per test run; set `RUNG_CRASH_KILLS` for a longer run.
    static let kills = Int(ProcessEnvironment.current["RUNG_CRASH_KILLS"] ?? "") ?? 60

    @Test("SIGKILL at random moments loses no committed entry and never damages the file")
    func killedWriter() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let report = try await onOwnThread { try CrashSafetyTests.killRepeatedly(path, times: CrashSafetyTests.kills) }
        #expect(report.problems.isEmpty, "\(report.problems.joined(separator: "\n"))")
        #expect(report.printed > 0)
    }

    /// What the kill rounds found: ids printed in all, and any broken promise.
    struct KillReport: Sendable {
        var printed = 0
        var problems: [String] = []
    }

    static func killRepeatedly(_ path: String, times: Int) throws -> KillReport {
        var report = KillReport()
        var printed = Set<Int64>()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<times {
            let child = try WriterChild(store: path, tag: "round-\(round)")
            // Let it commit a random number of entries (none, on some rounds: a kill during
            // opening or migrating), then kill it a random few milliseconds later.
            var ids = try child.readIDs(atLeast: Int.random(in: 0...12, using: &generator))
            usleep(UInt32.random(in: 0...8_000, using: &generator))
            ids += try child.kill()
            if child.terminationSignal != SIGKILL {
                report.problems.append("round \(round): the writer ended before it was killed: \(child.stderr)")
            }
            printed.formUnion(ids)

            let store = try Store(path: path)
            let integrity = try store.integrityCheck()
            if integrity != ["ok"] {
                report.problems.append("round \(round): integrity_check: \(integrity)")
            }
            let stored = Set(try store.evidence(skill: "crash-test").compactMap(\.id))
            let lost = printed.subtracting(stored)
            if !lost.isEmpty {
                report.problems.append("round \(round): committed ids lost: \(lost.sorted())")
            }
        }
        report.printed = printed.count
        return report
    }

    /// Two writers that each add `count` entries; what each printed and said.
    struct PairReport: Sendable {
        var ids: [[Int64]]
        var exitStatuses: [Int32?]
        var stderr: [String]
    }

    @Test("two writer processes at once: every write succeeds, no SQLITE_BUSY reaches anyone")
    func concurrentWriters() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("fresh/rung.sqlite3")
        // Both start on a file that does not exist yet, so they also race to create it.
        let report = try await onOwnThread {
            let writers = try ["first", "second"].map { try WriterChild(store: path, tag: $0, count: 300) }
            let ids = try writers.map { try $0.readToEnd() }
            return PairReport(ids: ids, exitStatuses: writers.map(\.exitStatus), stderr: writers.map(\.stderr))
        }
        #expect(report.exitStatuses == [0, 0], "\(report.stderr)")
        #expect(report.stderr == ["", ""])
        #expect(report.ids.map(\.count) == [300, 300])
        #expect(Set(report.ids[0]).isDisjoint(with: report.ids[1]))
        let store = try Store(path: path)
        #expect(try store.evidenceCount() == 600)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("two rungctl processes adding evidence at once both succeed")
    func concurrentRungctl() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        let rungctl = BuiltProduct.path("rungctl")
        let script = """
            for i in $(seq 15); do "$0" evidence add --store "$1" --skill public-speaking "entry $2 $i" || exit 1; done
            """
        let results = try await onOwnThread {
            let shells = try ["a", "b"].map { tag in
                let shell = Process()
                shell.executableURL = URL(fileURLWithPath: "/bin/sh")
                shell.arguments = ["-c", script, rungctl, path, tag]
                shell.standardOutput = FileHandle.nullDevice
                try shell.runLockingEnvironment()
                return shell
            }
            return shells.map { shell in
                shell.waitUntilExit()
                return shell.terminationStatus
            }
        }
        #expect(results == [0, 0])
        #expect(try Store(path: path).evidenceCount() == 30)
    }
}

/// A running `rung-store-crash-writer`, its stdout read line by line.
final class WriterChild {
    private let process = Process()
    private let output = Pipe()
    private let errorPath: String
    private let errorDirectory: TemporaryDirectory
    private var buffer = Data()
    private var ended = false

    init(store: String, tag: String, count: Int? = nil) throws {
        errorDirectory = try TemporaryDirectory()
        errorPath = errorDirectory.file("stderr")
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else { throw POSIXError(.EIO) }
        process.executableURL = URL(fileURLWithPath: BuiltProduct.path("rung-store-crash-writer"))
        process.arguments = [store, tag] + (count.map { [String($0)] } ?? [])
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.runLockingEnvironment()
    }

    /// Reads until at least `count` ids have arrived (or the child ends).
    func readIDs(atLeast count: Int) throws -> [Int64] {
        var ids: [Int64] = []
        while ids.count < count, !ended {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { ended = true }
            buffer.append(chunk)
            ids += takeLines()
        }
        return ids
    }

    /// SIGKILLs the child and returns the ids it printed before dying.
    func kill() throws -> [Int64] {
        Glibc.kill(process.processIdentifier, SIGKILL)
        return try readToEnd()
    }

    /// Reads every id until the child closes its stdout, then waits for it.
    func readToEnd() throws -> [Int64] {
        buffer.append(output.fileHandleForReading.readDataToEndOfFile())
        ended = true
        process.waitUntilExit()
        return takeLines()
    }

    /// The complete lines in the buffer, as ids. A line is written in one write(2), so a
    /// killed child never leaves half an id.
    private func takeLines() -> [Int64] {
        guard let lastNewline = buffer.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let lines = String(decoding: buffer[..<lastNewline], as: UTF8.self).split(separator: "\n")
        buffer.removeSubrange(...lastNewline)
        return lines.compactMap { Int64($0) }
    }

    var terminationSignal: Int32? {
        process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
    }

    var exitStatus: Int32? {
        process.terminationReason == .exit ? process.terminationStatus : nil
    }

    var stderr: String {
        String(decoding: contents(errorPath) ?? Data(), as: UTF8.self)
    }
}

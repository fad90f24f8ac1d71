import Foundation
import Glibc
import RungTestSupport

/// Connections to rungd's control socket held by a child process (`rung-control-clients`),
/// so that this process, which starts children all the time, never holds a thousand
/// descriptors: Foundation's `Process.run()` lists this process's open files and, with
/// that many, now and then reads past a buffer and crashes.
final class HeldControlClients: @unchecked Sendable {
    // Safe: each method is called by one test at a time, which owns this instance.
    private let process = Process()
    private let commands = Pipe()
    private let answers = Pipe()
    private var pending: [UInt8] = []
    /// How many of the clients connected.
    private(set) var connected = 0

    /// Opens `count` connections to `socket`; with `call`, every second one sends it.
    init(_ count: Int, to socket: String, sending call: String? = nil) async throws {
        process.executableURL = URL(fileURLWithPath: ProcessRunner.product("rung-control-clients"))
        process.arguments = [socket, String(count)] + (call.map { [$0] } ?? [])
        process.standardInput = commands
        process.standardOutput = answers
        try await process.runLockingEnvironment()
        let first = try await answer()
        guard first.hasPrefix("connected "), let number = Int(first.dropFirst("connected ".count)) else {
            throw HeldClientsFailure(answer: first)
        }
        connected = number
    }

    /// Whether rungd closed connection `index` within `limit`.
    func closedByPeer(_ index: Int, within limit: Duration) async throws -> Bool {
        try await ask("closed \(index) \(limit.components.seconds * 1000)") == "closed"
    }

    /// One reply from each caller: replies, refusals, and callers left without an answer
    /// after `limit`.
    func replies(within limit: Duration) async throws -> (replied: Int, refused: Int, hung: Int) {
        let words = try await ask("replies \(limit.components.seconds * 1000)").split(separator: " ")
        guard words.count == 6, let replied = Int(words[1]), let refused = Int(words[3]), let hung = Int(words[5]) else {
            throw HeldClientsFailure(answer: words.joined(separator: " "))
        }
        return (replied, refused, hung)
    }

    /// Closes every connection and waits for the child to exit.
    func release() async throws {
        try commands.fileHandleForWriting.close()
        try await onOwnThread { [process] in process.waitUntilExit() }
    }

    private func ask(_ command: String) async throws -> String {
        commands.fileHandleForWriting.write(Data((command + "\n").utf8))
        return try await answer()
    }

    /// The child's next line of output.
    private func answer() async throws -> String {
        try await onOwnThread { [self] in
            while true {
                if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    defer { pending.removeSubrange(...end) }
                    return String(decoding: pending[..<end], as: UTF8.self)
                }
                let chunk = answers.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw HeldClientsFailure(answer: "end of output") }
                pending += chunk
            }
        }
    }
}

/// `rung-control-clients` answered something unexpected.
struct HeldClientsFailure: Error, CustomStringConvertible {
    let answer: String
    var description: String { "rung-control-clients answered: \(answer)" }
}

import Foundation
import Glibc
import RungControl
import RungTestSupport
import Testing

/// Every raw message of the bad-input corpus, written to rungd's control socket, gets an
/// error reply (bytes that are not JSON may instead get the connection closed), writes
/// nothing, and leaves rungd answering.
@Suite("Bad-input corpus: varlink messages", .serialized)
struct VarlinkCorpusTests {
    /// A bound on a hang, not a measure of speed.
    static let limitSeconds = 30

    @Test("rungd answers every corpus message with an error, changes nothing, and still answers")
    func errorReplyToEach() async throws {
        let lines = try BadInputCorpus.lines(in: "varlink")
        try #require(!lines.isEmpty, "the corpus is missing")
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Friend", stakes = "low" }]

            [performance.talk]
            title = "Team talk"
            ladder = "talks"
            rung = 1
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let variables = ["OCCURRENCE": try await CommandCorpusTests.plannedReframe(rungd)]
        let socket = rungd.runtimeDirectory + "/rung/control"
        let tally = CorpusTally("varlink")
        try await tally.play(lines, against: rungd, statusEvery: 25) { line in
            let message = BadInputCorpus.bytes(of: line.text, variables: variables)
            let exchange = try await onOwnThread { try Self.exchange(message, at: socket) }
            return Self.problems(exchange, message: message)
        }
        #expect(await rungd.stop() == 0)
    }

    /// What came back for one message on a connection of its own.
    struct Exchange: Sendable {
        /// The replies, each without its NUL.
        var replies: [[UInt8]]
        /// rungd closed the connection (or reset it) before the limit.
        var closed: Bool
    }

    /// Connects, writes `message` and its NUL, ends the sending side, and reads until rungd
    /// closes the connection or the limit passes.
    static func exchange(_ message: [UInt8], at path: String) throws -> Exchange {
        let descriptor = try UnixSocket.connect(to: path)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: limitSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // rungd may stop reading a message longer than it takes, and reply at once.
        _ = UnixSocket.writeAll(message + [0], to: descriptor)
        shutdown(descriptor, Int32(SHUT_WR))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var closed = false
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                received += buffer[..<count]
            } else if count < 0, errno == EINTR {
                continue
            } else {
                closed = count == 0 || errno == ECONNRESET
                break
            }
        }
        let replies = received.split(separator: 0, omittingEmptySubsequences: false).dropLast().map(Array.init)
        return Exchange(replies: replies, closed: closed)
    }

    /// What is wrong with the exchange: no reply, a reply without an error, or no end.
    static func problems(_ exchange: Exchange, message: [UInt8]) -> [String] {
        guard let first = exchange.replies.first else {
            if !exchange.closed { return ["no reply and no close within \(limitSeconds) s"] }
            let isJSONObject = (try? JSONSerialization.jsonObject(with: Data(message))) is [String: Any]
            return isJSONObject ? ["closed without a reply"] : []
        }
        let reply = try? JSONSerialization.jsonObject(with: Data(first)) as? [String: Any]
        guard let reply else { return ["a reply that is not a JSON object: \(String(decoding: first.prefix(160), as: UTF8.self))"] }
        guard reply["error"] is String else {
            return ["answered without an error: \(String(decoding: first.prefix(200), as: UTF8.self))"]
        }
        return []
    }
}

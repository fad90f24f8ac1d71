import Foundation
import Glibc
import RungControl

/// `rung-control-clients SOCKET COUNT [CALL]`: the child process of the control socket's
/// load tests. It opens COUNT connections to SOCKET and holds them, so the tests' own
/// process never holds a thousand descriptors (Foundation's `Process.run()` on Linux
/// reads past a buffer while it lists that many open files, and crashes now and then).
/// With CALL (a varlink call as JSON), every second connection, from the first on, sends it.
///
/// It prints `connected N` once the connections are open, then answers one line for each
/// command line read from standard input:
/// - `closed I MS`: `closed` when rungd closed connection I within MS milliseconds, else `open`;
/// - `replies MS`: `replied R refused F hung H` over the connections that sent CALL: a
///   reply, a refusal (an error reply, a closed connection, one that never connected), or
///   nothing within MS milliseconds.
/// At end of input it closes every connection and exits.
@main
enum ControlClients {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 || arguments.count == 4, let count = Int(arguments[2]), count >= 0 else {
            fail("usage: rung-control-clients SOCKET COUNT [CALL]")
        }
        raiseDescriptorLimit(to: count + 64)
        let connections: [Int32?] = (0..<count).map { _ in try? UnixSocket.connect(to: arguments[1]) }
        let callers = connections.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        if arguments.count == 4 {
            let call = Array(arguments[3].utf8) + [0]
            for case let descriptor? in callers { _ = UnixSocket.writeAll(call, to: descriptor) }
        }
        say("connected \(connections.compactMap { $0 }.count)")
        while let line = readLine() {
            let words = line.split(separator: " ").map(String.init)
            switch (words.first, words.count) {
            case ("closed", 3):
                guard let index = Int(words[1]), connections.indices.contains(index), let limit = Int32(words[2]) else {
                    fail("closed: no connection \(words[1]) or no time limit \(words[2])")
                }
                say(connections[index].map { UnixSocket.closedByPeer($0, within: limit) } == false ? "open" : "closed")
            case ("replies", 2):
                guard let limit = Int(words[1]) else { fail("replies: no time limit \(words[1])") }
                let outcome = replies(callers, within: limit)
                say("replied \(outcome.replied) refused \(outcome.refused) hung \(outcome.hung)")
            default:
                fail("unknown command: \(line)")
            }
        }
        for case let descriptor? in connections { close(descriptor) }
    }

    /// Raises the soft limit of open files, within the hard limit, so every connection fits.
    static func raiseDescriptorLimit(to count: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
        limit.rlim_cur = min(rlim_t(count), limit.rlim_max)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Reads one reply from each caller (nil: it never connected, a refusal).
    static func replies(_ callers: [Int32?], within milliseconds: Int) -> (replied: Int, refused: Int, hung: Int) {
        var result = (replied: 0, refused: 0, hung: 0)
        for caller in callers {
            guard let caller else {
                result.refused += 1
                continue
            }
            UnixSocket.setTimeout(SO_RCVTIMEO, .milliseconds(milliseconds), on: caller)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !received.contains(0) {
                let count = recv(caller, &buffer, buffer.count, 0)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                received += buffer[..<count]
            }
            if let end = received.firstIndex(of: 0) {
                let reply = try? JSONSerialization.jsonObject(with: Data(received[..<end])) as? [String: Any]
                if reply?["error"] != nil { result.refused += 1 } else { result.replied += 1 }
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                result.hung += 1
            } else {
                result.refused += 1
            }
        }
        return result
    }

    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("rung-control-clients: \(message)\n".utf8))
        exit(64)
    }
}

import Glibc

/// A varlink client over a Unix socket: one call at a time, blocking, with a time limit,
/// as a command-line tool wants it.
public final class VarlinkClient {
    /// Why a call did not get a reply.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    private let descriptor: Int32
    private var framing = VarlinkFraming()
    /// Messages received but not yet read: a read may bring several replies of a stream.
    private var received: [[UInt8]] = []

    /// Connects to the service listening at `path`; `timeout` bounds each reply.
    public init(path: String, timeout: Duration = .seconds(5)) throws(UnixSocket.Failure) {
        descriptor = try UnixSocket.connect(to: path)
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Sends `call` and waits for its (first) reply.
    public func call(_ call: VarlinkCall) throws(Failure) -> VarlinkReply {
        try send(call)
        return try nextReply(to: call)
    }

    /// Sends `call` with `more` set and collects every reply the service streams: those
    /// marked `continues`, then the last one, which may be an error.
    public func callStreaming(_ call: VarlinkCall) throws(Failure) -> [VarlinkReply] {
        var call = call
        call.more = true
        try send(call)
        var replies: [VarlinkReply] = []
        while true {
            let reply = try nextReply(to: call)
            replies.append(reply)
            if reply.continues != true || reply.error != nil { return replies }
        }
    }

    private func send(_ call: VarlinkCall) throws(Failure) {
        let message: [UInt8]
        do {
            message = try VarlinkFraming.encode(call)
        } catch {
            throw Failure(description: "cannot encode \(call.method): \(error)")
        }
        guard UnixSocket.writeAll(message, to: descriptor) else {
            throw Failure(description: "cannot send \(call.method): \(String(cString: strerror(errno)))")
        }
    }

    private func nextReply(to call: VarlinkCall) throws(Failure) -> VarlinkReply {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while received.isEmpty {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { throw Failure(description: "the service closed the connection during \(call.method)") }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = errno == EAGAIN ? "no reply in time" : String(cString: strerror(errno))
                throw Failure(description: "\(call.method): \(reason)")
            }
            do throws(VarlinkFraming.Failure) {
                received += try framing.append(buffer[..<count])
            } catch {
                throw Failure(description: "\(call.method): unreadable reply: \(error)")
            }
        }
        let message = received.removeFirst()
        do {
            return try VarlinkFraming.decode(VarlinkReply.self, from: message)
        } catch {
            throw Failure(description: "\(call.method): unreadable reply: \(error)")
        }
    }
}

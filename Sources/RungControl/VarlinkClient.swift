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

    /// Why no connection to the service was made.
    public enum ConnectionFailure: Error, Sendable, CustomStringConvertible {
        /// Nothing listens at the path (no socket file, or no process behind it).
        case notListening(UnixSocket.Failure)
        /// The service accepted no connection within the time limit.
        case timedOut(path: String, timeout: Duration)
        /// The socket is served by another user, who would read whatever is sent.
        case otherUser(path: String, uid: uid_t)
        /// Any other failure of the socket calls.
        case failed(UnixSocket.Failure)

        public var description: String {
            switch self {
            case .notListening(let failure), .failed(let failure):
                failure.description
            case .timedOut(let path, let timeout):
                "'\(path)' accepted no connection within \(timeout.components.seconds) s"
            case .otherUser(let path, let uid):
                "'\(path)' is served by another user (uid \(uid)), not by you (uid \(getuid())); nothing was sent to it"
            }
        }
    }

    /// Connects to the service listening at `path`, served by `owner` (by default this
    /// process's user: anyone else could read what is sent); `timeout` bounds the connection
    /// and each reply.
    public init(path: String, timeout: Duration = .seconds(5), owner: uid_t = getuid()) throws(ConnectionFailure) {
        descriptor = try Self.connect(to: path, timeout: timeout, owner: owner)
    }

    private static func connect(to path: String, timeout: Duration, owner: uid_t) throws(ConnectionFailure) -> Int32 {
        let descriptor: Int32
        do throws(UnixSocket.Failure) {
            descriptor = try UnixSocket.connect(to: path, timeout: timeout)
        } catch {
            switch error.errno {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .notListening(error)
            case EAGAIN: throw .timedOut(path: path, timeout: timeout)
            default: throw .failed(error)
            }
        }
        let peer = UnixSocket.peerUserID(of: descriptor)
        guard peer == owner else {
            let reason = errno
            close(descriptor)
            throw peer.map { .otherUser(path: path, uid: $0) }
                ?? .failed(UnixSocket.Failure(operation: "SO_PEERCRED", path: path, errno: reason))
        }
        UnixSocket.setTimeout(SO_RCVTIMEO, timeout, on: descriptor)
        return descriptor
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

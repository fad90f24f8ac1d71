import Foundation
import Glibc
import Logging
import RungControl
import RungTime
import Synchronization

/// Serves a varlink service on a Unix socket that only this user may use: the socket's
/// directory is 0700 and this user's (see `PrivateDirectory`), the socket 0600, and every
/// connection's peer uid (`SO_PEERCRED`) is checked. A malformed or oversized message gets
/// an error reply and ends that connection; it never takes the daemon down. A reply longer
/// than a client reads is never sent: the call gets `ReplyTooLarge` instead (a method that
/// streams, called with `more`, splits its reply so that it fits).
///
/// Connections are few and short (one `rungctl` run each), so each gets a thread that
/// reads, answers in order and closes; the service's handlers run as tasks. No client can
/// wedge the socket: at most `Limits.maximumConnections` are served at once (a new one
/// takes the place of the one idle longest), a client that sends no whole call or reads
/// no reply for `Limits.idleTimeout` is dropped, and when the process runs out of file
/// descriptors the server drops an idle client and tries again instead of giving up.
public final class ControlServer: Sendable {
    /// How much the server gives its clients.
    public struct Limits: Sendable {
        /// Clients served at once.
        public var maximumConnections: Int
        /// How long a client may take to send a whole call, or to read a reply.
        public var idleTimeout: Duration
        /// The longest call read; a longer one is refused.
        public var maximumMessageSize: Int
        /// The longest reply sent; a longer one is replaced by `ReplyTooLarge`.
        public var maximumReplySize: Int

        public init(
            maximumConnections: Int = 64, idleTimeout: Duration = .seconds(30), maximumMessageSize: Int = 1 << 16,
            maximumReplySize: Int = VarlinkFraming.defaultMaximumMessageSize
        ) {
            self.maximumConnections = maximumConnections
            self.idleTimeout = idleTimeout
            self.maximumMessageSize = maximumMessageSize
            self.maximumReplySize = maximumReplySize
        }
    }

    /// The error a connection gets for a message that is not a varlink call.
    public static let malformedMessageError = ControlInterface.ErrorName.malformedMessage.qualifiedName
    /// The error a connection from another user gets before it is closed.
    public static let permissionDeniedError = "org.varlink.service.PermissionDenied"
    /// The error a call gets instead of a reply longer than `maximumReplySize`.
    public static let replyTooLargeError = ControlInterface.ErrorName.replyTooLarge.qualifiedName

    public let path: String
    private let descriptor: Int32
    private let stopped = Atomic<Bool>(false)
    private let connections: ControlConnections

    /// Starts listening at `path`, in a private directory (see `PrivateDirectory.prepare`).
    public init(path: String, service: VarlinkService, logger: Logger, limits: Limits = Limits()) throws {
        self.path = path
        try PrivateDirectory.prepare((path as NSString).deletingLastPathComponent)
        let descriptor = try UnixSocket.listen(at: path, mode: 0o600)
        self.descriptor = descriptor
        let connections = ControlConnections(capacity: limits.maximumConnections)
        self.connections = connections
        Thread.detachNewThread { [self] in
            acceptConnections(service: service, logger: logger, limits: limits)
        }
    }

    /// Clients being served now.
    public var connectionCount: Int { connections.count }

    /// Stops accepting connections and removes the socket file.
    public func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        unlink(path)
        // Wakes the accepting thread, which closes the socket: closing it here could let
        // its number be reused by another file before that thread calls accept again.
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private func acceptConnections(service: VarlinkService, logger: Logger, limits: Limits) {
        defer { close(descriptor) }
        var backoff: Duration?
        while true {
            let connection = accept(descriptor, nil, nil)
            if stopped.load(ordering: .sequentiallyConsistent) {
                if connection >= 0 { close(connection) }
                return
            }
            guard connection >= 0 else {
                let error = errno
                if error == EINTR || error == ECONNABORTED { continue }
                // Out of descriptors (EMFILE, ENFILE) or memory, or anything unforeseen: never
                // give the socket up. Give back the descriptor of the client idle longest, wait
                // a little longer each time, and try again; the client waits in the backlog.
                let wait = min((backoff ?? .milliseconds(5)) * 2, .seconds(1))
                if backoff == nil {
                    logger.warning("cannot accept control connections; dropping idle ones and retrying",
                                   metadata: ["error": "\(String(cString: strerror(error)))", "clients": "\(connections.count)"])
                }
                backoff = wait
                connections.dropLongestIdle()
                Thread.sleep(forTimeInterval: Double(wait.components.attoseconds) / 1e18 + Double(wait.components.seconds))
                continue
            }
            if backoff != nil {
                logger.notice("accepting control connections again")
                backoff = nil
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            guard connections.admit(connection) else {
                logger.warning("refused a control connection: every client is in a call", metadata: ["clients": "\(connections.count)"])
                close(connection)
                continue
            }
            // A client that reads no reply makes sends fail instead of holding its thread.
            UnixSocket.setTimeout(SO_SNDTIMEO, limits.idleTimeout, on: connection)
            Thread.detachNewThread { [connections] in
                defer {
                    connections.remove(connection)
                    close(connection)
                }
                Self.serve(connection, service: service, logger: logger, limits: limits, connections: connections)
            }
        }
    }

    private static func serve(
        _ connection: Int32, service: VarlinkService, logger: Logger, limits: Limits, connections: ControlConnections
    ) {
        let peer = UnixSocket.peerUserID(of: connection)
        guard peer == getuid() else {
            logger.warning("refused a control connection from another user", metadata: ["peer_uid": "\(peer.map(String.init) ?? "unknown")"])
            send(.error(permissionDeniedError), to: connection)
            return
        }
        var framing = VarlinkFraming(maximumMessageSize: limits.maximumMessageSize)
        var buffer = [UInt8](repeating: 0, count: 16_384)
        // A client has `idleTimeout` for each whole call, however it spreads its bytes.
        var deadline = ContinuousClock.now + limits.idleTimeout
        while true {
            guard waitForInput(on: connection, until: deadline) else {
                logger.debug("dropped an idle control connection")
                return
            }
            let count = recv(connection, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            let messages: [[UInt8]]
            do throws(VarlinkFraming.Failure) {
                messages = try framing.append(buffer[..<count])
            } catch {
                reject(error.description, connection: connection, logger: logger)
                return
            }
            guard !messages.isEmpty else { continue }
            connections.markBusy(connection)
            for message in messages {
                let call: VarlinkCall
                do throws(VarlinkCall.Malformed) {
                    call = try VarlinkCall(message: message)
                } catch {
                    reject(error.description, connection: connection, logger: logger)
                    return
                }
                let replies = waitForReplies(service: service, call: call)
                guard call.oneway != true else { continue }
                for reply in replies {
                    // An oversized reply ends the call with an error, so nothing follows it.
                    guard send(reply, to: connection, limit: limits.maximumReplySize, call: call, logger: logger) else { break }
                }
            }
            connections.markIdle(connection)
            deadline = ContinuousClock.now + limits.idleTimeout
        }
    }

    /// Waits until `connection` has bytes to read or is closed; false at `deadline`.
    private static func waitForInput(on connection: Int32, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }  // recv reports the error
        }
    }

    /// Runs the async handler from this connection's thread and waits for its replies.
    private static func waitForReplies(service: VarlinkService, call: VarlinkCall) -> [VarlinkReply] {
        let box = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.replies = await service.replies(to: call)
            done.signal()
        }
        done.wait()
        return box.replies ?? [.error(malformedMessageError)]
    }

    private static func send(_ reply: VarlinkReply, to connection: Int32) {
        if let bytes = try? VarlinkFraming.encode(reply) {
            _ = UnixSocket.writeAll(bytes, to: connection)
        }
    }

    /// Sends `reply` to `call`, or, when it is longer than `limit`, `ReplyTooLarge` in its
    /// place; whether the reply itself went out.
    private static func send(_ reply: VarlinkReply, to connection: Int32, limit: Int, call: VarlinkCall, logger: Logger) -> Bool {
        guard let bytes = try? VarlinkFraming.encode(reply) else { return false }
        let size = bytes.count - 1  // without the NUL, as a reader counts
        guard size <= limit else {
            logger.warning("refused to send an oversized reply", metadata: ["method": "\(call.method)", "bytes": "\(size)"])
            send(.control(ControlInterface.ReplyTooLarge(method: call.method, size: Int64(size), limit: Int64(limit))), to: connection)
            return false
        }
        return UnixSocket.writeAll(bytes, to: connection)
    }

    private static func reject(_ reason: String, connection: Int32, logger: Logger) {
        logger.warning("malformed control message", metadata: ["reason": "\(reason)"])
        send(.control(ControlInterface.MalformedMessage(reason: reason)), to: connection)
    }
}

/// Hands the replies to one call from a task to the thread waiting on them.
private final class ReplyBox: @unchecked Sendable {
    // Safe: written once by the task before it signals the semaphore, read by the
    // waiting thread only after the signal, so the two never overlap.
    var replies: [VarlinkReply]?
}

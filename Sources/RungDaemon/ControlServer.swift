import Foundation
import Glibc
import Logging
import RungControl

/// Serves a varlink service on a Unix socket that only this user may use: the socket's
/// directory is 0700, the socket 0600, and every connection's peer uid (`SO_PEERCRED`) is
/// checked. A malformed or oversized message gets an error reply and ends that connection;
/// it never takes the daemon down. A reply longer than a client reads is never sent: the
/// call gets `ReplyTooLarge` instead (a method that streams, called with `more`, splits its
/// reply so that it fits).
///
/// Connections are few and short (one `rungctl` run each), so each gets a thread that
/// reads, answers in order and closes; the service's handlers run as tasks.
public final class ControlServer: Sendable {
    /// The error a connection gets for a message that is not a varlink call.
    public static let malformedMessageError = ControlInterface.ErrorName.malformedMessage.qualifiedName
    /// The error a connection from another user gets before it is closed.
    public static let permissionDeniedError = "org.varlink.service.PermissionDenied"
    /// The error a call gets instead of a reply longer than `maximumReplySize`.
    public static let replyTooLargeError = ControlInterface.ErrorName.replyTooLarge.qualifiedName

    public let path: String
    private let descriptor: Int32

    /// Starts listening at `path`, creating its directory (0700) when missing. Calls longer
    /// than `maximumMessageSize` are refused; replies longer than `maximumReplySize` are
    /// replaced by `ReplyTooLarge`.
    public init(
        path: String, service: VarlinkService, logger: Logger, maximumMessageSize: Int = 1 << 16,
        maximumReplySize: Int = VarlinkFraming.defaultMaximumMessageSize
    ) throws {
        self.path = path
        try Self.makePrivateDirectory((path as NSString).deletingLastPathComponent)
        let descriptor = try UnixSocket.listen(at: path, mode: 0o600)
        self.descriptor = descriptor
        Thread.detachNewThread {
            while true {
                let connection = accept(descriptor, nil, nil)
                if connection < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return  // stop() shut the socket down
                }
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                Thread.detachNewThread {
                    Self.serve(
                        connection, service: service, logger: logger, maximumMessageSize: maximumMessageSize,
                        maximumReplySize: maximumReplySize)
                }
            }
        }
    }

    /// Creates `directory` (and its parents) when missing, and makes it 0700.
    public static func makePrivateDirectory(_ directory: String) throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(directory, 0o700)
    }

    /// Stops accepting connections and removes the socket file.
    public func stop() {
        unlink(path)
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    private static func serve(_ connection: Int32, service: VarlinkService, logger: Logger, maximumMessageSize: Int, maximumReplySize: Int) {
        defer { close(connection) }
        let peer = UnixSocket.peerUserID(of: connection)
        guard peer == getuid() else {
            logger.warning("refused a control connection from another user", metadata: ["peer_uid": "\(peer.map(String.init) ?? "unknown")"])
            send(.error(permissionDeniedError), to: connection)
            return
        }
        var framing = VarlinkFraming(maximumMessageSize: maximumMessageSize)
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
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
            for message in messages {
                guard let call = try? VarlinkFraming.decode(VarlinkCall.self, from: message) else {
                    reject("not a varlink call", connection: connection, logger: logger)
                    return
                }
                let replies = waitForReplies(service: service, call: call)
                guard call.oneway != true else { continue }
                for reply in replies {
                    // An oversized reply ends the call with an error, so nothing follows it.
                    guard send(reply, to: connection, limit: maximumReplySize, call: call, logger: logger) else { break }
                }
            }
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
            send(.control(.replyTooLarge, [
                "method": .string(call.method), "size": .integer(Int64(size)), "limit": .integer(Int64(limit)),
            ]), to: connection)
            return false
        }
        return UnixSocket.writeAll(bytes, to: connection)
    }

    private static func reject(_ reason: String, connection: Int32, logger: Logger) {
        logger.warning("malformed control message", metadata: ["reason": "\(reason)"])
        send(.error(malformedMessageError, ["reason": .string(reason)]), to: connection)
    }
}

/// Hands the replies to one call from a task to the thread waiting on them.
private final class ReplyBox: @unchecked Sendable {
    // Safe: written once by the task before it signals the semaphore, read by the
    // waiting thread only after the signal, so the two never overlap.
    var replies: [VarlinkReply]?
}

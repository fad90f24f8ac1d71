import CSystemd
import Glibc

/// A session-bus operation failed: nothing to connect to, an error reply (including "no
/// reply in time"), a reply of the wrong shape, or a connection closed under the call.
public struct BusError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case cannotConnect(address: String, errno: Int32)
        case errorReply(name: String, message: String)
        case malformedMessage(String)
        case closed
        case local(operation: String, errno: Int32)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// Connecting to `address` failed with `errno` (e.g. `ENOENT`: no bus listens there).
    public static func cannotConnect(to address: String, errno: Int32) -> BusError {
        BusError(.cannotConnect(address: address, errno: abs(errno)))
    }

    /// The peer (or the bus, or sd-bus on a time-out) answered with error `name`.
    public static func errorReply(name: String, message: String) -> BusError {
        BusError(.errorReply(name: name, message: message))
    }

    /// A message did not hold what its reader expected.
    public static func malformedMessage(_ what: String) -> BusError {
        BusError(.malformedMessage(what))
    }

    /// The connection was closed (by `close()` or because the bus went away).
    public static let closed = BusError(.closed)

    /// An sd-bus call failed locally, e.g. building a message.
    static func local(_ operation: String, errno: Int32) -> BusError {
        BusError(.local(operation: operation, errno: abs(errno)))
    }

    /// The D-Bus error name of an error reply, e.g. `org.freedesktop.DBus.Error.NoReply`.
    public var errorName: String? {
        if case .errorReply(let name, _) = code { name } else { nil }
    }

    /// No reply came: the call timed out, or its destination left the bus without replying.
    public var isNoReply: Bool {
        errorName == "org.freedesktop.DBus.Error.NoReply" || errorName == "org.freedesktop.DBus.Error.Timeout"
    }

    /// The destination name has no owner (and the call did not allow activating one).
    public var isNameWithoutOwner: Bool {
        errorName == "org.freedesktop.DBus.Error.NameHasNoOwner" || errorName == "org.freedesktop.DBus.Error.ServiceUnknown"
    }

    /// Whether the connection itself is gone, so that a new one is needed.
    public var isClosed: Bool {
        code == .closed
    }

    public var description: String {
        switch code {
        case .cannotConnect(let address, let errno):
            "cannot connect to the session bus at \(address): \(String(cString: strerror(errno)))"
        case .errorReply(let name, let message):
            message.isEmpty ? name : "\(name): \(message)"
        case .malformedMessage(let what):
            "unexpected message: \(what)"
        case .closed:
            "the bus connection is closed"
        case .local(let operation, let errno):
            "\(operation) failed: \(String(cString: strerror(errno)))"
        }
    }

    /// The error an error-reply message carries.
    static func reply(_ error: UnsafePointer<sd_bus_error>) -> BusError {
        .errorReply(
            name: error.pointee.name.map { String(cString: $0) } ?? "org.freedesktop.DBus.Error.Failed",
            message: error.pointee.message.map { String(cString: $0) } ?? "")
    }
}

/// Throws `BusError.local` for a negative sd-bus return value, else returns it.
@discardableResult
func checked(_ result: Int32, _ operation: String) throws(BusError) -> Int32 {
    guard result >= 0 else { throw BusError.local(operation, errno: result) }
    return result
}

import CSystemd
import Glibc

/// A method call to send on the bus: where to, what, and with which arguments.
public struct BusMethodCall: Sendable, Hashable {
    public var destination: String
    public var path: String
    public var interface: String
    public var member: String
    public var arguments: [BusValue]
    /// Whether the bus may start the destination's service to answer. Off by default: a
    /// daemon asks who is there rather than starting services behind the session's back.
    public var allowsActivation: Bool

    public init(
        destination: String, path: String, interface: String, member: String,
        arguments: [BusValue] = [], allowsActivation: Bool = false
    ) {
        self.destination = destination
        self.path = path
        self.interface = interface
        self.member = member
        self.arguments = arguments
        self.allowsActivation = allowsActivation
    }

    /// A call to the bus itself (`org.freedesktop.DBus`).
    public static func bus(_ member: String, _ arguments: [BusValue] = []) -> BusMethodCall {
        BusMethodCall(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus",
            interface: "org.freedesktop.DBus", member: member, arguments: arguments)
    }

    /// The message for this call on `bus`; the caller owns (and unrefs) it.
    func message(on bus: OpaquePointer) throws(BusError) -> OpaquePointer {
        var message: OpaquePointer?
        try checked(
            sd_bus_message_new_method_call(bus, &message, destination, path, interface, member),
            "creating the \(member) call")
        guard let message else { throw BusError.local("creating the \(member) call", errno: ENOMEM) }
        do {
            try checked(sd_bus_message_set_auto_start(message, allowsActivation ? 1 : 0), "setting auto-start")
            for argument in arguments { try argument.append(to: message) }
        } catch {
            sd_bus_message_unref(message)
            throw error
        }
        return message
    }
}

import CSystemd

/// Reads the arguments of one received message (a reply or a signal), in order, each as
/// the type the caller expects; a different type is an error naming both.
///
/// A reader is lent to a closure on the bus thread and is valid only while that closure
/// runs: decode what is needed there and keep only the values.
public struct BusMessageReader {
    let message: OpaquePointer

    /// The signal's or method's member name.
    public var member: String? { string(sd_bus_message_get_member(message)) }
    /// The unique name of the sender, e.g. `:1.42`.
    public var sender: String? { string(sd_bus_message_get_sender(message)) }
    /// The object path the message concerns.
    public var path: String? { string(sd_bus_message_get_path(message)) }
    /// The interface of the signal or method.
    public var interface: String? { string(sd_bus_message_get_interface(message)) }
    /// The signature of the message's arguments, e.g. `us`.
    public var signature: String { string(sd_bus_message_get_signature(message, 1)) ?? "" }

    public func readString() throws(BusError) -> String {
        var value: UnsafePointer<CChar>?
        try read("s", into: &value)
        return String(cString: value!)
    }

    public func readUInt32() throws(BusError) -> UInt32 {
        var value: UInt32 = 0
        try read("u", into: &value)
        return value
    }

    public func readInt32() throws(BusError) -> Int32 {
        var value: Int32 = 0
        try read("i", into: &value)
        return value
    }

    public func readBoolean() throws(BusError) -> Bool {
        var value: Int32 = 0
        try read("b", into: &value)
        return value != 0
    }

    public func readStringArray() throws(BusError) -> [String] {
        let entered = sd_bus_message_enter_container(message, typeCode("a"), "s")
        guard entered > 0 else { throw mismatch(expected: "as", result: entered) }
        var values: [String] = []
        while true {
            var value: UnsafePointer<CChar>?
            let result = sd_bus_message_read_basic(message, typeCode("s"), &value)
            guard result != 0 else { break }
            guard result > 0, let value else { throw mismatch(expected: "as", result: result) }
            values.append(String(cString: value))
        }
        try checked(sd_bus_message_exit_container(message), "leaving an array")
        return values
    }

    private func read<Value>(_ type: Unicode.Scalar, into value: inout Value) throws(BusError) {
        let result = withUnsafeMutablePointer(to: &value) { sd_bus_message_read_basic(message, typeCode(type), $0) }
        guard result > 0 else { throw mismatch(expected: String(type), result: result) }
    }

    private func mismatch(expected: String, result: Int32) -> BusError {
        let what = result == 0 ? "missing" : "of another type"
        return .malformedMessage("\(member ?? "message") (\(signature)): argument \(expected) is \(what)")
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

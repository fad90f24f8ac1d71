import CSystemd

/// One argument of a method call, typed the way D-Bus types it: the few types Rung sends.
public enum BusValue: Sendable, Hashable {
    /// `y`
    case byte(UInt8)
    /// `b`
    case boolean(Bool)
    /// `i`
    case int32(Int32)
    /// `u`
    case uint32(UInt32)
    /// `s`; D-Bus strings cannot hold U+0000, so one that does is refused when sent.
    case string(String)
    /// `as`
    case stringArray([String])
    /// `a{sv}`: named values of any of these types, e.g. notification hints.
    case variantDictionary([String: BusValue])

    /// The D-Bus type signature of the value.
    public var signature: String {
        switch self {
        case .byte: "y"
        case .boolean: "b"
        case .int32: "i"
        case .uint32: "u"
        case .string: "s"
        case .stringArray: "as"
        case .variantDictionary: "a{sv}"
        }
    }

    /// Appends the value to `message`, which is being built.
    func append(to message: OpaquePointer) throws(BusError) {
        switch self {
        case .byte(var value):
            try checked(sd_bus_message_append_basic(message, typeCode("y"), &value), "appending a byte")
        case .boolean(let value):
            var word: Int32 = value ? 1 : 0
            try checked(sd_bus_message_append_basic(message, typeCode("b"), &word), "appending a boolean")
        case .int32(var value):
            try checked(sd_bus_message_append_basic(message, typeCode("i"), &value), "appending an int32")
        case .uint32(var value):
            try checked(sd_bus_message_append_basic(message, typeCode("u"), &value), "appending a uint32")
        case .string(let value):
            try Self.append(string: value, to: message)
        case .stringArray(let values):
            try checked(sd_bus_message_open_container(message, typeCode("a"), "s"), "opening an array")
            for value in values { try Self.append(string: value, to: message) }
            try checked(sd_bus_message_close_container(message), "closing an array")
        case .variantDictionary(let entries):
            try checked(sd_bus_message_open_container(message, typeCode("a"), "{sv}"), "opening a dictionary")
            for key in entries.keys.sorted() {
                try checked(sd_bus_message_open_container(message, typeCode("e"), "sv"), "opening a dictionary entry")
                try Self.append(string: key, to: message)
                let value = entries[key]!
                try checked(sd_bus_message_open_container(message, typeCode("v"), value.signature), "opening a variant")
                try value.append(to: message)
                try checked(sd_bus_message_close_container(message), "closing a variant")
                try checked(sd_bus_message_close_container(message), "closing a dictionary entry")
            }
            try checked(sd_bus_message_close_container(message), "closing a dictionary")
        }
    }

    private static func append(string: String, to message: OpaquePointer) throws(BusError) {
        guard !string.utf8.contains(0) else { throw BusError.malformedMessage("a D-Bus string cannot hold U+0000") }
        let result = string.withCString { sd_bus_message_append_basic(message, typeCode("s"), $0) }
        try checked(result, "appending a string")
    }
}

/// A D-Bus type code as sd-bus takes it.
func typeCode(_ code: Unicode.Scalar) -> CChar {
    CChar(UInt8(ascii: code))
}

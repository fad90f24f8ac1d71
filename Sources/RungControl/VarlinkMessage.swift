/// A varlink method call: `{"method": "io.rung.Control.Status", "parameters": {…}}`.
public struct VarlinkCall: Hashable, Sendable, Codable {
    /// Fully qualified: `INTERFACE.Method`.
    public var method: String
    public var parameters: [String: JSONValue]?
    /// The caller wants no reply.
    public var oneway: Bool?
    /// The caller accepts several replies (each but the last with `continues`).
    public var more: Bool?
    /// The connection switches to another protocol after the reply; Rung never does.
    public var upgrade: Bool?

    public init(method: String, parameters: [String: JSONValue]? = nil, oneway: Bool? = nil, more: Bool? = nil) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
    }

    /// The interface part of `method` (everything before the last '.').
    public var interface: String {
        guard let dot = method.lastIndex(of: ".") else { return "" }
        return String(method[..<dot])
    }

    /// The member part of `method` (after the last '.').
    public var member: String {
        guard let dot = method.lastIndex(of: ".") else { return method }
        return String(method[method.index(after: dot)...])
    }
}

/// A varlink reply: parameters, or an error name with the error's parameters.
public struct VarlinkReply: Hashable, Sendable, Codable {
    public var parameters: [String: JSONValue]?
    /// More replies follow this one.
    public var continues: Bool?
    /// A fully qualified error name, e.g. `org.varlink.service.MethodNotFound`.
    public var error: String?

    public init(parameters: [String: JSONValue]? = [:], continues: Bool? = nil, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }

    /// An error reply.
    public static func error(_ name: String, _ parameters: [String: JSONValue] = [:]) -> VarlinkReply {
        VarlinkReply(parameters: parameters, error: name)
    }

    /// `org.varlink.service.MethodNotFound`.
    public static func methodNotFound(_ method: String) -> VarlinkReply {
        .error("org.varlink.service.MethodNotFound", ["method": .string(method)])
    }

    /// `org.varlink.service.InterfaceNotFound`.
    public static func interfaceNotFound(_ interface: String) -> VarlinkReply {
        .error("org.varlink.service.InterfaceNotFound", ["interface": .string(interface)])
    }

    /// `org.varlink.service.InvalidParameter`, naming the parameter.
    public static func invalidParameter(_ parameter: String) -> VarlinkReply {
        .error("org.varlink.service.InvalidParameter", ["parameter": .string(parameter)])
    }
}

extension VarlinkCall {
    /// Why a message is not a varlink call; `description` says what is wrong and where.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The call one message (without its NUL) holds, read strictly: the message is strict
    /// JSON (see `JSONReader`), an object with a string `method`, an object `parameters` if
    /// any, booleans `oneway`, `more` and `upgrade` if any, and nothing else.
    public init(message: [UInt8]) throws(Malformed) {
        let value: JSONValue
        do {
            value = try JSONReader.read(message)
        } catch {
            throw Malformed(description: error.description)
        }
        guard case .object(let fields) = value else { throw Malformed(description: "a call must be a JSON object") }
        let known: Set<String> = ["method", "parameters", "oneway", "more", "upgrade"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw Malformed(description: "unknown field \"\(unknown)\" in a call")
        }
        guard case .string(let method) = fields["method"] else { throw Malformed(description: "a call needs a string \"method\"") }
        self.init(method: method)
        switch fields["parameters"] {
        case nil, .null?: break
        case .object(let parameters)?: self.parameters = parameters
        default: throw Malformed(description: "\"parameters\" must be an object")
        }
        oneway = try Self.flag("oneway", in: fields)
        more = try Self.flag("more", in: fields)
        upgrade = try Self.flag("upgrade", in: fields)
    }

    private static func flag(_ name: String, in fields: [String: JSONValue]) throws(Malformed) -> Bool? {
        switch fields[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw Malformed(description: "\"\(name)\" must be true or false")
        }
    }
}

/// What a varlink interface description declares, read from its IDL text: the types it
/// defines and its methods' parameters, enough to check each call against them.
public struct VarlinkInterfaceDefinition: Sendable {
    /// Why an interface description cannot be read; `offset` is where reading stopped.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let reason: String

        public var description: String { "interface description, byte \(offset): \(reason)" }
    }

    /// A method's parameters and what it returns.
    public struct Method: Sendable {
        public let parameters: [VarlinkField]
        public let returns: [VarlinkField]
    }

    public let name: String
    public let types: [String: VarlinkType]
    public let methods: [String: Method]
    public let errors: [String: [VarlinkField]]

    /// Reads `description`, varlink's IDL: `interface NAME`, then `type`, `method` and
    /// `error` declarations; `#` starts a comment.
    public init(parsing description: String) throws(Failure) {
        var parser = VarlinkIDLParser(description)
        guard try parser.word() == "interface" else { throw parser.failure("'interface NAME' expected first") }
        name = try parser.word()
        var types: [String: VarlinkType] = [:]
        var methods: [String: Method] = [:]
        var errors: [String: [VarlinkField]] = [:]
        while !parser.atEnd {
            let keyword = try parser.word()
            let member = try parser.word()
            guard types[member] == nil, methods[member] == nil, errors[member] == nil else {
                throw parser.failure("'\(member)' is declared twice")
            }
            switch keyword {
            case "type": types[member] = try parser.typeDefinition()
            case "method":
                let parameters = try parser.structure()
                try parser.expect("->")
                methods[member] = Method(parameters: parameters, returns: try parser.structure())
            case "error": errors[member] = try parser.structure()
            default: throw parser.failure("'type', 'method' or 'error' expected, not '\(keyword)'")
            }
        }
        self.types = types
        self.methods = methods
        self.errors = errors
    }

    /// The parameter of a call to `method` that makes it invalid: one the method does not
    /// declare, a required one missing, or one of the wrong type; nil when all are right.
    public func invalidParameter(of method: Method, in parameters: [String: JSONValue]) -> String? {
        VarlinkField.invalid(parameters, fields: method.parameters, types: types)
    }
}

/// Reads varlink's IDL a token at a time.
struct VarlinkIDLParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    func failure(_ reason: String) -> VarlinkInterfaceDefinition.Failure {
        VarlinkInterfaceDefinition.Failure(offset: position, reason: reason)
    }

    var atEnd: Bool {
        mutating get {
            skipSpaceAndComments()
            return position == bytes.count
        }
    }

    private mutating func skipSpaceAndComments() {
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
                position += 1
            } else {
                return
            }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// A name or keyword.
    mutating func word() throws(VarlinkInterfaceDefinition.Failure) -> String {
        skipSpaceAndComments()
        let start = position
        while position < bytes.count, Self.isWordByte(bytes[position]) { position += 1 }
        guard position > start else { throw failure("a name expected") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Whether `token` comes next; consumes it if so.
    mutating func take(_ token: String) -> Bool {
        skipSpaceAndComments()
        guard bytes[position...].starts(with: token.utf8) else { return false }
        position += token.utf8.count
        return true
    }

    mutating func expect(_ token: String) throws(VarlinkInterfaceDefinition.Failure) {
        guard take(token) else { throw failure("'\(token)' expected") }
    }

    /// `(name: T, …)` as fields; `()` has none.
    mutating func structure() throws(VarlinkInterfaceDefinition.Failure) -> [VarlinkField] {
        guard case .structure(let fields) = try typeDefinition() else { throw failure("'(name: type, …)' expected") }
        return fields
    }

    /// `(name: T, …)` or an enum `(a, b, …)`.
    mutating func typeDefinition() throws(VarlinkInterfaceDefinition.Failure) -> VarlinkType {
        try expect("(")
        if take(")") { return .structure([]) }
        var fields: [VarlinkField] = []
        var names: [String] = []
        repeat {
            let name = try word()
            if take(":") {
                guard names.isEmpty else { throw failure("an enum's values have no types") }
                fields.append(VarlinkField(name: name, type: try type()))
            } else {
                guard fields.isEmpty else { throw failure("':' expected after '\(name)'") }
                names.append(name)
            }
        } while take(",")
        try expect(")")
        return names.isEmpty ? .structure(fields) : .enumeration(names)
    }

    /// `bool`, `int`, `float`, `string`, `object`, `?T`, `[]T`, `[string]T`, a type name,
    /// or an inline structure or enum.
    mutating func type() throws(VarlinkInterfaceDefinition.Failure) -> VarlinkType {
        if take("?") { return .optional(try type()) }
        if take("[]") { return .array(try type()) }
        if take("[string]") { return .map(try type()) }
        skipSpaceAndComments()
        if position < bytes.count, bytes[position] == UInt8(ascii: "(") { return try typeDefinition() }
        switch try word() {
        case "bool": return .bool
        case "int": return .int
        case "float": return .float
        case "string": return .string
        case "object": return .object
        case let name: return .named(name)
        }
    }
}

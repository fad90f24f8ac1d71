extension JSONValue {
    /// `value` as JSON, as `JSONEncoder` would write it (an optional that is nil is left
    /// out), built directly: a reply of thousands of occurrences is not written out as text
    /// and read back.
    public init(encoding value: some Encodable) throws {
        let node = EncodingNode()
        try value.encode(to: JSONValueEncoder(node: node))
        self = node.value
    }

    /// This value read as a `T`, directly; a failure (`DecodingError`) names where in the
    /// value it is.
    public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try T(from: JSONValueDecoder(value: self, codingPath: []))
    }
}

private struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self, value, codingPath) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(value: value, codingPath: codingPath) }

    /// A `T` from `value`; strings, integers and booleans, most of a message, are taken as
    /// they are (the casts hold: `T` is that very type), without a decoder of their own.
    fileprivate static func read<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
        switch value {
        case .string(let text) where T.self == String.self: return text as! T
        case .integer(let number) where T.self == Int64.self: return number as! T
        case .bool(let flag) where T.self == Bool.self: return flag as! T
        default: return try T(from: JSONValueDecoder(value: value, codingPath: path))
        }
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSONValue]
        let codingPath: [any CodingKey]
        var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.read(type, from: try member(key), at: codingPath + [key])
        }

        private func member(_ key: Key) throws -> JSONValue {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no '\(key.stringValue)'"))
            }
            return value
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try JSONValueDecoder(value: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONValueDecoder(value: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { JSONValueDecoder(value: .object(members), codingPath: codingPath) }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONValueDecoder(value: try member(key), codingPath: codingPath + [key])
        }
    }

    private struct UnkeyedContainer: UnkeyedDecodingContainer {
        let elements: [JSONValue]
        let codingPath: [any CodingKey]
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }
        private(set) var currentIndex = 0

        init(elements: [JSONValue], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        mutating func decodeNil() throws -> Bool {
            guard try next() == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let value = try JSONValueDecoder.read(type, from: try next(), at: codingPath)
            currentIndex += 1
            return value
        }

        private func next() throws -> JSONValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(JSONValue.self, DecodingError.Context(codingPath: codingPath, debugDescription: "the list has ended"))
            }
            return elements[currentIndex]
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let container = try JSONValueDecoder(value: try next(), codingPath: codingPath).container(keyedBy: type)
            currentIndex += 1
            return container
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let container = try JSONValueDecoder(value: try next(), codingPath: codingPath).unkeyedContainer()
            currentIndex += 1
            return container
        }

        mutating func superDecoder() throws -> any Decoder {
            let decoder = JSONValueDecoder(value: try next(), codingPath: codingPath)
            currentIndex += 1
            return decoder
        }
    }

    private struct SingleValueContainer: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }

        func decode(_ type: Bool.Type) throws -> Bool {
            guard case .bool(let flag) = value else { throw mismatch(type, value, codingPath) }
            return flag
        }

        func decode(_ type: String.Type) throws -> String {
            guard case .string(let text) = value else { throw mismatch(type, value, codingPath) }
            return text
        }

        func decode(_ type: Double.Type) throws -> Double {
            switch value {
            case .double(let number): return number
            case .integer(let number): return Double(number)
            default: throw mismatch(type, value, codingPath)
            }
        }

        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
        func decode(_ type: Int.Type) throws -> Int { try integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: JSONValueDecoder(value: value, codingPath: codingPath)) }

        private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            guard case .integer(let number) = value, let exact = T(exactly: number) else { throw mismatch(type, value, codingPath) }
            return exact
        }
    }
}

/// The error for a value that is not the type asked for.
private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "expected \(type), found \(value)"))
}

/// Where an encoder writes: a value, or the members or elements its containers fill in.
private final class EncodingNode {
    /// A member or element: a value written at once (a string, a number), or a node a
    /// nested encoder fills in.
    enum Slot {
        case value(JSONValue)
        case node(EncodingNode)

        var value: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.value
            }
        }
    }

    var scalar: JSONValue = .null
    var members: [String: Slot]?
    var elements: [Slot]?

    var value: JSONValue {
        if let members { return .object(members.mapValues(\.value)) }
        if let elements { return .array(elements.map(\.value)) }
        return scalar
    }
}

private struct JSONValueEncoder: Encoder {
    let node: EncodingNode
    /// Not tracked: rebuilding the path for every value would cost more than the encoding,
    /// and nothing a control message holds can fail to encode.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [:] }
        return KeyedEncodingContainer(KeyedContainer(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedContainer(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node)
    }

    /// `value` encoded into a node of its own.
    static func encode(_ value: some Encodable) throws -> EncodingNode {
        let node = EncodingNode()
        try value.encode(to: JSONValueEncoder(node: node))
        return node
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: EncodingNode
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { node.members![key.stringValue] = .value(.null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { node.members![key.stringValue] = .value(.bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { node.members![key.stringValue] = .value(.string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { node.members![key.stringValue] = .value(.double(value)) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { node.members![key.stringValue] = .value(.integer(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

        private func put(_ value: some Encodable, _ key: Key) throws {
            node.members![key.stringValue] = .node(try JSONValueEncoder.encode(value))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = EncodingNode()
            node.members![key.stringValue] = .node(child)
            return JSONValueEncoder(node: child).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = EncodingNode()
            node.members![key.stringValue] = .node(child)
            return JSONValueEncoder(node: child).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = EncodingNode()
            node.members![key.stringValue] = .node(child)
            return JSONValueEncoder(node: child)
        }
    }

    private struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: EncodingNode
        var codingPath: [any CodingKey] { [] }
        var count: Int { node.elements!.count }

        mutating func encodeNil() throws { node.elements!.append(.value(.null)) }
        mutating func encode(_ value: Bool) throws { node.elements!.append(.value(.bool(value))) }
        mutating func encode(_ value: String) throws { node.elements!.append(.value(.string(value))) }
        mutating func encode(_ value: Double) throws { node.elements!.append(.value(.double(value))) }
        mutating func encode(_ value: Int64) throws { node.elements!.append(.value(.integer(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            node.elements!.append(.node(try JSONValueEncoder.encode(value)))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            nestedEncoder().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nestedEncoder().unkeyedContainer() }

        mutating func superEncoder() -> any Encoder { nestedEncoder() }

        private func nestedEncoder() -> JSONValueEncoder {
            let child = EncodingNode()
            node.elements!.append(.node(child))
            return JSONValueEncoder(node: child)
        }
    }

    private struct SingleValueContainer: SingleValueEncodingContainer {
        let node: EncodingNode
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { node.scalar = .null }
        mutating func encode(_ value: Bool) throws { node.scalar = .bool(value) }
        mutating func encode(_ value: String) throws { node.scalar = .string(value) }
        mutating func encode(_ value: Double) throws { node.scalar = .double(value) }
        mutating func encode(_ value: Float) throws { node.scalar = .double(Double(value)) }
        mutating func encode(_ value: Int) throws { try integer(value) }
        mutating func encode(_ value: Int8) throws { try integer(value) }
        mutating func encode(_ value: Int16) throws { try integer(value) }
        mutating func encode(_ value: Int32) throws { try integer(value) }
        mutating func encode(_ value: Int64) throws { try integer(value) }
        mutating func encode(_ value: UInt) throws { try integer(value) }
        mutating func encode(_ value: UInt8) throws { try integer(value) }
        mutating func encode(_ value: UInt16) throws { try integer(value) }
        mutating func encode(_ value: UInt32) throws { try integer(value) }
        mutating func encode(_ value: UInt64) throws { try integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try value.encode(to: JSONValueEncoder(node: node))
        }

        /// JSON values hold integers as `Int64`; a larger one cannot be sent.
        private func integer(_ value: some BinaryInteger) throws {
            guard let exact = Int64(exactly: value) else {
                throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) does not fit a 64-bit integer"))
            }
            node.scalar = .integer(exact)
        }
    }

}

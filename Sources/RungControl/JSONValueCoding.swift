import Foundation

extension JSONValue {
    /// `value` as JSON, as `JSONEncoder` would write it (an optional that is nil is left
    /// out), built directly: a daemon reply of thousands of occurrences is not written out
    /// as text and read back.
    public init(encoding value: some Encodable) throws {
        let node = EncodingNode()
        try value.encode(to: JSONValueEncoder(node: node, codingPath: []))
        self = node.value
    }

    /// This value read as a `T`; a failure names where in the value it is.
    public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }
}

/// Where an encoder writes: a value, or the members or elements its containers fill in.
private final class EncodingNode {
    var scalar: JSONValue = .null
    var members: [String: EncodingNode]?
    var elements: [EncodingNode]?

    var value: JSONValue {
        if let members { return .object(members.mapValues(\.value)) }
        if let elements { return .array(elements.map(\.value)) }
        return scalar
    }
}

private struct JSONValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [:] }
        return KeyedEncodingContainer(KeyedContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }

    /// `value` encoded into a node of its own, at `path`.
    static func encode(_ value: some Encodable, at path: [any CodingKey]) throws -> EncodingNode {
        let node = EncodingNode()
        try value.encode(to: JSONValueEncoder(node: node, codingPath: path))
        return node
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: EncodingNode
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.members![key.stringValue] = EncodingNode() }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

        private func put(_ value: some Encodable, _ key: Key) throws {
            node.members![key.stringValue] = try JSONValueEncoder.encode(value, at: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = EncodingNode()
            node.members![key.stringValue] = child
            return JSONValueEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = EncodingNode()
            node.members![key.stringValue] = child
            return JSONValueEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = EncodingNode()
            node.members![key.stringValue] = child
            return JSONValueEncoder(node: child, codingPath: codingPath + [key])
        }
    }

    private struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: EncodingNode
        let codingPath: [any CodingKey]
        var count: Int { node.elements!.count }

        mutating func encodeNil() throws { node.elements!.append(EncodingNode()) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            node.elements!.append(try JSONValueEncoder.encode(value, at: codingPath + [IndexKey(count)]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            nestedEncoder().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nestedEncoder().unkeyedContainer() }

        mutating func superEncoder() -> any Encoder { nestedEncoder() }

        private func nestedEncoder() -> JSONValueEncoder {
            let child = EncodingNode()
            let path = codingPath + [IndexKey(count)]
            node.elements!.append(child)
            return JSONValueEncoder(node: child, codingPath: path)
        }
    }

    private struct SingleValueContainer: SingleValueEncodingContainer {
        let node: EncodingNode
        let codingPath: [any CodingKey]

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
            try value.encode(to: JSONValueEncoder(node: node, codingPath: codingPath))
        }

        /// JSON values hold integers as `Int64`; a larger one cannot be sent.
        private func integer(_ value: some BinaryInteger) throws {
            guard let exact = Int64(exactly: value) else {
                throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) does not fit a 64-bit integer"))
            }
            node.scalar = .integer(exact)
        }
    }

    private struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { "\(intValue!)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }
}

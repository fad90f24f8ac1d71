import RungControl

/// The shape of a message as the interface description and a `Decodable` type each give
/// it: field names, optionality and kinds of value, nested structures included.
indirect enum MessageShape: Equatable, CustomStringConvertible {
    case bool, int, float, string, object
    case optional(MessageShape)
    case array(MessageShape)
    case map(MessageShape)
    case structure([String: MessageShape])
    case enumeration([String])

    /// A varlink type, with the named types of `types` written out.
    init(_ type: VarlinkType, types: [String: VarlinkType]) {
        switch type {
        case .bool: self = .bool
        case .int: self = .int
        case .float: self = .float
        case .string: self = .string
        case .object: self = .object
        case .optional(let wrapped): self = .optional(MessageShape(wrapped, types: types))
        case .array(let element): self = .array(MessageShape(element, types: types))
        case .map(let element): self = .map(MessageShape(element, types: types))
        case .structure(let fields): self = MessageShape(fields, types: types)
        case .enumeration(let names): self = .enumeration(names)
        case .named(let name): self = MessageShape(types[name]!, types: types)
        }
    }

    /// The parameters of a method or the fields of a reply.
    init(_ fields: [VarlinkField], types: [String: VarlinkType]) {
        self = .structure(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, MessageShape($0.type, types: types)) }))
    }

    /// The shape `T`'s `init(from:)` reads: each key it decodes, optional where it uses
    /// `decodeIfPresent`, and what it decodes there.
    init<T: Decodable>(of type: T.Type) throws {
        let box = ShapeBox()
        _ = try T(from: ShapeProbe(box: box))
        self = box.shape ?? .structure([:])
    }

    var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .object: "object"
        case .optional(let wrapped): "?\(wrapped)"
        case .array(let element): "[]\(element)"
        case .map(let element): "[string]\(element)"
        case .structure(let fields): "(" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        case .enumeration(let names): "(" + names.joined(separator: ", ") + ")"
        }
    }
}

/// Where a probe writes the shape of the value it was asked for.
private final class ShapeBox {
    var shape: MessageShape?
}

/// A decoder that holds no message: it answers every question a type's `init(from:)` asks
/// with a placeholder value, and writes down what was asked.
private struct ShapeProbe: Decoder {
    let box: ShapeBox
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        box.shape = .structure([:])
        return KeyedDecodingContainer(Keyed(box: box))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(box: box) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(box: box) }

    /// A `T` decoded by a probe of its own, with the shape it read.
    static func probe<T: Decodable>(_ type: T.Type) throws -> (value: T, shape: MessageShape) {
        let box = ShapeBox()
        let value = try T(from: ShapeProbe(box: box))
        return (value, box.shape ?? .structure([:]))
    }

    static func unsupported(_ what: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "a message shape has no \(what)"))
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let box: ShapeBox
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        private func record(_ key: Key, _ shape: MessageShape) {
            guard case .structure(var fields) = box.shape else { return }
            fields[key.stringValue] = shape
            box.shape = .structure(fields)
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let (value, shape) = try ShapeProbe.probe(type)
            record(key, shape)
            return value
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            let (value, shape) = try ShapeProbe.probe(type)
            record(key, .optional(shape))
            return value
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(Probed<Bool>.self, forKey: key).value }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(Probed<String>.self, forKey: key).value }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(Probed<Double>.self, forKey: key).value }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(Probed<Int64>.self, forKey: key).value }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decodeIfPresent(Probed<Bool>.self, forKey: key)?.value }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decodeIfPresent(Probed<String>.self, forKey: key)?.value }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decodeIfPresent(Probed<Double>.self, forKey: key)?.value }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decodeIfPresent(Probed<Int64>.self, forKey: key)?.value }
        // Other number types have no place in a varlink message.
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw ShapeProbe.unsupported("Float") }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { throw ShapeProbe.unsupported("Int") }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw ShapeProbe.unsupported("Int8") }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw ShapeProbe.unsupported("Int16") }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw ShapeProbe.unsupported("Int32") }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw ShapeProbe.unsupported("UInt") }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw ShapeProbe.unsupported("UInt8") }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw ShapeProbe.unsupported("UInt16") }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw ShapeProbe.unsupported("UInt32") }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw ShapeProbe.unsupported("UInt64") }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw ShapeProbe.unsupported("nested container")
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw ShapeProbe.unsupported("nested container") }
        func superDecoder() throws -> any Decoder { throw ShapeProbe.unsupported("super decoder") }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw ShapeProbe.unsupported("super decoder") }
    }

    /// Hands out one element, to learn its shape, and then says the list has ended.
    private struct Unkeyed: UnkeyedDecodingContainer {
        let box: ShapeBox
        var codingPath: [any CodingKey] { [] }
        var count: Int? { nil }
        var isAtEnd: Bool { box.shape != nil }
        var currentIndex: Int { isAtEnd ? 1 : 0 }

        mutating func decodeNil() throws -> Bool { false }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, shape) = try ShapeProbe.probe(type)
            box.shape = .array(shape)
            return value
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            throw ShapeProbe.unsupported("nested container")
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw ShapeProbe.unsupported("nested container") }
        mutating func superDecoder() throws -> any Decoder { throw ShapeProbe.unsupported("super decoder") }
    }

    private struct Single: SingleValueDecodingContainer {
        let box: ShapeBox
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { false }
        func decode(_ type: Bool.Type) throws -> Bool { box.shape = .bool; return false }
        func decode(_ type: String.Type) throws -> String { box.shape = .string; return "" }
        func decode(_ type: Double.Type) throws -> Double { box.shape = .float; return 0 }
        func decode(_ type: Int64.Type) throws -> Int64 { box.shape = .int; return 0 }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: ShapeProbe(box: box)) }
        func decode(_ type: Float.Type) throws -> Float { throw ShapeProbe.unsupported("Float") }
        func decode(_ type: Int.Type) throws -> Int { throw ShapeProbe.unsupported("Int") }
        func decode(_ type: Int8.Type) throws -> Int8 { throw ShapeProbe.unsupported("Int8") }
        func decode(_ type: Int16.Type) throws -> Int16 { throw ShapeProbe.unsupported("Int16") }
        func decode(_ type: Int32.Type) throws -> Int32 { throw ShapeProbe.unsupported("Int32") }
        func decode(_ type: UInt.Type) throws -> UInt { throw ShapeProbe.unsupported("UInt") }
        func decode(_ type: UInt8.Type) throws -> UInt8 { throw ShapeProbe.unsupported("UInt8") }
        func decode(_ type: UInt16.Type) throws -> UInt16 { throw ShapeProbe.unsupported("UInt16") }
        func decode(_ type: UInt32.Type) throws -> UInt32 { throw ShapeProbe.unsupported("UInt32") }
        func decode(_ type: UInt64.Type) throws -> UInt64 { throw ShapeProbe.unsupported("UInt64") }
    }
}

/// A primitive read through its own single-value container, so that its shape is recorded
/// like any other value's.
private struct Probed<Value: Decodable>: Decodable {
    let value: Value

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Value.self)
    }
}

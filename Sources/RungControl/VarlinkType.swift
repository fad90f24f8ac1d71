/// A varlink type as an interface description writes it, and whether a JSON value is one.
public indirect enum VarlinkType: Equatable, Sendable {
    case bool
    case int
    case float
    case string
    /// `object`: any JSON object.
    case object
    /// `?T`: absent or null, or a `T`.
    case optional(VarlinkType)
    /// `[]T`
    case array(VarlinkType)
    /// `[string]T`: an object whose values are `T`.
    case map(VarlinkType)
    /// `(name: T, …)`
    case structure([VarlinkField])
    /// `(a, b, …)`: one of these strings.
    case enumeration([String])
    /// A type the interface defines with `type NAME`.
    case named(String)

    /// Whether `value` is of this type; `types` resolves named types. An object given for a
    /// structure may not have members the structure does not declare.
    public func accepts(_ value: JSONValue, types: [String: VarlinkType]) -> Bool {
        switch (self, value) {
        case (.optional, .null): true
        case (.optional(let wrapped), _): wrapped.accepts(value, types: types)
        case (.bool, .bool), (.int, .integer), (.float, .integer), (.float, .double), (.string, .string), (.object, .object): true
        case (.array(let element), .array(let values)): values.allSatisfy { element.accepts($0, types: types) }
        case (.map(let element), .object(let members)): members.values.allSatisfy { element.accepts($0, types: types) }
        case (.structure(let fields), .object(let members)): VarlinkField.invalid(members, fields: fields, types: types) == nil
        case (.enumeration(let names), .string(let name)): names.contains(name)
        case (.named(let name), _): types[name]?.accepts(value, types: types) ?? false
        default: false
        }
    }
}

/// A member of a structure: a method's parameter, a field of a type.
public struct VarlinkField: Equatable, Sendable {
    public let name: String
    public let type: VarlinkType

    public init(name: String, type: VarlinkType) {
        self.name = name
        self.type = type
    }

    /// The first member of `members` that `fields` do not accept: one they do not declare
    /// (in name order), else the first declared one that is missing or of the wrong type.
    static func invalid(_ members: [String: JSONValue], fields: [VarlinkField], types: [String: VarlinkType]) -> String? {
        if let unknown = members.keys.sorted().first(where: { name in !fields.contains { $0.name == name } }) {
            return unknown
        }
        return fields.first { field in !field.type.accepts(members[field.name] ?? .null, types: types) }?.name
    }
}

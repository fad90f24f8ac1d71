/// Which signals a subscription receives, as a D-Bus match rule
/// (`type='signal',sender='…',interface='…',member='…'`).
public struct BusMatchRule: Sendable, Hashable, CustomStringConvertible {
    /// A well-known or unique name; the bus resolves a well-known one to its current owner.
    public var sender: String?
    public var path: String?
    public var interface: String?
    public var member: String?
    /// The first argument, when it is a string (e.g. the name in `NameOwnerChanged`).
    public var firstArgument: String?

    public init(
        sender: String? = nil, path: String? = nil, interface: String? = nil, member: String? = nil,
        firstArgument: String? = nil
    ) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.firstArgument = firstArgument
    }

    /// The rule in the bus's syntax.
    public var description: String {
        let keys: [(String, String?)] = [
            ("type", "signal"), ("sender", sender), ("path", path), ("interface", interface),
            ("member", member), ("arg0", firstArgument),
        ]
        return keys.compactMap { key, value in value.map { "\(key)=\(Self.quoted($0))" } }.joined(separator: ",")
    }

    /// A value in single quotes; a quote inside is written `'\''`, as the specification says.
    static func quoted(_ value: String) -> String {
        "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }
}

/// A TOML document that could not be read: a syntax error, or a key or table defined twice.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public var position: SourcePosition
    /// What is wrong, for a person.
    public var message: String

    public init(at position: SourcePosition, _ message: String) {
        self.position = position
        self.message = message
    }

    /// `LINE:COLUMN: MESSAGE`.
    public var description: String { "\(position): \(message)" }
}

/// Every problem found in one TOML document, in source order.
public struct TOMLErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [TOMLError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

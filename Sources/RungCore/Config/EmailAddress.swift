/// One mailbox as a header may carry it: a bare `local-part@domain` (RFC 5322 addr-spec,
/// dot-atom form) in 7-bit ASCII, and nothing else — no display name, no second address,
/// no comment, no line break. What passes can never add a recipient or start a header.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    /// Checks `text` as the `field` ("to", "from") of an email channel.
    public init(_ text: String, field: String) throws(EmailAddressError) {
        func reject(_ reason: String) -> EmailAddressError {
            EmailAddressError(field: field, address: text, reason: reason)
        }
        let scalars = text.unicodeScalars
        if scalars.contains(where: { "\r\n\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }) {
            throw reject("it holds a line break")
        }
        if scalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw reject("it holds a control character")
        }
        if !scalars.allSatisfy(\.isASCII) {
            throw reject("it holds a character outside ASCII (write an international domain in its xn-- form)")
        }
        if scalars.contains(where: { " \t,;".unicodeScalars.contains($0) }) {
            throw reject("it holds a space, comma or semicolon: one address only, without a name")
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isDotAtom(parts[0], allowing: Self.atomSymbols),
              Self.isDotAtom(parts[1], allowing: "-")
        else {
            throw reject("it is not of the form local-part@domain")
        }
        if parts[0].utf8.count > 64 { throw reject("its local part is longer than 64 characters") }
        if text.utf8.count > 254 { throw reject("it is longer than 254 characters") }
        description = text
    }

    /// RFC 5322 `atext` besides letters and digits.
    static let atomSymbols = "!#$%&'*+-/=?^_`{|}~"

    /// Atoms of letters, digits and `symbols`, joined by single dots.
    static func isDotAtom(_ text: Substring, allowing symbols: String) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty && atom.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || symbols.unicodeScalars.contains($0) }
        }
    }
}

/// Why an address of an email channel cannot be used.
public struct EmailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `to` or `from`.
    public let field: String
    /// The address as configured.
    public let address: String
    /// What is wrong with it.
    public let reason: String

    /// `'to' is not a single email address: "a@b\r\nBcc: c@d": it holds a line break`, with
    /// every control and invisible character written as an escape.
    public var description: String {
        "'\(field)' is not a single email address: \(Self.visible(address)): \(reason)"
    }

    /// `text` in double quotes, shortened, with controls, separators and format characters
    /// escaped so that a log line shows them instead of breaking on them.
    static func visible(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars.prefix(120) {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                default:
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + (text.unicodeScalars.count > 120 ? "…\"" : "\"")
    }
}

extension Unicode.Scalar {
    /// A letter or digit of 7-bit ASCII.
    public var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

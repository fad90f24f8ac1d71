import RungStore

/// Writes JSON text by hand where the exact layout is part of the interface (key order,
/// `": "` separators, unescaped `/`), which `JSONEncoder` does not promise.
enum JSONText {
    /// A JSON string literal for `value`, escaped as the store's export escapes it.
    static func string(_ value: String) -> String {
        ExportText.jsonString(value)
    }

    /// An object with its members in the given order: `{"a": 1, "b": "x"}`; values are
    /// already JSON text.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// An array of JSON texts.
    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ", ") + "]"
    }
}

import RungTOML

/// One problem found in a config file, located to the key or value, printed the way
/// compilers print theirs: `rung.toml:12:5: error: unknown key 'clim_after' in [ladder.talks]`.
public struct ConfigDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// The file cannot be used.
        case error
        /// The file works, but probably not as meant.
        case warning
    }

    public var severity: Severity
    /// The file as the person named it.
    public var path: String
    public var position: SourcePosition
    public var message: String

    public init(_ severity: Severity, path: String, at position: SourcePosition, _ message: String) {
        self.severity = severity
        self.path = path
        self.position = position
        self.message = message
    }

    /// `PATH:LINE:COLUMN: error: MESSAGE`.
    public var description: String { "\(path):\(position.line):\(position.column): \(severity.rawValue): \(message)" }
}

/// A config file that cannot be used, with every problem found in it.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// Errors and warnings, sorted by position.
    public var diagnostics: [ConfigDiagnostic]

    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

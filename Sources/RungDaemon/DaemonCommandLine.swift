import RungCore

/// rungd's command line, `rungd [--config PATH] [--store PATH]`, read by hand: a resident
/// daemon with two options does not need an argument-parsing library's code in its memory.
public enum DaemonCommandLine {
    /// What the command line asks for.
    public enum Request: Equatable, Sendable {
        /// Run the daemon; a nil path means the default one.
        case run(config: String?, store: String?)
        /// Print `usage` and exit 0.
        case help
        /// Print `versionLine` and exit 0.
        case version
    }

    /// A command line rungd cannot take; `description` names the offending argument.
    public struct UsageError: Error, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// sysexits.h: the command was used incorrectly.
    public static let usageErrorStatus: Int32 = 64

    public static let usage = """
        Usage: rungd [--config PATH] [--store PATH]

        Rung's daemon: delivers each prompt on time, exactly once. Runs in the foreground.
        Under systemd (Type=notify) it reports readiness and status and logs to the journal;
        in a terminal it logs to standard error. SIGHUP reloads the config, keeping the
        running one when the new one is invalid; SIGTERM stops it. Started from a terminal
        and not by systemd, it takes SIGHUP as the terminal hanging up, and stops. An
        invalid config at start exits with status 78, a bad command line with 64.

        Options:
          --config PATH   the config file (default $XDG_CONFIG_HOME/rung/rung.toml)
          --store PATH    the store (default $XDG_DATA_HOME/rung/rung.sqlite3)
          -h, --help      show this help
          --version       show the version
        """

    /// What `--version` prints: the program and Rung's version, shared with rungctl.
    public static let versionLine = "rungd \(RungVersion.current)"

    /// Reads the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request {
        if arguments.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help }
        if arguments.contains("--version") { return .version }
        var paths: [String: String] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else { throw UsageError("unexpected argument '\(argument)'") }
            let (name, inlineValue) = split(argument)
            guard name == "--config" || name == "--store" else { throw UsageError("unknown option '\(argument)'") }
            let value: String?
            if let inlineValue {
                value = inlineValue
            } else if let next = rest.first, !next.hasPrefix("--") {
                value = rest.popFirst()
            } else {
                value = nil
            }
            guard let value, !value.isEmpty else { throw UsageError("\(name) needs a path") }
            guard paths[name] == nil else { throw UsageError("\(name) given twice") }
            paths[name] = value
        }
        return .run(config: paths["--config"], store: paths["--store"])
    }

    /// `--name=value` → (`--name`, `value`); anything else → (argument, nil).
    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}

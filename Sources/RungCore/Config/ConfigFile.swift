import Foundation

/// Where the config file lives by default.
public enum ConfigFile {
    /// `$XDG_CONFIG_HOME/rung/rung.toml`, with `XDG_CONFIG_HOME` defaulting to
    /// `~/.config` as the XDG base directory spec says (a relative value is ignored).
    public static func defaultPath(environment: [String: String]) -> String {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") { return base + "/rung/rung.toml" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/rung/rung.toml"
    }
}

import ArgumentParser
import Foundation

/// `--json`: machine-readable output instead of the table or text for people.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}

/// `--store PATH`: the SQLite store (default `$XDG_DATA_HOME/rung/rung.sqlite3`).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file.", valueName: "path"), completion: .file())
    var store: String?
}

/// `--config PATH`: the config file (default `$XDG_CONFIG_HOME/rung/rung.toml`).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "path"), completion: .file(extensions: ["toml"]))
    var config: String?
}

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

/// `--no-pager`: long text for people is shown through the pager on a terminal (`Pager`)
/// unless this asks for it to be written directly.
struct PagerOptions: ParsableArguments {
    @Flag(name: .customLong("no-pager"), help: "Write directly, even on a terminal.")
    var noPager = false

    /// Shows `text` (already escaped) through the pager, or directly with --no-pager.
    func show(_ text: String) {
        if noPager {
            print(text, terminator: "")
        } else {
            Pager.show(text)
        }
    }
}

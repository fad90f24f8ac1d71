import RungCore
import RungDaemon
import Testing

@Suite("rungd's command line")
struct DaemonCommandLineTests {
    @Test("no arguments: run with the default paths")
    func noArguments() throws {
        #expect(try DaemonCommandLine.parse([]) == .run(config: nil, store: nil))
    }

    @Test("--config and --store take the next argument or an = value")
    func options() throws {
        #expect(try DaemonCommandLine.parse(["--config", "a.toml", "--store", "s.sqlite3"]) == .run(config: "a.toml", store: "s.sqlite3"))
        #expect(try DaemonCommandLine.parse(["--store=/x/s.sqlite3", "--config=/x/a.toml"]) == .run(config: "/x/a.toml", store: "/x/s.sqlite3"))
        #expect(try DaemonCommandLine.parse(["--config", "-odd name.toml"]) == .run(config: "-odd name.toml", store: nil))
    }

    @Test("-h and --help ask for the usage, wherever they stand")
    func help() throws {
        #expect(try DaemonCommandLine.parse(["--help"]) == .help)
        #expect(try DaemonCommandLine.parse(["--config", "a.toml", "-h"]) == .help)
        #expect(DaemonCommandLine.usage.contains("--config PATH"))
        #expect(DaemonCommandLine.usage.contains("--store PATH"))
    }

    @Test("--version asks for the version, which rungd shares with rungctl")
    func version() throws {
        #expect(try DaemonCommandLine.parse(["--version"]) == .version)
        #expect(try DaemonCommandLine.parse(["--config", "a.toml", "--version"]) == .version)
        #expect(DaemonCommandLine.versionLine == "rungd \(RungVersion.current)")
        #expect(DaemonCommandLine.usage.contains("--version"))
    }

    @Test("bad arguments are refused, naming the offending one", arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["--config=a", "--verbose=1"], "unknown option '--verbose=1'"),
        (["stray"], "unexpected argument 'stray'"),
        (["--config"], "--config needs a path"),
        (["--store", "--config", "a"], "--store needs a path"),
        (["--config="], "--config needs a path"),
        (["--config", "a", "--config", "b"], "--config given twice"),
    ])
    func refused(arguments: [String], message: String) {
        #expect(throws: DaemonCommandLine.UsageError(message)) {
            try DaemonCommandLine.parse(arguments)
        }
    }
}

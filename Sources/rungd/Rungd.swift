import ArgumentParser
import Foundation
import Glibc
import Logging
import RungDaemon
import RungSystemd

/// `rungd`: the Rung daemon, run by systemd as a user service (or in a terminal).
@main
struct Rungd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rungd",
        abstract: "Rung's daemon: delivers each prompt on time, exactly once.",
        discussion: """
            Runs in the foreground. Under systemd (Type=notify) it reports readiness and \
            status and logs to the journal; in a terminal it logs to standard error. SIGHUP \
            reloads the config, keeping the running one when the new one is invalid; SIGTERM \
            stops it. An invalid config at start exits with status 78.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The config file (default $XDG_CONFIG_HOME/rung/rung.toml).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The store (default $XDG_DATA_HOME/rung/rung.sqlite3).", valueName: "path"))
    var store: String?

    func run() throws {
        let loop = try EventLoop()
        EventLoop.installAsGlobalExecutor(loop)
        let environment = ProcessInfo.processInfo.environment
        var paths = Daemon.Paths.defaults(environment: environment)
        let workingDirectory = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : workingDirectory + "/" + path }
        if let config { paths.config = absolute(config) }
        if let store { paths.store = absolute(store) }
        let toJournal = JournalConnection.isStandardErrorConnected(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = toJournal ? JournalLogHandler(identifier: "rungd") : StreamLogHandler.standardError(label: label)
            handler.logLevel = environment["RUNG_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "rungd")
        Task.detached {
            Glibc.exit(await Daemon.run(paths: paths, environment: environment, logger: logger, loop: loop))
        }
        loop.run()
    }
}

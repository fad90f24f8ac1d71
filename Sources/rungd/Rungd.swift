import Foundation
import Glibc
import Logging
import RungDaemon
import RungSystemd

/// `rungd`: the Rung daemon, run by systemd as a user service (or in a terminal).
@main
enum Rungd {
    static func main() throws {
        let paths: (config: String?, store: String?)
        do {
            switch try DaemonCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
            case .help:
                print(DaemonCommandLine.usage)
                return
            case .version:
                print(DaemonCommandLine.versionLine)
                return
            case .run(let config, let store):
                paths = (config, store)
            }
        } catch {
            FileHandle.standardError.write(Data("rungd: \(error)\n\(DaemonCommandLine.usage.prefix { $0 != "\n" })\n".utf8))
            exit(DaemonCommandLine.usageErrorStatus)
        }
        try run(config: paths.config, store: paths.store)
    }

    static func run(config: String?, store: String?) throws {
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
            var handler: any LogHandler = toJournal ? JournalLogHandler(identifier: "rungd") : PlainTextLogHandler.standardError(label: label)
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

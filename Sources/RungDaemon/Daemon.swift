import CSystemd
import Foundation
import Logging
import RungControl
import RungCore
import RungDelivery
import RungStore
import RungSystemd
import RungTime

/// rungd: loads the config and the store, then runs one loop that wakes on the wall-clock
/// timer, on signals and on control requests, and delivers what is due.
public enum Daemon {
    /// Where things are; defaults follow the XDG base directories.
    public struct Paths: Sendable {
        public var config: String
        public var store: String
        public var socket: String

        public init(config: String, store: String, socket: String) {
            self.config = config
            self.store = store
            self.socket = socket
        }

        /// `$XDG_CONFIG_HOME/rung/rung.toml`, `$XDG_DATA_HOME/rung/rung.sqlite3`,
        /// `$XDG_RUNTIME_DIR/rung/control`.
        public static func defaults(environment: [String: String]) -> Paths {
            Paths(
                config: ConfigFile.defaultPath(environment: environment),
                store: StoreFile.defaultPath(environment: environment),
                socket: ControlSocket.defaultPath(environment: environment))
        }
    }

    /// What woke the loop.
    enum Event: Sendable {
        case wake
        case clockChanged
        case reload
        case stop
    }

    /// sysexits.h: the config is invalid.
    public static let configErrorStatus: Int32 = 78
    /// sysexits.h EX_TEMPFAIL: another rungd holds the store or the socket.
    public static let instanceLockedStatus: Int32 = 75

    /// Runs until SIGTERM or SIGINT; returns the exit status. The timer and the signals are
    /// read on `loop`, which serves this process's tasks.
    public static func run(paths: Paths, environment: [String: String], logger: Logger, loop: EventLoop) async -> Int32 {
        // What a hook leaves behind comes back to rungd, which reaps it (or kills it at the
        // hook's timeout) instead of losing track of it.
        _ = rung_become_child_subreaper()
        let systemZone = TimeZoneRules.system(environment: environment)
        let notifier = SystemdNotifier()
        let clock: @Sendable () -> Instant = { Instant.now() }

        let config: Config
        switch Scheduler.loadConfig(at: paths.config, now: clock(), systemZone: systemZone) {
        case .success(let loaded):
            for warning in loaded.warnings { logger.warning("\(warning)") }
            config = loaded.config
        case .failure(let errors):
            FileHandle.standardError.write(Data("\(errors)\n".utf8))
            return configErrorStatus
        }

        let controlLimits: ControlServer.Limits
        do {
            controlLimits = try ControlServer.Limits(environment: environment)
            try PrivateDirectory.prepare((paths.socket as NSString).deletingLastPathComponent)
        } catch {
            logger.critical("cannot use the control socket: \(error)", metadata: ["socket": "\(paths.socket)"])
            return 1
        }

        let store: Store
        let locks: [InstanceLock]
        do {
            store = try Store(path: paths.store)
            // A second rungd on the same store or socket would deliver every prompt twice
            // and take the socket from the first: it stops here instead, naming the first.
            locks = [
                try InstanceLock(paths.store + ".lock", guarding: "the store \(paths.store)"),
                try InstanceLock(paths.socket + ".lock", guarding: "the control socket \(paths.socket)"),
            ]
        } catch let failure as InstanceLock.Failure {
            logger.critical("\(failure)")
            return instanceLockedStatus
        } catch {
            logger.critical("cannot open the store: \(error)", metadata: ["store": "\(paths.store)"])
            return 1
        }
        defer { withExtendedLifetime(locks) {} }

        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let scheduler: Scheduler
        let timer: WallClockTimer
        let signals: SignalEvents
        do {
            signals = try SignalEvents(loop: loop)
            scheduler = try Scheduler(
                config: config, configPath: paths.config, store: store, systemZone: systemZone, clock: clock,
                logger: logger, wake: { continuation.yield(.wake) },
                environment: .live(ChannelContext(environment: environment, zone: config.timeZone ?? systemZone)))
            timer = try WallClockTimer(loop: loop)
        } catch {
            logger.critical("cannot start: \(error)")
            return 1
        }

        let service = VarlinkService(
            vendor: "Rung", product: "rungd", version: "1", url: "https://rung.invalid/",
            interfaces: [scheduler.controlInterface(
                reload: {
                    switch await reload(scheduler, notifier: notifier, systemZone: systemZone) {
                    case .success: return VarlinkReply(parameters: ["status": .string(await scheduler.statusLine())])
                    case .failure(let errors):
                        return .control(.configInvalid, ["errors": .array(errors.diagnostics.map { .string($0.description) })])
                    }
                })])
        let server: ControlServer
        do {
            server = try ControlServer(path: paths.socket, service: service, logger: logger, limits: controlLimits)
        } catch {
            logger.critical("cannot listen on the control socket: \(error)", metadata: ["socket": "\(paths.socket)"])
            return 1
        }

        let (timerWakes, signalEvents) = (timer.wakes, signals.events)
        let forwarders = [
            Task {
                for await wake in timerWakes { continuation.yield(wake == .due ? .wake : .clockChanged) }
            },
            Task {
                for await signal in signalEvents { continuation.yield(signal == .stop ? .stop : .reload) }
            },
        ]
        let channelEvents = Task { await scheduler.receiveChannelEvents() }
        var watchdog: Task<Void, Never>?
        if let interval = SystemdNotifier.watchdogPingInterval() {
            watchdog = Task {
                while !Task.isCancelled {
                    notifier.watchdog()
                    try? await Task.sleep(for: interval)
                }
            }
        }

        logger.info("started", metadata: [
            "message_id": "\(MessageID.started)", "config": "\(paths.config)", "store": "\(paths.store)",
            "socket": "\(paths.socket)",
        ])
        await scheduler.recoverInterruptedDeliveries()
        await arm(timer, scheduler: scheduler, logger: logger)
        // The status line goes out only when it changes: every datagram costs systemd a wake-up.
        var lastStatus = await scheduler.statusLine()
        notifier.ready(status: lastStatus)
        for await event in events {
            switch event {
            case .wake:
                await arm(timer, scheduler: scheduler, logger: logger)
            case .clockChanged:
                logger.notice("the wall clock changed; planning again")
                await arm(timer, scheduler: scheduler, logger: logger)
            case .reload:
                _ = await reload(scheduler, notifier: notifier, systemZone: systemZone)
            case .stop:
                notifier.stopping()
                logger.info("stopping")
                server.stop()
                await scheduler.drain(limit: .milliseconds(1500))
                await scheduler.shutDownChannels()
                await channelEvents.value
                watchdog?.cancel()
                for forwarder in forwarders { forwarder.cancel() }
                return 0
            }
            let status = await scheduler.statusLine()
            if status != lastStatus {
                notifier.status(status)
                lastStatus = status
            }
        }
        return 0
    }

    /// A reload as systemd follows it: RELOADING=1, the config read again (a valid one
    /// wakes the loop to plan with it), READY=1 with the new status.
    private static func reload(_ scheduler: Scheduler, notifier: SystemdNotifier, systemZone: TimeZoneRules) async -> Result<Void, ConfigErrors> {
        notifier.reloading(status: "reloading the config")
        let result = await scheduler.reload(systemZone: systemZone)
        notifier.ready(status: await scheduler.statusLine())
        return result
    }

    /// One pass, then the timer armed for the next due prompt.
    private static func arm(_ timer: WallClockTimer, scheduler: Scheduler, logger: Logger) async {
        let next = await scheduler.runDue()
        do {
            try timer.arm(at: next)
        } catch {
            logger.critical("cannot arm the wall-clock timer: \(error)")
        }
    }
}

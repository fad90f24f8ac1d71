import CSystemd
import Logging
import RungControl
import RungCore
import RungStore
import RungSystemd
import RungTime

/// rungd: loads the config and the store and builds its parts (`Components`), then runs
/// one loop that wakes on the wall-clock timer, on signals and on control requests, and
/// delivers what is due; the parts that run beside it are tasks of one group.
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
        let components: Components
        do {
            components = try Components(paths: paths, environment: environment, logger: logger, loop: loop)
        } catch {
            return error.status
        }
        await components.run()
        return 0
    }

    /// A reload as systemd follows it: RELOADING=1, the config read again (a valid one
    /// wakes the loop to plan with it), READY=1 with the new status.
    static func reload(_ scheduler: Scheduler, notifier: SystemdNotifier, systemZone: TimeZoneRules) async -> Result<Void, ConfigErrors> {
        notifier.reloading(status: "reloading the config")
        let result = await scheduler.reload(systemZone: systemZone)
        notifier.ready(status: await scheduler.statusLine())
        return result
    }

    /// One pass, then the timer armed for the next due prompt.
    ///
    /// At debug level each pass ends with a line that says when it began, how many
    /// deliveries are under way and when the next is due: what a person (or a test) reads to
    /// know rungd has acted on everything that happened before that pass, rather than
    /// waiting a while and hoping it has.
    static func arm(_ timer: WallClockTimer, scheduler: Scheduler, logger: Logger) async {
        let reportsPass = logger.logLevel <= .debug
        let began = reportsPass ? await scheduler.clockNow() : nil
        let next = await scheduler.runDue()
        do {
            try timer.arm(at: next)
        } catch {
            logger.critical("cannot arm the wall-clock timer: \(error)")
        }
        if let began {
            let underWay = await scheduler.inFlight.count
            logger.debug("pass done", metadata: [
                "pass_began_us": "\(began.microseconds)", "under_way": "\(underWay)", "next_due_us": "\(next.microseconds)",
            ])
        }
    }
}

extension Daemon.Components {
    /// Runs until SIGTERM or SIGINT. Each part that runs beside the loop is a task of one
    /// group, as in a service group: the timer's and the signals' wake-ups, the channels'
    /// events, the watchdog. A stop stops the control server, waits (a while) for the
    /// deliveries under way, shuts the channels down, then cancels the other tasks and
    /// awaits every one of them.
    func run() async {
        defer { withExtendedLifetime(locks) {} }
        let (timerWakes, signalEvents, eventSink) = (timer.wakes, signals.events, eventSink)
        let (scheduler, notifier) = (scheduler, notifier)
        await withDiscardingTaskGroup { group in
            // Not cancelled: it ends when the channels are shut down, having taken every
            // event they reported before.
            group.addTask { await scheduler.receiveChannelEvents() }
            await withDiscardingTaskGroup { services in
                services.addTask {
                    for await wake in timerWakes { eventSink.yield(wake == .due ? .wake : .clockChanged) }
                }
                services.addTask {
                    for await signal in signalEvents { eventSink.yield(signal == .stop ? .stop : .reload) }
                }
                if let interval = SystemdNotifier.watchdogPingInterval() {
                    services.addTask {
                        while !Task.isCancelled {
                            notifier.watchdog()
                            try? await Task.sleep(for: interval)
                        }
                    }
                }
                await serve()
                await shutDown()
                services.cancelAll()
            }
        }
    }

    /// The loop: a pass at every wake-up, a reload on SIGHUP, the status kept up to date;
    /// returns at a stop.
    private func serve() async {
        logger.info("started", metadata: [
            "message_id": "\(MessageID.started)", "config": "\(paths.config)", "store": "\(paths.store)",
            "socket": "\(paths.socket)",
        ])
        await scheduler.recoverInterruptedDeliveries()
        await Daemon.arm(timer, scheduler: scheduler, logger: logger)
        // The status line goes out only when it changes: every datagram costs systemd a wake-up.
        var lastStatus = await scheduler.statusLine()
        notifier.ready(status: lastStatus)
        for await event in events {
            switch event {
            case .wake:
                await Daemon.arm(timer, scheduler: scheduler, logger: logger)
            case .clockChanged:
                logger.notice("the wall clock changed; planning again")
                await Daemon.arm(timer, scheduler: scheduler, logger: logger)
            case .reload:
                _ = await Daemon.reload(scheduler, notifier: notifier, systemZone: systemZone)
            case .stop:
                return
            }
            let status = await scheduler.statusLine()
            if status != lastStatus {
                notifier.status(status)
                lastStatus = status
            }
        }
    }

    /// Stops taking requests, lets the deliveries under way end (for at most 1.5 s: systemd
    /// waits for the stop) and shuts the channels down, which ends their events.
    private func shutDown() async {
        notifier.stopping()
        logger.info("stopping")
        server.stop()
        await scheduler.drain(limit: .milliseconds(1500))
        await scheduler.shutDownChannels()
    }
}

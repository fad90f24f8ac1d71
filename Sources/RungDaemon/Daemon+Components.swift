import Foundation
import Logging
import RungControl
import RungCore
import RungDelivery
import RungStore
import RungSystemd
import RungTime

extension Daemon {
    /// A rungd built and wired, not yet running: the config and the store opened and
    /// locked, the scheduler, the timer, the signals and the control server made. `run()`
    /// starts them.
    struct Components {
        let paths: Paths
        let logger: Logger
        let systemZone: TimeZoneRules
        let notifier: SystemdNotifier
        /// Held while rungd runs: a second rungd on the same store or socket stops at start.
        let locks: [InstanceLock]
        let scheduler: Scheduler
        let timer: WallClockTimer
        let signals: SignalEvents
        let server: ControlServer
        /// What wakes the loop, and where its sources put it.
        let events: AsyncStream<Event>
        let eventSink: AsyncStream<Event>.Continuation

        /// Why rungd cannot start, as the exit status it ends with; what went wrong is
        /// already logged (or, for an invalid config, printed).
        struct StartFailure: Error {
            let status: Int32
        }

        /// Reads the config, opens and locks the store and the socket, and builds the parts.
        init(paths: Paths, environment: [String: String], logger: Logger, loop: EventLoop) throws(StartFailure) {
            self.paths = paths
            self.logger = logger
            let systemZone = TimeZoneRules.system(environment: environment)
            self.systemZone = systemZone
            let notifier = SystemdNotifier()
            self.notifier = notifier
            let clock: @Sendable () -> Instant = { Instant.now() }

            let config: Config
            switch Scheduler.loadConfig(at: paths.config, now: clock(), systemZone: systemZone) {
            case .success(let loaded):
                for warning in loaded.warnings { logger.warning("\(warning)") }
                config = loaded.config
            case .failure(let errors):
                FileHandle.standardError.write(Data("\(errors)\n".utf8))
                throw StartFailure(status: configErrorStatus)
            }

            let controlLimits: ControlServer.Limits
            do {
                controlLimits = try ControlServer.Limits(environment: environment)
                try PrivateDirectory.prepare((paths.socket as NSString).deletingLastPathComponent)
            } catch {
                logger.critical("cannot use the control socket: \(error)", metadata: ["socket": "\(paths.socket)"])
                throw StartFailure(status: 1)
            }

            let store: Store
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
                throw StartFailure(status: instanceLockedStatus)
            } catch {
                logger.critical("cannot open the store: \(error)", metadata: ["store": "\(paths.store)"])
                throw StartFailure(status: 1)
            }

            let (events, eventSink) = AsyncStream.makeStream(of: Event.self)
            (self.events, self.eventSink) = (events, eventSink)
            let scheduler: Scheduler
            do {
                let hangup = SignalEvents.hangupEvent(environment: environment, onTerminal: SignalEvents.isOnTerminal)
                signals = try SignalEvents(loop: loop, hangup: hangup)
                scheduler = try Scheduler(
                    config: config, configPath: paths.config, store: store, systemZone: systemZone, clock: clock,
                    logger: logger, wake: { eventSink.yield(.wake) },
                    environment: .live(ChannelContext(environment: environment, zone: config.timeZone ?? systemZone)))
                timer = try WallClockTimer(loop: loop)
            } catch {
                logger.critical("cannot start: \(error)")
                throw StartFailure(status: 1)
            }
            self.scheduler = scheduler

            let service = VarlinkService(
                vendor: "Rung", product: "rungd", version: "1", url: "https://rung.invalid/",
                interfaces: [scheduler.controlInterface(
                    reload: {
                        switch await reload(scheduler, notifier: notifier, systemZone: systemZone) {
                        case .success: return VarlinkReply(ControlInterface.ReloadRequest.Reply(status: await scheduler.statusLine()))
                        case .failure(let errors):
                            return .control(ControlInterface.ConfigInvalid(errors: errors.diagnostics.map(\.description)))
                        }
                    })])
            do {
                server = try ControlServer(path: paths.socket, service: service, logger: logger, limits: controlLimits)
            } catch {
                logger.critical("cannot listen on the control socket: \(error)", metadata: ["socket": "\(paths.socket)"])
                throw StartFailure(status: 1)
            }
        }
    }
}

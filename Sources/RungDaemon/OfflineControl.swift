import Logging
import RungControl
import RungCore
import RungStore
import RungTime

/// The control calls that only change what the store holds — snooze, pause and resume —
/// answered in the caller's own process while rungd is not running. They run through the
/// scheduler's own handlers, so the rules are rungd's to the letter (which prompt a span
/// counts from, what expires first, which subject an id names); they write to the store,
/// and rungd honours what they wrote when it starts, as it would have while running.
/// Nothing is delivered and no channel is built.
public enum OfflineControl {
    /// The methods answered offline; the rest need the running rungd (status, what it
    /// plans, a reload, a test notification) or have their own store path (respond).
    public static let methods: Set<ControlInterface.Method> = [.snooze, .pause, .resume]

    /// A service answering `methods` from `config` and `store` at the instants `clock` gives;
    /// any other method is answered as not found.
    public static func service(
        config: Config, configPath: String, store: Store, systemZone: TimeZoneRules,
        clock: @escaping @Sendable () -> Instant = { Instant.now() }
    ) throws -> VarlinkService {
        let scheduler = try Scheduler(
            config: config, configPath: configPath, store: store, systemZone: systemZone, clock: clock,
            logger: Logger(label: "rung.offline", factory: { _ in SwiftLogNoOpLogHandler() }), wake: {},
            environment: DeliveryEnvironment(makeChannel: { _, _ in nil }, sleep: { _ in }, random: { 0 }))
        let interface = scheduler.controlInterface(reload: { .methodNotFound(ControlInterface.Method.reload.qualifiedName) })
        let offline = VarlinkService.Interface(name: interface.name, description: interface.description) { call in
            guard let method = ControlInterface.Method(rawValue: call.member), methods.contains(method) else {
                return [.methodNotFound(call.method)]
            }
            return await interface.handle(call)
        }
        return VarlinkService(vendor: "Rung", product: "rungctl", version: "", url: "", interfaces: [offline])
    }
}

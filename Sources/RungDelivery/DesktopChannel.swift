import RungCore
import RungSystemd

/// Delivers a prompt as a desktop notification (`org.freedesktop.Notifications` on the
/// session bus), with its answers as buttons when the server shows buttons.
///
/// The channel connects on its first delivery and stays connected. It listens for
/// `ActionInvoked` and `NotificationClosed` before it sends anything, so a button pressed
/// at once is not missed: a button becomes `ChannelEvent.answered`, a notification the
/// person dismissed `.dismissed`. It watches who owns the server's name: when a server
/// appears (late at login, or after a restart) it reports `.available`, and it never lets
/// the bus start one (a headless session has nowhere to show it). Every bus call has
/// `callTimeout`, so a hung server costs a delivery that time and blocks nothing else: a
/// call without a reply is `DeliveryOutcome.timedOut`, which is not retried.
public actor DesktopChannel: DeliveryChannel {
    public nonisolated let name: String
    private let settings: Channel.Desktop
    private let busAddress: String?
    private let callTimeout: Duration
    private let events: ChannelEventHandler
    private let shown = ShownNotifications()
    private var bus: SessionBus?
    private var opening: Task<SessionBus, any Error>?
    private var isShutDown = false

    /// A channel on the session bus at `busAddress` (nil: there is none, so the channel is
    /// unavailable). `events` receives answers and availability, on the bus's thread.
    public init(
        name: String, settings: Channel.Desktop, busAddress: String?, callTimeout: Duration = .seconds(5),
        events: @escaping ChannelEventHandler
    ) {
        self.name = name
        self.settings = settings
        self.busAddress = busAddress
        self.callTimeout = callTimeout
        self.events = events
    }

    /// A channel on the session bus `environment` names (`DBUS_SESSION_BUS_ADDRESS`, else
    /// `$XDG_RUNTIME_DIR/bus`).
    public init(
        name: String, settings: Channel.Desktop, environment: [String: String], callTimeout: Duration = .seconds(5),
        events: @escaping ChannelEventHandler
    ) {
        self.init(
            name: name, settings: settings, busAddress: SessionBus.address(in: environment), callTimeout: callTimeout,
            events: events)
    }

    /// The name of the notification server that answers on the session bus `environment`
    /// names (`dunst`, `gnome-shell`), without starting one; nil when there is no bus or no
    /// server owns the name. For `rungctl init`, which offers the desktop first when a
    /// server answers.
    public static func notificationServerName(environment: [String: String], timeout: Duration = .seconds(2)) async -> String? {
        guard let address = SessionBus.address(in: environment),
              let bus = try? await SessionBus.open(address: address, methodCallTimeout: timeout)
        else { return nil }
        var name: String?
        if (try? await bus.nameHasOwner(DesktopNotification.busName, timeout: timeout)) == true {
            name = (try? await bus.call(DesktopNotification.call("GetServerInformation"), timeout: timeout) { try $0.readString() })
                ?? "a notification server"
        }
        await bus.close()
        return name
    }

    public func deliver(_ message: PromptMessage) async -> DeliveryOutcome {
        guard !isShutDown else { return .unavailable(reason: "the channel is shut down") }
        guard let busAddress else {
            return .unavailable(reason: "no session bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set")
        }
        var outcome = DeliveryOutcome.unavailable(reason: "the session bus connection was lost")
        // A connection that breaks under a delivery is replaced once: the bus may be back
        // (and the prompt goes out), or gone (and the channel says it is unavailable).
        for _ in 0..<2 {
            let bus: SessionBus
            do {
                bus = try await connection(to: busAddress)
            } catch {
                return .unavailable(reason: "\(error)")
            }
            outcome = await deliver(message, on: bus)
            if outcome.isDelivered || bus.isOpen { return outcome }
        }
        return outcome
    }

    private func deliver(_ message: PromptMessage, on bus: SessionBus) async -> DeliveryOutcome {
        let server: NotificationServer
        do {
            server = try await notificationServer(on: bus)
        } catch {
            return outcome(of: error, asking: "the notification server about itself")
        }
        let call = DesktopNotification.notifyCall(for: message, settings: settings, server: server)
        let answers = server.showsActions ? Set(message.actions.map(\.id)) : []
        let shown = shown
        do {
            // Noted on the bus thread as the reply is read, so a signal right behind it finds it.
            let id = try await bus.call(call, timeout: callTimeout) { reply in
                let id = try reply.readUInt32()
                shown.show(id, occurrenceID: message.occurrenceID, answers: answers)
                return id
            }
            return .delivered(detail: "notification \(id) on \(server.name)")
        } catch {
            return outcome(of: error, asking: "Notify")
        }
    }

    /// Takes down the notifications it showed, whose buttons could answer nothing once the
    /// connection that hears them is gone (a stop, a restart, a reload replacing the channel),
    /// then closes the connection.
    public func shutDown() async {
        isShutDown = true
        let (bus, opening) = (self.bus, self.opening)
        self.bus = nil
        if let bus {
            let onScreen = shown.removeAll()
            for id in onScreen { bus.send(DesktopNotification.call("CloseNotification", [.uint32(id)])) }
            // Messages leave in order: once the bus answers this, the closes are on their way,
            // and a Notify that was under way has its id recorded; that one comes down too.
            _ = try? await bus.nameHasOwner(DesktopNotification.busName, timeout: .seconds(1))
            for id in shown.removeAll() { bus.send(DesktopNotification.call("CloseNotification", [.uint32(id)])) }
            _ = try? await bus.nameHasOwner(DesktopNotification.busName, timeout: .seconds(1))
        }
        await bus?.close()
        if let opened = try? await opening?.value { await opened.close() }
        shown.serverChanged()
    }

    /// Takes the notifications showing `occurrenceID` off the screen: the prompt was
    /// answered (through rungctl, or another channel), so their buttons would answer
    /// nothing. Forgotten first, so that a button pressed meanwhile is no answer.
    public func withdraw(_ occurrenceID: String) async {
        let ids = shown.remove(showing: occurrenceID)
        guard let bus, bus.isOpen else { return }
        for id in ids { bus.send(DesktopNotification.call("CloseNotification", [.uint32(id)])) }
    }

    /// Closes the connection and leaves the notifications it showed on screen: the
    /// server keeps them until their expiry or until the person closes them. Their buttons
    /// answer nothing any more.
    public func release() async {
        isShutDown = true
        let (bus, opening) = (self.bus, self.opening)
        self.bus = nil
        _ = shown.removeAll()
        await bus?.close()
        if let opened = try? await opening?.value { await opened.close() }
        shown.serverChanged()
    }

    /// What a failed bus call means for the ledger.
    private func outcome(of error: any Error, asking what: String) -> DeliveryOutcome {
        guard let error = error as? BusError else {
            return .failed(reason: "\(what): \(error)", retryable: false)
        }
        if error.isNameWithoutOwner {
            return .unavailable(reason: "no notification server: nothing owns \(DesktopNotification.busName) on the session bus")
        }
        if error.isNoReply {
            // A server that took the call and never answered is likely to hang again: the
            // next channel gets the prompt now, not after retries of the same wait.
            return .timedOut(reason: "\(what) got no reply within \(callTimeout) (\(error))")
        }
        if error.isClosed {
            return .failed(reason: "\(what): the session bus connection was lost", retryable: true)
        }
        let permanent = [
            "org.freedesktop.DBus.Error.InvalidArgs", "org.freedesktop.DBus.Error.UnknownMethod",
            "org.freedesktop.DBus.Error.UnknownInterface", "org.freedesktop.DBus.Error.UnknownObject",
            "org.freedesktop.DBus.Error.AccessDenied",
        ]
        return .failed(reason: "\(what) failed: \(error)", retryable: error.errorName.map { !permanent.contains($0) } ?? false)
    }

    /// The server's name and capabilities, asked once per server. The bus must not start
    /// one: if nobody owns the name, that is the answer.
    private func notificationServer(on bus: SessionBus) async throws -> NotificationServer {
        let (known, generation) = shown.server()
        if let known { return known }
        guard try await bus.nameHasOwner(DesktopNotification.busName, timeout: callTimeout) else {
            throw BusError.errorReply(name: "org.freedesktop.DBus.Error.NameHasNoOwner", message: "")
        }
        async let capabilities = bus.call(DesktopNotification.call("GetCapabilities"), timeout: callTimeout) {
            try $0.readStringArray()
        }
        async let serverName = bus.call(DesktopNotification.call("GetServerInformation"), timeout: callTimeout) {
            try $0.readString()
        }
        let server = NotificationServer(name: try await serverName, capabilities: Set(try await capabilities))
        shown.learn(server, generation: generation)
        return server
    }

    /// The open connection, opening one (again) if there is none.
    private func connection(to address: String) async throws -> SessionBus {
        if let bus, bus.isOpen { return bus }
        if let opening { return try await opening.value }
        let (shown, events, name, timeout) = (shown, events, name, callTimeout)
        let opening = Task { try await Self.open(address, shown: shown, events: events, channel: name, timeout: timeout) }
        self.opening = opening
        defer { self.opening = nil }
        let bus = try await opening.value
        guard !isShutDown else {
            await bus.close()
            throw BusError.closed
        }
        let previous = self.bus
        self.bus = bus
        await previous?.close()
        return bus
    }

    /// Connects and subscribes to the server's signals and to changes of its owner.
    private static func open(
        _ address: String, shown: ShownNotifications, events: @escaping ChannelEventHandler, channel: String,
        timeout: Duration
    ) async throws -> SessionBus {
        let bus = try await SessionBus.open(address: address, methodCallTimeout: timeout) { shown.serverChanged() }
        do {
            let ownerChanges = BusMatchRule(
                sender: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
                member: "NameOwnerChanged", firstArgument: DesktopNotification.busName)
            try await bus.subscribe(to: ownerChanges) { signal in
                guard (try? signal.readString()) == DesktopNotification.busName, (try? signal.readString()) != nil,
                    let newOwner = try? signal.readString()
                else { return }
                shown.serverChanged()
                if !newOwner.isEmpty { events(.available(channel: channel)) }
            }
            try await bus.subscribe(to: serverSignal("ActionInvoked")) { [weak bus] signal in
                guard let id = try? signal.readUInt32(), let key = try? signal.readString(),
                    let occurrenceID = shown.answer(id, with: key)
                else { return }
                events(.answered(occurrenceID: occurrenceID, answer: key, channel: channel))
                // Answered: take it off the screen, as the specification expects of a server.
                bus?.send(DesktopNotification.call("CloseNotification", [.uint32(id)]))
            }
            try await bus.subscribe(to: serverSignal("NotificationClosed")) { signal in
                guard let id = try? signal.readUInt32(), let reason = try? signal.readUInt32(),
                    let occurrenceID = shown.close(id)
                else { return }
                if reason == DesktopNotification.dismissedByUser {
                    events(.dismissed(occurrenceID: occurrenceID, channel: channel))
                }
            }
        } catch {
            await bus.close()
            throw error
        }
        return bus
    }

    private static func serverSignal(_ member: String) -> BusMatchRule {
        BusMatchRule(
            sender: DesktopNotification.busName, path: DesktopNotification.objectPath,
            interface: DesktopNotification.interface, member: member)
    }
}

import Foundation

/// python-dbusmock's `notification_daemon` template on a private bus: a notification server
/// whose capabilities a test chooses, which records every call it gets and emits the
/// signals a test asks for. Run by Debian's `/usr/bin/python3`, which has the module.
public final class NotificationMock: @unchecked Sendable {
    // Safe: all stored properties are constants.
    public static let busName = "org.freedesktop.Notifications"
    public static let objectPath = "/org/freedesktop/Notifications"

    public let bus: PrivateSessionBus
    public let process: PeerProcess

    /// One `Notify` call as the server received it. Hints read `TYPE VALUE`, e.g. `y 1`.
    public struct NotifyCall: Sendable, Equatable {
        public var appName: String
        public var replacesID: UInt32
        public var appIcon: String
        public var summary: String
        public var body: String
        public var actions: [String]
        public var hints: [String: String]
        public var expireTimeout: Int32

        public init(
            appName: String, replacesID: UInt32, appIcon: String, summary: String, body: String, actions: [String],
            hints: [String: String], expireTimeout: Int32
        ) {
            self.appName = appName
            self.replacesID = replacesID
            self.appIcon = appIcon
            self.summary = summary
            self.body = body
            self.actions = actions
            self.hints = hints
            self.expireTimeout = expireTimeout
        }
    }

    private init(bus: PrivateSessionBus, process: PeerProcess) {
        self.bus = bus
        self.process = process
    }

    /// Starts the server on `bus` and returns once it owns its name. `capabilities` nil
    /// keeps the template's own list (which has `body-markup` but not `actions`).
    public static func start(on bus: PrivateSessionBus, capabilities: [String]? = nil) async throws -> NotificationMock {
        var arguments = ["-m", "dbusmock", "--template", "notification_daemon"]
        if let capabilities {
            let parameters = try JSONSerialization.data(withJSONObject: ["capabilities": capabilities.joined(separator: " ")])
            arguments += ["-p", String(decoding: parameters, as: UTF8.self)]
        }
        let process = try PeerProcess("/usr/bin/python3", arguments, environment: bus.environment, logDirectory: bus.directory)
        let mock = NotificationMock(bus: bus, process: process)
        do {
            try await bus.waitForName(busName)
        } catch {
            throw PeerError("\(error); dbusmock said: \(process.log)")
        }
        return mock
    }

    /// Every `Notify` call received so far, oldest first.
    public func notifyCalls() async throws -> [NotifyCall] {
        let result = try await bus.busctl([
            "--json=short", "call", Self.busName, Self.objectPath, "org.freedesktop.DBus.Mock", "GetMethodCalls", "s", "Notify",
        ])
        guard result.status == 0 else { throw PeerError("GetMethodCalls failed: \(result.stderr)") }
        let reply = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let calls = (reply?["data"] as? [Any])?.first as? [[Any]] ?? []
        return try calls.map { call in
            let arguments = (call.last as? [[String: Any]] ?? []).map { $0["data"] as Any }
            guard arguments.count == 8 else { throw PeerError("Notify with \(arguments.count) arguments: \(call)") }
            let hints = (arguments[6] as? [String: [String: Any]] ?? [:]).mapValues { variant in
                "\(variant["type"] ?? "?") \(Self.text(of: variant["data"]))"
            }
            return NotifyCall(
                appName: arguments[0] as? String ?? "", replacesID: (arguments[1] as? NSNumber)?.uint32Value ?? 0,
                appIcon: arguments[2] as? String ?? "", summary: arguments[3] as? String ?? "",
                body: arguments[4] as? String ?? "", actions: arguments[5] as? [String] ?? [],
                hints: hints, expireTimeout: (arguments[7] as? NSNumber)?.int32Value ?? 0)
        }
    }

    /// A value as JSON writes it, e.g. `1`, `x`, `["p","q"]`.
    private static func text(of value: Any?) -> String {
        guard let value else { return "?" }
        if let string = value as? String { return string }
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }

    /// Waits until the server has received `count` `Notify` calls, and returns them.
    public func waitForNotifyCalls(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [NotifyCall] {
        var calls: [NotifyCall] = []
        guard try await eventually(timeout: timeout, { calls = try await notifyCalls(); return calls.count >= count }) else {
            throw PeerError("\(calls.count) Notify calls after \(timeout), not \(count)")
        }
        return calls
    }

    /// The ids of every `CloseNotification` call received so far, oldest first.
    public func closeNotificationCalls() async throws -> [UInt32] {
        let result = try await bus.busctl([
            "--json=short", "call", Self.busName, Self.objectPath, "org.freedesktop.DBus.Mock", "GetMethodCalls", "s",
            "CloseNotification",
        ])
        guard result.status == 0 else { throw PeerError("GetMethodCalls failed: \(result.stderr)") }
        let reply = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let calls = (reply?["data"] as? [Any])?.first as? [[Any]] ?? []
        return calls.compactMap { call in
            ((call.last as? [[String: Any]])?.first?["data"] as? NSNumber)?.uint32Value
        }
    }

    /// Emits `ActionInvoked(id, actionKey)`, as a server does when the person picks a button.
    public func emitActionInvoked(id: UInt32, actionKey: String) async throws {
        try await emit("ActionInvoked", signature: "us", ["u", String(id), "s", actionKey])
    }

    /// Emits `NotificationClosed(id, reason)`: 1 expired, 2 dismissed by the user, 3 closed by a call.
    public func emitNotificationClosed(id: UInt32, reason: UInt32) async throws {
        try await emit("NotificationClosed", signature: "uu", ["u", String(id), "u", String(reason)])
    }

    private func emit(_ member: String, signature: String, _ variants: [String]) async throws {
        let result = try await bus.busctl([
            "call", "--", Self.busName, Self.objectPath, "org.freedesktop.DBus.Mock", "EmitSignal", "sssav",
            Self.busName, member, signature, String(variants.count / 2),
        ] + variants)
        guard result.status == 0 else { throw PeerError("EmitSignal \(member) failed: \(result.stderr)") }
    }

    /// Ends the server; its name leaves the bus.
    public func stop() async throws {
        process.stop()
        try await bus.waitForName(Self.busName, owned: false)
    }
}

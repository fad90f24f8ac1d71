import CSystemd
import RungTime

/// A connection to a D-Bus session bus through sd-bus, served by a thread of its own.
///
/// Every call is asynchronous and has a time-out, so a peer that never answers costs its
/// caller the time-out and nobody else anything. Signal subscriptions deliver on the
/// connection's thread. An idle connection does not wake at all.
///
/// The connection ends with `close()`, when the object goes away, or when the bus does;
/// then calls in flight fail with `BusError.closed` (or a NoReply error), and so do later ones.
public final class SessionBus: Sendable {
    private let loop: BusLoop

    private init(loop: BusLoop) {
        self.loop = loop
    }

    /// Connects to the bus at `address` (a D-Bus address such as `unix:path=/run/user/1000/bus`).
    /// `methodCallTimeout` bounds the calls sd-bus makes on its own (`AddMatch`);
    /// `onDisconnect` runs, on the connection's thread, if the bus goes away.
    public static func open(
        address: String, methodCallTimeout: Duration = .seconds(25),
        onDisconnect: @escaping @Sendable () -> Void = {}
    ) async throws(BusError) -> SessionBus {
        let loop = try await BusLoop.start(
            address: address, methodCallTimeout: methodCallTimeout.busTimeout, onDisconnect: onDisconnect)
        return SessionBus(loop: loop)
    }

    /// The session bus of `environment`, found as sd-bus finds it: `DBUS_SESSION_BUS_ADDRESS`,
    /// else the socket `bus` in `XDG_RUNTIME_DIR`. Nil when neither is set.
    public static func address(in environment: [String: String]) -> String? {
        if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return address }
        guard let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty else { return nil }
        return "unix:path=" + escapedAddressValue(runtime + "/bus")
    }

    /// Whether the connection is still open.
    public var isOpen: Bool {
        loop.isRunning
    }

    /// The kernel id of the thread serving the connection.
    public var threadID: Int32 {
        loop.threadID
    }

    /// Calls a method and decodes its reply with `decode`, which runs on the connection's
    /// thread before any later message is handled (so what it records is in place for the
    /// signals that follow). An error reply, or no reply within `timeout`, throws `BusError`.
    public func call<Reply: Sendable>(
        _ call: BusMethodCall, timeout: Duration,
        decode: @escaping @Sendable (BusMessageReader) throws -> Reply
    ) async throws -> Reply {
        let microseconds = timeout.busTimeout
        return try await withCheckedThrowingContinuation { continuation in
            loop.submit { bus in
                guard let bus else { return continuation.resume(throwing: BusError.closed) }
                do {
                    let message = try call.message(on: bus)
                    defer { sd_bus_message_unref(message) }
                    try BusSlot.call(message, on: bus, timeoutMicroseconds: microseconds) { reply in
                        guard let reply else { return continuation.resume(throwing: BusError.closed) }
                        if let error = sd_bus_message_get_error(reply) {
                            return continuation.resume(throwing: BusError.reply(error))
                        }
                        continuation.resume(with: Result { try decode(BusMessageReader(message: reply)) })
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Calls a method whose reply carries nothing Rung needs, and waits for that reply.
    public func call(_ call: BusMethodCall, timeout: Duration) async throws {
        try await self.call(call, timeout: timeout) { _ in () }
    }

    /// Sends a method call without waiting for, or wanting, a reply.
    public func send(_ call: BusMethodCall) {
        loop.submit { bus in
            guard let bus, let message = try? call.message(on: bus) else { return }
            sd_bus_message_set_expect_reply(message, 0)
            sd_bus_send(bus, message, nil)
            sd_bus_message_unref(message)
        }
    }

    /// Delivers every signal `rule` selects to `handler`, on the connection's thread, for as
    /// long as the connection lasts. Returns once the bus has added the match, so a call
    /// made afterwards cannot cause a signal the subscription misses.
    public func subscribe(to rule: BusMatchRule, handler: @escaping @Sendable (BusMessageReader) -> Void) async throws {
        let installed: BusError? = await withCheckedContinuation { continuation in
            loop.submit { bus in
                guard let bus else { return continuation.resume(returning: .closed) }
                do throws(BusError) {
                    try BusSlot.subscribe(rule, on: bus, handler: handler) { continuation.resume(returning: $0) }
                } catch {
                    continuation.resume(returning: error)
                }
            }
        }
        if let installed { throw installed }
    }

    /// Whether `name` has an owner on the bus (`org.freedesktop.DBus.NameHasOwner`).
    public func nameHasOwner(_ name: String, timeout: Duration) async throws -> Bool {
        try await call(.bus("NameHasOwner", [.string(name)]), timeout: timeout) { try $0.readBoolean() }
    }

    /// Closes the connection and returns once its thread has ended.
    public func close() async {
        loop.stop()
        await loop.waitUntilFinished()
    }

    deinit {
        loop.stop()
    }
}

extension Duration {
    /// The duration as sd-bus takes a time limit: in microseconds, at least 1 (sd-bus reads
    /// 0 as "the default").
    var busTimeout: UInt64 {
        UInt64(max(microseconds, 1))
    }
}

/// A value of a D-Bus address, with every byte outside `[-0-9A-Za-z_/.\*]` written `%XX`.
func escapedAddressValue(_ value: String) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var escaped: [UInt8] = []
    for byte in value.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "*"):
            escaped.append(byte)
        default:
            escaped += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }
    return String(decoding: escaped, as: UTF8.self)
}

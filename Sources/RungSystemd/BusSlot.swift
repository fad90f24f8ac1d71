import CSystemd

/// The callbacks sd-bus holds for Rung in floating slots: a call waiting for its reply, and
/// a signal subscription. Each is retained by its slot and released by the slot's destroy
/// callback, which sd-bus runs when it is done with the slot — after the reply or time-out,
/// or when the connection is freed; a call still waiting then completes as closed.
/// All of it runs on the loop thread only.
enum BusSlot {
    /// Sends `message` and calls `completion` once, with the reply (an error reply on a
    /// time-out), or with nil when the connection ends first.
    static func call(
        _ message: OpaquePointer, on bus: OpaquePointer, timeoutMicroseconds: UInt64,
        completion: @escaping (OpaquePointer?) -> Void
    ) throws(BusError) {
        let pending = Unmanaged.passRetained(PendingReply(completion))
        var slot: OpaquePointer?
        let result = sd_bus_call_async(bus, &slot, message, { reply, context, _ in
            Unmanaged<PendingReply>.fromOpaque(context!).takeUnretainedValue().finish(with: reply)
            return 0
        }, pending.toOpaque(), timeoutMicroseconds)
        guard result >= 0, let slot else {
            pending.release()
            throw BusError.local("sending the call", errno: result)
        }
        float(slot) { context in
            Unmanaged<PendingReply>.fromOpaque(context!).takeRetainedValue().finish(with: nil)
        }
    }

    /// Subscribes to the signals `rule` selects; `installed` is called once, with nil when
    /// the bus has added the match, else with why it did not.
    static func subscribe(
        _ rule: BusMatchRule, on bus: OpaquePointer, handler: @escaping @Sendable (BusMessageReader) -> Void,
        installed: @escaping (BusError?) -> Void
    ) throws(BusError) {
        let subscription = Unmanaged.passRetained(Subscription(handler: handler, installed: installed))
        var slot: OpaquePointer?
        let result = sd_bus_add_match_async(bus, &slot, rule.description, { message, context, _ in
            if let message {
                Unmanaged<Subscription>.fromOpaque(context!).takeUnretainedValue().handler(BusMessageReader(message: message))
            }
            return 0
        }, { reply, context, _ in
            let error = reply.flatMap { sd_bus_message_get_error($0) }.map { BusError.reply($0) }
            Unmanaged<Subscription>.fromOpaque(context!).takeUnretainedValue().reportInstalled(error)
            return 0
        }, subscription.toOpaque())
        guard result >= 0, let slot else {
            subscription.release()
            throw BusError.local("adding the match \(rule)", errno: result)
        }
        float(slot) { context in
            Unmanaged<Subscription>.fromOpaque(context!).takeRetainedValue().reportInstalled(.closed)
        }
    }

    /// Hands `slot` to the bus, which frees it (running `destroy`) when it is done with it.
    private static func float(_ slot: OpaquePointer, destroy: sd_bus_destroy_t) {
        sd_bus_slot_set_destroy_callback(slot, destroy)
        sd_bus_slot_set_floating(slot, 1)
        sd_bus_slot_unref(slot)
    }
}

/// A call's completion, run at most once.
private final class PendingReply {
    private var completion: ((OpaquePointer?) -> Void)?

    init(_ completion: @escaping (OpaquePointer?) -> Void) {
        self.completion = completion
    }

    func finish(with reply: OpaquePointer?) {
        completion?(reply)
        completion = nil
    }
}

/// A signal handler, and who waits for the bus to confirm the match.
private final class Subscription {
    let handler: @Sendable (BusMessageReader) -> Void
    private var installed: ((BusError?) -> Void)?

    init(handler: @escaping @Sendable (BusMessageReader) -> Void, installed: @escaping (BusError?) -> Void) {
        self.handler = handler
        self.installed = installed
    }

    func reportInstalled(_ error: BusError?) {
        installed?(error)
        installed = nil
    }
}

import Foundation
import RungSystemd
import RungTestSupport
import Testing

@Suite("Session bus connection")
struct SessionBusTests {
    static let notifications = BusMethodCall(
        destination: NotificationMock.busName, path: NotificationMock.objectPath,
        interface: "org.freedesktop.Notifications", member: "GetCapabilities")

    @Test("connecting where no bus listens fails at once, naming the address and the reason")
    func noBus() async throws {
        let address = "unix:path=/tmp/rung-no-bus-\(UUID().uuidString)/bus"
        let error = await #expect(throws: BusError.self) { try await SessionBus.open(address: address) }
        #expect(error?.description == "cannot connect to the session bus at \(address): No such file or directory")
    }

    @Test("the session bus is DBUS_SESSION_BUS_ADDRESS, else the escaped socket in XDG_RUNTIME_DIR, else none")
    func addressFromEnvironment() {
        #expect(SessionBus.address(in: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/x/bus", "XDG_RUNTIME_DIR": "/run/user/1"]) == "unix:path=/x/bus")
        #expect(SessionBus.address(in: ["XDG_RUNTIME_DIR": "/run/user/1000"]) == "unix:path=/run/user/1000/bus")
        #expect(SessionBus.address(in: ["XDG_RUNTIME_DIR": "/tmp/a b,c=d"]) == "unix:path=/tmp/a%20b%2cc%3dd/bus")
        #expect(SessionBus.address(in: ["DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": ""]) == nil)
        #expect(SessionBus.address(in: [:]) == nil)
    }

    @Test("a match rule quotes its values as the specification says")
    func matchRule() {
        let rule = BusMatchRule(
            sender: "org.freedesktop.DBus", interface: "org.freedesktop.DBus", member: "NameOwnerChanged",
            firstArgument: "it's")
        #expect(rule.description == #"type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='it'\''s'"#)
    }

    @Test("a call gets its reply, typed; an error reply carries its D-Bus name")
    func callAndErrorReply() async throws {
        let peer = try await PrivateSessionBus.start()
        let bus = try await SessionBus.open(address: peer.address)
        let owner = try await bus.call(.bus("GetNameOwner", [.string("org.freedesktop.DBus")]), timeout: .seconds(5)) {
            try $0.readString()
        }
        #expect(owner == "org.freedesktop.DBus")
        #expect(try await bus.nameHasOwner("org.freedesktop.DBus", timeout: .seconds(5)))
        #expect(try await !bus.nameHasOwner("org.example.Nobody", timeout: .seconds(5)))

        let error = await #expect(throws: BusError.self) {
            try await bus.call(.bus("GetNameOwner", [.string("org.example.Nobody")]), timeout: .seconds(5))
        }
        #expect(error?.errorName == "org.freedesktop.DBus.Error.NameHasNoOwner")
        #expect(error?.isNameWithoutOwner == true)

        let mismatch = await #expect(throws: BusError.self) {
            try await bus.call(.bus("GetNameOwner", [.string("org.freedesktop.DBus")]), timeout: .seconds(5)) { try $0.readUInt32() }
        }
        #expect(mismatch?.description == "unexpected message: message (s): argument u is of another type")
        await bus.close()
    }

    @Test("arguments of every type arrive at the peer as the types they were sent as")
    func argumentTypes() async throws {
        let peer = try await PrivateSessionBus.start()
        let mock = try await NotificationMock.start(on: peer)
        let bus = try await SessionBus.open(address: peer.address)
        var notify = Self.notifications
        notify.member = "Notify"
        notify.arguments = [
            .string("app ü"), .uint32(7), .string(""), .string("it's <b>"), .string(""),
            .stringArray(["a", "A", "b", "B"]),
            .variantDictionary([
                "byte": .byte(2), "flag": .boolean(true), "int": .int32(-5), "count": .uint32(9), "text": .string("x"),
                "list": .stringArray(["p", "q"]),
            ]),
            .int32(-1),
        ]
        let id = try await bus.call(notify, timeout: .seconds(5)) { try $0.readUInt32() }
        #expect(id == 7)
        let call = try #require(try await mock.notifyCalls().first)
        #expect(call.appName == "app ü")
        #expect(call.replacesID == 7)
        #expect(call.summary == "it's <b>")
        #expect(call.actions == ["a", "A", "b", "B"])
        #expect(call.hints == [
            "byte": "y 2", "flag": "b true", "int": "i -5", "count": "u 9", "text": "s x", "list": #"as ["p","q"]"#,
        ])
        #expect(call.expireTimeout == -1)
        await bus.close()
    }

    @Test("a string holding U+0000 is refused before anything is sent")
    func nulRefused() async throws {
        let peer = try await PrivateSessionBus.start()
        let bus = try await SessionBus.open(address: peer.address)
        let error = await #expect(throws: BusError.self) {
            try await bus.call(.bus("NameHasOwner", [.string("a\u{0}b")]), timeout: .seconds(5))
        }
        #expect(error?.description == "unexpected message: a D-Bus string cannot hold U+0000")
        await bus.close()
    }

    @Test("a peer that never answers costs its caller the time-out, and other calls go on meanwhile")
    func hungPeer() async throws {
        let peer = try await PrivateSessionBus.start()
        let mock = try await NotificationMock.start(on: peer)
        let bus = try await SessionBus.open(address: peer.address)
        mock.process.pause()
        defer { mock.process.resume() }

        let clock = ContinuousClock()
        let started = clock.now
        let answered = EventRecorder<String>()
        let hung = Task {
            defer { answered.record("hung") }
            try await bus.call(Self.notifications, timeout: .seconds(8))
        }
        // While that call waits, the same connection still serves others (8 s leave room for
        // five round trips on a loaded machine; 3 s once did not).
        for _ in 0..<5 {
            #expect(try await bus.nameHasOwner("org.freedesktop.DBus", timeout: .seconds(5)))
        }
        answered.record("others")
        let error = await #expect(throws: BusError.self) { try await hung.value }
        let waited = clock.now - started
        #expect(answered.events == ["others", "hung"])
        #expect(error?.isNoReply == true)
        // No earlier than its time-out; and well before the bus's own 25 s, which is what a
        // time-out that did not apply would cost. The bound is generous for a loaded machine.
        #expect(waited >= .seconds(8) && waited < .seconds(20), "waited \(waited)")
        await bus.close()
    }

    @Test("a subscription gets the signals its rule selects, with their arguments, and no others")
    func signals() async throws {
        let peer = try await PrivateSessionBus.start()
        let mock = try await NotificationMock.start(on: peer)
        let bus = try await SessionBus.open(address: peer.address)
        let received = EventRecorder<String>()
        let rule = BusMatchRule(sender: NotificationMock.busName, interface: "org.freedesktop.Notifications", member: "ActionInvoked")
        try await bus.subscribe(to: rule) { signal in
            let arguments = "\((try? signal.readUInt32()).map(String.init) ?? "?") \((try? signal.readString()) ?? "?")"
            received.record("\(signal.member ?? "?")(\(signal.signature)) \(arguments)")
        }
        try await mock.emitNotificationClosed(id: 3, reason: 2)
        try await mock.emitActionInvoked(id: 4, actionKey: "success")
        #expect(try await received.first { _ in true } == "ActionInvoked(us) 4 success")
        try await mock.emitActionInvoked(id: 5, actionKey: "miss")
        _ = try await received.first { $0.hasSuffix("5 miss") }
        #expect(received.events == ["ActionInvoked(us) 4 success", "ActionInvoked(us) 5 miss"])
        await bus.close()
    }

    @Test("owner changes of one name arrive when its owner comes and goes")
    func ownerChanges() async throws {
        let peer = try await PrivateSessionBus.start()
        let bus = try await SessionBus.open(address: peer.address)
        let changes = EventRecorder<[String]>()
        let rule = BusMatchRule(
            sender: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "NameOwnerChanged", firstArgument: NotificationMock.busName)
        try await bus.subscribe(to: rule) { signal in
            changes.record([(try? signal.readString()) ?? "?", (try? signal.readString()) ?? "?", (try? signal.readString()) ?? "?"])
        }
        let mock = try await NotificationMock.start(on: peer)
        let appeared = try await changes.first { $0[2].hasPrefix(":") }
        #expect(appeared[0] == NotificationMock.busName && appeared[1] == "")
        try await mock.stop()
        let vanished = try await changes.first { $0[2] == "" }
        #expect(vanished[1] == appeared[2])
        #expect(changes.events.allSatisfy { $0[0] == NotificationMock.busName })
        await bus.close()
    }

    @Test("an idle connection with subscriptions never wakes its thread")
    func idleDoesNotWake() async throws {
        let peer = try await PrivateSessionBus.start()
        let bus = try await SessionBus.open(address: peer.address)
        try await bus.subscribe(to: BusMatchRule(sender: "org.freedesktop.DBus", member: "NameOwnerChanged", firstArgument: "org.example.Quiet")) { _ in }
        _ = try await bus.nameHasOwner("org.example.Quiet", timeout: .seconds(5))
        let before = try Self.contextSwitches(ofThread: bus.threadID)
        try await Task.sleep(for: .seconds(1.5))
        let after = try Self.contextSwitches(ofThread: bus.threadID)
        #expect(after == before, "the bus thread woke \(after - before) times while idle")
        await bus.close()
    }

    @Test("closing fails the calls in flight and later ones, and ends the thread")
    func close() async throws {
        let peer = try await PrivateSessionBus.start()
        let mock = try await NotificationMock.start(on: peer)
        let bus = try await SessionBus.open(address: peer.address)
        let thread = bus.threadID
        mock.process.pause()
        defer { mock.process.resume() }
        let inFlight = Task { try await bus.call(Self.notifications, timeout: .seconds(60)) }
        #expect(try await bus.nameHasOwner("org.freedesktop.DBus", timeout: .seconds(5)))
        await bus.close()
        let error = await #expect(throws: BusError.self) { try await inFlight.value }
        #expect(error?.isClosed == true)
        #expect(!bus.isOpen)
        await #expect(throws: BusError.closed) { try await bus.nameHasOwner("org.freedesktop.DBus", timeout: .seconds(5)) }
        #expect(!FileManager.default.fileExists(atPath: "/proc/self/task/\(thread)"))
    }

    @Test("when the bus goes away the connection says so, and calls fail instead of waiting")
    func busGone() async throws {
        let peer = try await PrivateSessionBus.start()
        let lost = EventRecorder<Bool>()
        let bus = try await SessionBus.open(address: peer.address) { lost.record(true) }
        #expect(try await bus.nameHasOwner("org.freedesktop.DBus", timeout: .seconds(5)))
        peer.stopDaemon()
        _ = try await lost.first { $0 }
        #expect(!bus.isOpen)
        await #expect(throws: BusError.closed) { try await bus.nameHasOwner("org.freedesktop.DBus", timeout: .seconds(5)) }
        await bus.close()
    }

    /// Voluntary plus involuntary context switches of one of this process's threads.
    static func contextSwitches(ofThread thread: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/task/\(thread)/status", encoding: .utf8)
        return status.split(separator: "\n")
            .filter { $0.hasPrefix("voluntary_ctxt_switches") || $0.hasPrefix("nonvoluntary_ctxt_switches") }
            .compactMap { Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) }
            .reduce(0, +)
    }
}

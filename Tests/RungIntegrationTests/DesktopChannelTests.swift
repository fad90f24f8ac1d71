import Foundation
import RungCore
import RungDelivery
import RungTestSupport
import RungTime
import Testing

/// The desktop channel against python-dbusmock's notification server, whose capabilities
/// each test chooses and whose calls it reads back.
@Suite("Desktop channel")
struct DesktopChannelTests {
    static let debrief = PromptMessage(
        occurrenceID: "0f3a9c2b7d4e1a55", kind: "debrief", subject: "performance:lightning-talk",
        title: "Debrief: Lightning talk", body: "How did it go?\nWhat will you keep?",
        due: Instant(seconds: 1_764_066_600), expires: Instant(seconds: 1_764_153_000),
        actions: [.init("success", "Success"), .init("partial", "Partial"), .init("miss", "Miss")])

    static let withActions = ["body", "actions"]

    /// A channel named `desktop` on `bus`, with its events recorded.
    static func channel(
        on bus: PrivateSessionBus, settings: Channel.Desktop = Channel.Desktop(), callTimeout: Duration = .seconds(5)
    ) -> (DesktopChannel, EventRecorder<ChannelEvent>) {
        let events = EventRecorder<ChannelEvent>()
        let channel = DesktopChannel(
            name: "desktop", settings: settings, busAddress: bus.address, callTimeout: callTimeout, events: events.record)
        return (channel, events)
    }

    /// What `delivery` came to, and when it did.
    static func endingAt(_ delivery: () async -> DeliveryOutcome) async -> (outcome: DeliveryOutcome, at: ContinuousClock.Instant) {
        let outcome = await delivery()
        return (outcome, ContinuousClock.now)
    }

    static func prompt(_ occurrenceID: String, title: String = "Debrief: Lightning talk", body: String? = nil) -> PromptMessage {
        var message = debrief
        message.occurrenceID = occurrenceID
        message.title = title
        if let body { message.body = body }
        return message
    }

    @Test("a debrief goes out as the specification asks: app name, summary, buttons, urgency byte, category, entry, time-out")
    func notifyArguments() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        var settings = Channel.Desktop()
        settings.urgency = .critical
        settings.expireTimeout = TimeSpan(microseconds: 30_000_000)
        settings.appName = "Rung coach"
        let (channel, _) = Self.channel(on: bus, settings: settings)

        #expect(await channel.deliver(Self.debrief) == .delivered(detail: "notification 1 on mock-notify"))
        let call = try #require(try await server.notifyCalls().first)
        #expect(call == NotificationMock.NotifyCall(
            appName: "Rung coach", replacesID: 0, appIcon: "", summary: "Debrief: Lightning talk",
            body: "How did it go?\nWhat will you keep?", actions: ["success", "Success", "partial", "Partial", "miss", "Miss"],
            hints: ["urgency": "y 2", "category": "s x-rung.debrief", "desktop-entry": "s rung"], expireTimeout: 30_000))
        await channel.shutDown()
    }

    @Test("without an expire_timeout the server decides, and normal urgency is the byte 1")
    func defaults() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        let (channel, _) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.debrief).isDelivered)
        let call = try #require(try await server.notifyCalls().first)
        #expect(call.appName == "Rung")
        #expect(call.hints["urgency"] == "y 1")
        #expect(call.expireTimeout == -1)
        await channel.shutDown()
    }

    @Test("a server without buttons gets none, and the body ends with the command that answers")
    func noActions() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: ["body"])
        let (channel, _) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.debrief).isDelivered)
        let call = try #require(try await server.notifyCalls().first)
        #expect(call.actions == [])
        #expect(call.body == "How did it go?\nWhat will you keep?\n\nAnswer with: rungctl respond 0f3a9c2b7d4e1a55 ANSWER, where ANSWER is success, partial or miss")
        await channel.shutDown()
    }

    @Test("text goes escaped to a server that reads markup, and as written to one that does not", arguments: [
        (["body", "actions", "body-markup"], "Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt; &amp;amp;"),
        (["body", "actions"], "Tom & Jerry <b>not bold</b> &amp;"),
    ])
    func markup(capabilities: [String], expectedBody: String) async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: capabilities)
        let (channel, _) = Self.channel(on: bus)
        let message = Self.prompt("1", title: "A < B & C", body: "Tom & Jerry <b>not bold</b> &amp;")
        #expect(await channel.deliver(message).isDelivered)
        let call = try #require(try await server.notifyCalls().first)
        #expect(call.body == expectedBody)
        #expect(call.summary == "A < B & C", "the summary is plain text for every server")
        await channel.shutDown()
    }

    @Test("a button the person presses answers that prompt; keys it never offered and other notifications are ignored")
    func answered() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        let (channel, events) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.prompt("first")) == .delivered(detail: "notification 1 on mock-notify"))
        #expect(await channel.deliver(Self.prompt("second")) == .delivered(detail: "notification 2 on mock-notify"))

        try await server.emitActionInvoked(id: 2, actionKey: "default")
        try await server.emitActionInvoked(id: 99, actionKey: "success")
        try await server.emitActionInvoked(id: 2, actionKey: "partial")
        let answer = try await events.first { _ in true }
        #expect(answer == .answered(occurrenceID: "second", answer: "partial", channel: "desktop"))
        // Once answered, the notification is forgotten: a second press does not answer twice.
        try await server.emitActionInvoked(id: 2, actionKey: "miss")
        try await server.emitActionInvoked(id: 1, actionKey: "success")
        _ = try await events.first { $0 == .answered(occurrenceID: "first", answer: "success", channel: "desktop") }
        #expect(events.events == [
            .answered(occurrenceID: "second", answer: "partial", channel: "desktop"),
            .answered(occurrenceID: "first", answer: "success", channel: "desktop"),
        ])
        await channel.shutDown()
    }

    @Test("a notification the person dismisses is reported dismissed; one that expired or was closed by a call is not")
    func dismissed() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        let (channel, events) = Self.channel(on: bus)
        for occurrence in ["expired", "closed", "dismissed"] {
            #expect(await channel.deliver(Self.prompt(occurrence)).isDelivered)
        }
        try await server.emitNotificationClosed(id: 1, reason: 1)
        try await server.emitNotificationClosed(id: 2, reason: 3)
        try await server.emitNotificationClosed(id: 3, reason: 2)
        _ = try await events.first { _ in true }
        // A closed notification is forgotten: its buttons can no longer answer.
        try await server.emitActionInvoked(id: 1, actionKey: "success")
        try await server.emitActionInvoked(id: 3, actionKey: "success")
        try await server.emitNotificationClosed(id: 3, reason: 2)
        #expect(try await server.notifyCalls().count == 3)
        #expect(events.events == [.dismissed(occurrenceID: "dismissed", channel: "desktop")])
        await channel.shutDown()
    }

    @Test("no notification server: unavailable, and the bus is not asked to start one")
    func noServer() async throws {
        let bus = try await PrivateSessionBus.start()
        let started = bus.directory.appendingPathComponent("activated")
        let service = bus.servicesDirectory.appendingPathComponent("org.freedesktop.Notifications.service")
        try "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=/usr/bin/touch \(started.path)\n"
            .write(to: service, atomically: true, encoding: .utf8)
        let (channel, events) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.debrief)
            == .unavailable(reason: "no notification server: nothing owns org.freedesktop.Notifications on the session bus"))
        #expect(!FileManager.default.fileExists(atPath: started.path), "the bus activated a notification server")
        #expect(events.events == [])
        await channel.shutDown()
    }

    @Test("a server that appears late makes the channel available, and the next delivery reaches it")
    func lateServer() async throws {
        let bus = try await PrivateSessionBus.start()
        let (channel, events) = Self.channel(on: bus)
        guard case .unavailable = await channel.deliver(Self.debrief) else {
            Issue.record("delivered without a server")
            return
        }
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        #expect(try await events.first { _ in true } == .available(channel: "desktop"))
        #expect(await channel.deliver(Self.debrief) == .delivered(detail: "notification 1 on mock-notify"))
        #expect(try await server.notifyCalls().count == 1)
        await channel.shutDown()
    }

    @Test("a server restart forgets the old notifications and capabilities, reports available, and delivery goes on")
    func serverRestart() async throws {
        let bus = try await PrivateSessionBus.start()
        let first = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        let (channel, events) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.prompt("before")) == .delivered(detail: "notification 1 on mock-notify"))
        try await first.stop()
        let second = try await NotificationMock.start(on: bus, capabilities: ["body"])
        #expect(try await events.first { _ in true } == .available(channel: "desktop"))

        // Notification 1 was the old server's: the new one's 1 is another.
        try await second.emitActionInvoked(id: 1, actionKey: "success")
        #expect(await channel.deliver(Self.prompt("after")) == .delivered(detail: "notification 1 on mock-notify"))
        let call = try #require(try await second.notifyCalls().first)
        #expect(call.actions == [], "the new server's capabilities were not asked for")
        #expect(call.body.hasSuffix("Answer with: rungctl respond after ANSWER, where ANSWER is success, partial or miss"))
        try await second.emitNotificationClosed(id: 1, reason: 2)
        _ = try await events.first { $0 == .dismissed(occurrenceID: "after", channel: "desktop") }
        #expect(events.events == [.available(channel: "desktop"), .dismissed(occurrenceID: "after", channel: "desktop")])
        await channel.shutDown()
    }

    @Test("a server that never answers costs each delivery the time-out, is not worth retrying, and holds nothing else up")
    func hungServer() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        // Long enough that one delivery waiting for the other (its time-out beginning when the
        // other's ends) stands apart from two waiting side by side, even on a busy machine.
        let (channel, _) = Self.channel(on: bus, callTimeout: .seconds(3))
        let (fresh, _) = Self.channel(on: bus, callTimeout: .seconds(3))
        #expect(await channel.deliver(Self.debrief).isDelivered)
        server.process.pause()
        defer { server.process.resume() }

        let started = ContinuousClock.now
        async let one = Self.endingAt { await channel.deliver(Self.prompt("one")) }
        async let two = Self.endingAt { await channel.deliver(Self.prompt("two")) }
        async let asking = fresh.deliver(Self.prompt("three"))
        let ends = await [one, two]
        let timedOut = DeliveryOutcome.timedOut(
            reason: "Notify got no reply within 3.0 seconds (org.freedesktop.DBus.Error.NoReply: Method call timed out)")
        #expect(ends.map(\.outcome) == [timedOut, timedOut])
        // Side by side: neither ended before its time-out, and both ended within one time-out
        // of each other, as one waiting for the other could not.
        let (first, last) = (ends.map(\.at).min()!, ends.map(\.at).max()!)
        #expect(first - started >= .seconds(3) && last - first < .seconds(3), "one delivery waited for the other: they ended \(last - first) apart")
        guard case .timedOut(let reason) = await asking else {
            Issue.record("a channel asking a hung server for its capabilities did not time out")
            return
        }
        #expect(reason.hasPrefix("the notification server about itself got no reply within 3.0 seconds"))
        await channel.shutDown()
        await fresh.shutDown()
    }

    @Test("no session bus at all: unavailable, saying why")
    func noBus() async {
        let missing = DesktopChannel(name: "desktop", settings: .init(), environment: [:]) { _ in }
        #expect(await missing.deliver(Self.debrief)
            == .unavailable(reason: "no session bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set"))
        let address = "unix:path=/tmp/rung-no-bus-\(UUID().uuidString)/bus"
        let gone = DesktopChannel(name: "desktop", settings: .init(), busAddress: address) { _ in }
        #expect(await gone.deliver(Self.debrief)
            == .unavailable(reason: "cannot connect to the session bus at \(address): No such file or directory"))
    }

    @Test("the bus going away makes the channel unavailable; once the bus is back, delivery works again")
    func busGoneAndBack() async throws {
        let bus = try await PrivateSessionBus.start()
        let first = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        let (channel, _) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.prompt("before")).isDelivered)
        bus.stopDaemon()
        first.process.stop()
        #expect(await channel.deliver(Self.prompt("meanwhile"))
            == .unavailable(reason: "cannot connect to the session bus at \(bus.address): No such file or directory"))
        try await bus.startDaemon()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        #expect(await channel.deliver(Self.prompt("after")) == .delivered(detail: "notification 1 on mock-notify"))
        #expect(try await server.notifyCalls().map(\.summary) == ["Debrief: Lightning talk"])
        await channel.shutDown()
    }

    @Test("after shutDown the channel delivers nothing")
    func shutDown() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: Self.withActions)
        let (channel, _) = Self.channel(on: bus)
        #expect(await channel.deliver(Self.debrief).isDelivered)
        await channel.shutDown()
        #expect(await channel.deliver(Self.debrief) == .unavailable(reason: "the channel is shut down"))
        #expect(try await server.notifyCalls().count == 1)
    }
}

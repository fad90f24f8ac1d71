import Foundation
import RungCore
import RungDelivery
import RungTestSupport
import RungTime
import Testing

/// The desktop channel against a real notification server: dunst, on a private bus and
/// an Xvfb display. Its buttons are answered through its context menu (`dunstctl context`,
/// which hands the actions to a dmenu-like program), the way a dunst user picks one.
@Suite("Desktop channel on dunst")
struct DesktopChannelDunstTests {
    @Test("a debrief shows on dunst with its buttons; choosing Success answers the prompt and takes it off the screen")
    func answeredOnDunst() async throws {
        let bus = try await PrivateSessionBus.start()
        let dunst = try await DunstServer.start(on: bus)
        let (channel, events) = DesktopChannelTests.channel(on: bus)
        let message = DesktopChannelTests.debrief

        let outcome = await channel.deliver(message)
        guard case .delivered(let detail) = outcome else {
            Issue.record("not delivered: \(outcome); dunst said: \(dunst.dunst.log)")
            return
        }
        let id = try #require(detail.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        #expect(detail == "notification \(id) on dunst")
        try await dunst.waitForDisplayed(1)

        let menu = try await dunst.chooseFromContextMenu("Success")
        #expect(Set(menu.split(separator: "\n")) == [
            "#Success (Debrief: Lightning talk) [\(id),success]",
            "#Partial (Debrief: Lightning talk) [\(id),partial]",
            "#Miss (Debrief: Lightning talk) [\(id),miss]",
        ])
        let answer = try await events.first { _ in true }
        #expect(answer == .answered(occurrenceID: message.occurrenceID, answer: "success", channel: "desktop"))

        try await dunst.waitForDisplayed(0)
        let shown = try #require(try await dunst.history().first)
        #expect(shown["summary"] == "Debrief: Lightning talk")
        #expect(shown["body"] == "How did it go?\nWhat will you keep?")
        #expect(shown["appname"] == "Rung")
        #expect(shown["category"] == "x-rung.debrief")
        #expect(events.events.count == 1, "closing the answered notification reported more: \(events.events)")
        await channel.shutDown()
    }

    @Test("a prompt the person closes on dunst is reported dismissed")
    func dismissedOnDunst() async throws {
        let bus = try await PrivateSessionBus.start()
        let dunst = try await DunstServer.start(on: bus)
        let (channel, events) = DesktopChannelTests.channel(on: bus)
        #expect(await channel.deliver(DesktopChannelTests.debrief).isDelivered)
        try await dunst.waitForDisplayed(1)
        try await dunst.closeTopmost()
        let event = try await events.first { _ in true }
        #expect(event == .dismissed(occurrenceID: DesktopChannelTests.debrief.occurrenceID, channel: "desktop"))
        await channel.shutDown()
    }

    @Test("dunst restarting makes the channel available again, and the next prompt shows on the new dunst")
    func dunstRestart() async throws {
        let bus = try await PrivateSessionBus.start()
        var dunst = try await DunstServer.start(on: bus)
        let (channel, events) = DesktopChannelTests.channel(on: bus)
        #expect(await channel.deliver(DesktopChannelTests.prompt("before")).isDelivered)
        dunst.dunst.stop()
        try await bus.waitForName("org.freedesktop.Notifications", owned: false)
        dunst = try await DunstServer.start(on: bus)
        #expect(try await events.first { _ in true } == .available(channel: "desktop"))
        #expect(await channel.deliver(DesktopChannelTests.prompt("after")).isDelivered)
        try await dunst.waitForDisplayed(1)
        await channel.shutDown()
    }

    @Test("shut down (rungd stops, restarts, or a reload replaces the channel), it takes its notifications off the screen: their buttons could answer nothing")
    func shutDownTakesNotificationsDown() async throws {
        let bus = try await PrivateSessionBus.start()
        let dunst = try await DunstServer.start(on: bus)
        var settings = Channel.Desktop()
        settings.expireTimeout = TimeSpan(microseconds: 0)  // never expires by itself
        let (channel, _) = DesktopChannelTests.channel(on: bus, settings: settings)
        #expect(await channel.deliver(DesktopChannelTests.debrief).isDelivered)
        try await dunst.waitForDisplayed(1)
        await channel.shutDown()
        try await dunst.waitForDisplayed(0, timeout: .seconds(20))  // it never expires by itself: only the close takes it down
        #expect(try await dunst.history().first?["summary"] == "Debrief: Lightning talk")
    }
}

import RungDaemon
import Testing

@Suite("what SIGHUP means to rungd")
struct HangupEventTests {
    @Test("started from a terminal by hand, SIGHUP is the terminal hanging up: rungd stops")
    func terminalHangupStops() {
        #expect(SignalEvents.hangupEvent(environment: [:], onTerminal: true) == .stop)
        #expect(SignalEvents.hangupEvent(environment: ["INVOCATION_ID": ""], onTerminal: true) == .stop)
    }

    @Test("under systemd SIGHUP stays the reload, terminal or not", arguments: [
        ["INVOCATION_ID": "5f0c3a9e2b1d4c7a8e6f0a1b2c3d4e5f"],
        ["NOTIFY_SOCKET": "/run/user/1000/systemd/notify"],
    ])
    func systemdReloads(environment: [String: String]) {
        #expect(SignalEvents.hangupEvent(environment: environment, onTerminal: true) == .reload)
        #expect(SignalEvents.hangupEvent(environment: environment, onTerminal: false) == .reload)
    }

    @Test("with no terminal and no systemd (a supervisor, a script) SIGHUP stays the reload")
    func noTerminalReloads() {
        #expect(SignalEvents.hangupEvent(environment: [:], onTerminal: false) == .reload)
    }
}

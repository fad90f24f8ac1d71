import Foundation

/// A real notification server for a test: dunst on a private bus, drawing on an Xvfb
/// display of its own (Xvfb picks a free display number and says which). Its context menu
/// is a script that picks the line of the label the test chose, as a person would in
/// dmenu, and keeps what the menu showed. Both programs end when the object goes away.
public final class DunstServer: @unchecked Sendable {
    // Safe: all stored properties are constants.
    public let bus: PrivateSessionBus
    /// The X display dunst draws on, e.g. `:3`.
    public let display: String
    private let directory: URL
    private let xvfb: PeerProcess
    public let dunst: PeerProcess

    private init(bus: PrivateSessionBus, display: String, directory: URL, xvfb: PeerProcess, dunst: PeerProcess) {
        self.bus = bus
        self.display = display
        self.directory = directory
        self.xvfb = xvfb
        self.dunst = dunst
    }

    /// Starts Xvfb and dunst, and returns once dunst owns `org.freedesktop.Notifications`.
    public static func start(on bus: PrivateSessionBus) async throws -> DunstServer {
        let directory = bus.directory.appendingPathComponent("dunst-\(UUID().uuidString.prefix(8))")
        let configDirectory = directory.appendingPathComponent("config/dunst")
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        let menu = directory.appendingPathComponent("menu")
        let script = """
            #!/bin/sh
            # dunst's context menu, answered as a person would: the line of the chosen label.
            dir=$(dirname "$0")
            input=$(cat)
            printf '%s\\n' "$input" > "$dir/menu-shown.tmp" && mv "$dir/menu-shown.tmp" "$dir/menu-shown"
            printf '%s\\n' "$input" | grep -m1 -F "#$(cat "$dir/choice") ("

            """
        try script.write(to: menu, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: menu.path)
        try "[global]\n    dmenu = \(menu.path)\n".write(
            to: configDirectory.appendingPathComponent("dunstrc"), atomically: true, encoding: .utf8)

        let xvfb = try await onOwnThread {
            try PeerProcess(
                "/usr/bin/Xvfb", ["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                logDirectory: directory, readFirstLine: true)
        }
        let display = ":" + (xvfb.firstLine ?? "")
        let environment = bus.environment.merging(
            ["DISPLAY": display, "XDG_CONFIG_HOME": directory.appendingPathComponent("config").path]) { $1 }
        let dunst = try PeerProcess("/usr/bin/dunst", [], environment: environment, logDirectory: directory)
        let server = DunstServer(bus: bus, display: display, directory: directory, xvfb: xvfb, dunst: dunst)
        do {
            try await bus.waitForName("org.freedesktop.Notifications")
        } catch {
            throw PeerError("\(error); dunst said: \(dunst.log)")
        }
        return server
    }

    /// Runs `dunstctl` against this dunst.
    public func dunstctl(_ arguments: [String]) async throws -> ProcessRunner.Result {
        let result = try await ProcessRunner.runDetached("/usr/bin/dunstctl", arguments, environment: bus.environment)
        guard result.status == 0 else { throw PeerError("dunstctl \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
        return result
    }

    /// How many notifications are on screen (`dunstctl count displayed`).
    public func displayedCount() async throws -> Int {
        Int(try await dunstctl(["count", "displayed"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Waits until `count` notifications are on screen.
    public func waitForDisplayed(_ count: Int, timeout: Duration = .seconds(10)) async throws {
        guard try await eventually(timeout: timeout, { try await displayedCount() == count }) else {
            throw PeerError("dunst does not show \(count) notifications after \(timeout)")
        }
    }

    /// Notifications no longer on screen, newest first, as `dunstctl history` lists them:
    /// each a dictionary of its string fields (`summary`, `body`, `appname`, `category`…).
    public func history() async throws -> [[String: String]] {
        let output = try await dunstctl(["history"]).stdout
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let entries = (json?["data"] as? [Any])?.first as? [[String: [String: Any]]] ?? []
        return entries.map { entry in entry.compactMapValues { $0["data"].map { "\($0)" } } }
    }

    /// Opens dunst's context menu (`dunstctl context`) and picks the action labelled
    /// `label`; returns what the menu offered, one line per action:
    /// `#LABEL (SUMMARY) [ID,ACTION]`.
    @discardableResult
    public func chooseFromContextMenu(_ label: String, timeout: Duration = .seconds(10)) async throws -> String {
        let shown = directory.appendingPathComponent("menu-shown")
        try? FileManager.default.removeItem(at: shown)
        try label.write(to: directory.appendingPathComponent("choice"), atomically: true, encoding: .utf8)
        _ = try await dunstctl(["context"])
        guard await eventually(timeout: timeout, { FileManager.default.fileExists(atPath: shown.path) }) else {
            throw PeerError("dunst opened no context menu after \(timeout): \(dunst.log)")
        }
        return try String(contentsOf: shown, encoding: .utf8)
    }

    /// Closes the topmost notification as a person would (`dunstctl close`).
    public func closeTopmost() async throws {
        _ = try await dunstctl(["close"])
    }

    deinit {
        dunst.stop()
        xvfb.stop()
    }
}

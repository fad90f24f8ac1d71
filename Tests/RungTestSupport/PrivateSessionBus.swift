import Foundation

/// A private D-Bus session bus for one test: its own `dbus-daemon`, listening on a socket in
/// a temporary directory, so tests running side by side never meet. No service is ever
/// activated unless a test puts a service file in `servicesDirectory`. The daemon is
/// stopped and the directory removed when the object goes away.
public final class PrivateSessionBus: @unchecked Sendable {
    // Safe: `daemon` is only touched under `lock`.
    public let directory: URL
    /// The bus's D-Bus address (`unix:path=…`); the same across `stopDaemon`/`startDaemon`.
    public let address: String
    /// Where the bus looks for `.service` files to activate.
    public let servicesDirectory: URL
    private let lock = NSLock()
    private var daemon: PeerProcess?

    private init() throws {
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("rung-bus-\(UUID().uuidString.prefix(12))")
        servicesDirectory = directory.appendingPathComponent("services")
        try FileManager.default.createDirectory(at: servicesDirectory, withIntermediateDirectories: true)
        address = "unix:path=" + directory.appendingPathComponent("bus").path
        let config = """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>\(address)</listen>
              <auth>EXTERNAL</auth>
              <servicedir>\(servicesDirectory.path)</servicedir>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """
        try config.write(to: configURL, atomically: true, encoding: .utf8)
    }

    private var configURL: URL { directory.appendingPathComponent("bus.conf") }

    /// Starts a bus and returns once it accepts connections.
    public static func start() async throws -> PrivateSessionBus {
        let bus = try PrivateSessionBus()
        try await bus.startDaemon()
        return bus
    }

    /// What a client of this bus needs in its environment.
    public var environment: [String: String?] {
        ["DBUS_SESSION_BUS_ADDRESS": address]
    }

    /// Starts the daemon (again, after `stopDaemon`) at the same address.
    public func startDaemon() async throws {
        let (config, directory) = (configURL.path, directory)
        let daemon = try await onOwnThread {
            try PeerProcess(
                "/usr/bin/dbus-daemon", ["--config-file=\(config)", "--nofork", "--print-address"],
                logDirectory: directory, readFirstLine: true)
        }
        lock.withLock { self.daemon = daemon }
    }

    /// Ends the daemon: every connection to the bus is cut, as when a session ends.
    public func stopDaemon() {
        let daemon = lock.withLock { () -> PeerProcess? in
            defer { self.daemon = nil }
            return self.daemon
        }
        daemon?.stop()
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("bus"))
    }

    /// Runs `busctl` against this bus, e.g. `["call", "--", DEST, PATH, IFACE, METHOD, SIG, ARGS…]`.
    public func busctl(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.runDetached("/usr/bin/busctl", ["--address=\(address)"] + arguments)
    }

    /// Whether `name` has an owner on the bus right now.
    public func nameHasOwner(_ name: String) async throws -> Bool {
        let result = try await busctl([
            "call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s", name,
        ])
        guard result.status == 0 else { throw PeerError("NameHasOwner \(name) failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "b true"
    }

    /// The unique names (`:1.7`) of the connections on the bus right now, the asking one's
    /// included.
    public func connections() async throws -> Set<String> {
        let result = try await busctl([
            "--json=short", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames",
        ])
        guard result.status == 0 else { throw PeerError("ListNames failed: \(result.stderr)") }
        let reply = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let names = (reply?["data"] as? [Any])?.first as? [String] ?? []
        return Set(names.filter { $0.hasPrefix(":") })
    }

    /// Returns once `name` has (or, with `owned: false`, has no) owner; throws after `timeout`.
    public func waitForName(_ name: String, owned: Bool = true, timeout: Duration = .seconds(15)) async throws {
        guard try await eventually(timeout: timeout, { try await nameHasOwner(name) == owned }) else {
            throw PeerError("\(name) still \(owned ? "has no owner" : "has an owner") after \(timeout)")
        }
    }

    deinit {
        stopDaemon()
        try? FileManager.default.removeItem(at: directory)
    }
}

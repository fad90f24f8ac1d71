import Foundation

/// Where the daemon listens: `$XDG_RUNTIME_DIR/rung/control`.
public enum ControlSocket {
    /// The socket path for this environment; without `$XDG_RUNTIME_DIR`, a per-user
    /// directory under /tmp, as systemd would give (`/run/user/UID` is not ours to create).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let runtime = environment["XDG_RUNTIME_DIR"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? "/tmp/rung-\(getuid())"
        return runtime + "/rung/control"
    }
}

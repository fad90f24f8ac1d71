import Foundation
import RungTestSupport
import Testing

/// rungd started by hand from a terminal, on a real pseudo-terminal: closing the terminal
/// stops it; under systemd (its marker in the environment) SIGHUP stays a reload.
@Suite("rungd on a terminal")
struct TerminalHangupTests {
    /// Starts rungd (argv[1]) as the session leader of a new pseudo-terminal, waits for
    /// "started", then either closes the terminal ("hangup") or sends SIGHUP and waits for
    /// the reload ("signal"); prints what happened and rungd's exit.
    static let terminal = """
        import os, pty, select, signal, sys, time
        rungd, action = sys.argv[1], sys.argv[2]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(rungd, [rungd])
        def read_until(marker, seconds=20):
            seen, deadline = b"", time.monotonic() + seconds
            while marker not in seen and time.monotonic() < deadline:
                if select.select([fd], [], [], 0.2)[0]:
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    seen += chunk
            return marker in seen
        def exit_status(seconds=20):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return f"exited {os.waitstatus_to_exitcode(status)}"
                time.sleep(0.1)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "still running"
        print("started" if read_until(b"started") else "never started")
        if action == "hangup":
            os.close(fd)
            print(exit_status())
        else:
            os.kill(pid, signal.SIGHUP)
            print("reloaded" if read_until(b"reloaded the config") else "no reload")
            print("running after SIGHUP" if os.waitpid(pid, os.WNOHANG)[0] == 0 else "gone after SIGHUP")
            os.kill(pid, signal.SIGTERM)
            print(exit_status())
        """

    /// A private world for rungd with a valid config; `extra` is added to its environment.
    static func environment(in directory: TemporaryDirectory, extra: [String: String?] = [:]) throws -> [String: String?] {
        for sub in ["config/rung", "data", "runtime"] {
            try FileManager.default.createDirectory(atPath: directory.file(sub), withIntermediateDirectories: true)
        }
        chmod(directory.file("runtime"), 0o700)
        try """
            [ladder.talks]
            skill = "giving a talk"
            check_in = "Sun 18:00"
            rungs = [{ title = "Explain it to a friend", stakes = "low" }]
            """.write(toFile: directory.file("config/rung/rung.toml"), atomically: true, encoding: .utf8)
        let world: [String: String?] = [
            "XDG_CONFIG_HOME": directory.file("config"), "XDG_DATA_HOME": directory.file("data"),
            "XDG_RUNTIME_DIR": directory.file("runtime"), "TZ": "UTC",
            "INVOCATION_ID": nil, "NOTIFY_SOCKET": nil, "JOURNAL_STREAM": nil,
        ]
        return world.merging(extra) { $1 }
    }

    @Test("closing the terminal rungd was started from stops it, cleanly")
    func hangupStops() async throws {
        let directory = try TemporaryDirectory()
        let result = try await ProcessRunner.runDetached(
            "/usr/bin/env", ["python3", "-c", Self.terminal, ProcessRunner.product("rungd"), "hangup"],
            environment: try Self.environment(in: directory))
        #expect(result.stdout == "started\nexited 0\n", "stderr: \(result.stderr)")
    }

    @Test("under systemd (INVOCATION_ID set) SIGHUP reloads, even on a terminal")
    func systemdSignalReloads() async throws {
        let directory = try TemporaryDirectory()
        let result = try await ProcessRunner.runDetached(
            "/usr/bin/env", ["python3", "-c", Self.terminal, ProcessRunner.product("rungd"), "signal"],
            environment: try Self.environment(in: directory, extra: ["INVOCATION_ID": "5f0c3a9e2b1d4c7a8e6f0a1b2c3d4e5f"]))
        #expect(result.stdout == "started\nreloaded\nrunning after SIGHUP\nexited 0\n", "stderr: \(result.stderr)")
    }
}

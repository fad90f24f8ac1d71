import Foundation
import Glibc
import RungControl
import RungDaemon
import RungTestSupport
import Testing

/// The real rungd's control socket against clients that misbehave: many idle connections,
/// no descriptors left, a client that never sends, wrongly typed calls, and a runtime
/// directory someone else could reach.
@Suite("The control socket under hostile clients")
struct ControlSocketSafetyTests {
    static let setpriv = "/usr/bin/setpriv"
    static let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]

    /// Runs rungd with at most `limit` open files, as `ulimit -n` sets it.
    static func descriptorLimit(_ limit: Int) -> [String] {
        ["/bin/sh", "-c", "ulimit -n \(limit) && exec \"$@\"", "sh"]
    }

    @Test("1 100 idle clients, then rungctl status still answers; the newest replaced the idle ones")
    func manyIdleClients() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        // systemd's default soft limit: one thread and descriptor per client ran out at 1 010.
        try await rungd.start(launcher: Self.descriptorLimit(1024))
        #expect(await eventually { rungd.notifications().contains { $0.hasPrefix("READY=1") } }, "stderr: \(rungd.stderr)")
        let socket = rungd.runtimeDirectory + "/rung/control"
        let held = try await HeldControlClients(1_100, to: socket)
        #expect(held.connected == 1_100)
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0, "stderr: \(status.stderr); rungd: \(rungd.stderr)")
        #expect(status.stdout.hasPrefix("● rungd is running\n"))
        // The first clients were dropped to make room: their sockets are closed.
        #expect(try await held.closedByPeer(0, within: .seconds(60)))
        try await held.release()
        #expect(await rungd.stop() == 0)
    }

    @Test("out of file descriptors, rungd drops idle clients and keeps accepting")
    func outOfDescriptors() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        // A limit well under the 64 clients rungd would serve: accept() meets EMFILE first.
        try await rungd.start(launcher: Self.descriptorLimit(48))
        #expect(await eventually { rungd.notifications().contains { $0.hasPrefix("READY=1") } }, "stderr: \(rungd.stderr)")
        let socket = rungd.runtimeDirectory + "/rung/control"
        let held = try await HeldControlClients(100, to: socket)
        for _ in 0..<3 {
            let status = try await rungd.rungctl(["status"])
            #expect(status.status == 0, "stderr: \(status.stderr); rungd: \(rungd.stderr)")
        }
        try await held.release()
        #expect(rungd.stderr.contains("cannot accept control connections; dropping idle ones and retrying"), "\(rungd.stderr)")
        #expect(await rungd.stop() == 0)
    }

    @Test("a client that sends nothing is dropped after RUNGD_CONTROL_IDLE_TIMEOUT; one that calls is answered")
    func idleTimeout() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        #expect(try await rungd.startUntilReady(extraEnvironment: [ControlServer.Limits.idleTimeoutVariable: "1s"]), "stderr: \(rungd.stderr)")
        let socket = rungd.runtimeDirectory + "/rung/control"
        let silent = try UnixSocket.connect(to: socket)
        defer { close(silent) }
        // Half a call counts as silence: a call must arrive whole within the timeout.
        _ = UnixSocket.writeAll(Array(#"{"method": "io.rung.Control.Sta"#.utf8), to: silent)
        #expect(try await onOwnThread { UnixSocket.closedByPeer(silent, within: 60_000) })
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0, "stderr: \(status.stderr)")
        #expect(await rungd.stop() == 0)
    }

    @Test("an invalid idle timeout stops rungd at start, naming the variable")
    func invalidIdleTimeout() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        try await rungd.start(extraEnvironment: [ControlServer.Limits.idleTimeoutVariable: "soon"])
        #expect(await rungd.waitForExit() == 1)
        #expect(rungd.stderr.contains("RUNGD_CONTROL_IDLE_TIMEOUT: Failed to parse time span 'soon'"), "\(rungd.stderr)")
    }

    @Test("wrongly typed parameters are refused, naming them, and change nothing")
    func wrongTypes() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let socket = rungd.runtimeDirectory + "/rung/control"
        let calls: [(String, String)] = [
            (#"{"method": "io.rung.Control.Pause", "parameters": {"subject": 1}}"#, "subject"),
            (#"{"method": "io.rung.Control.Pause", "parameters": {"seconds": "x"}}"#, "seconds"),
            (#"{"method": "io.rung.Control.Resume", "parameters": {"subject": true}}"#, "subject"),
            (#"{"method": "io.rung.Control.Upcoming", "parameters": {"days": "x"}}"#, "days"),
            (#"{"method": "io.rung.Control.Pause", "parameters": {"subjects": "all"}}"#, "subjects"),
        ]
        for (call, parameter) in calls {
            let reply = try await onOwnThread { try ControlServerFixture.rawExchange(Array(call.utf8) + [0], path: socket) }
            #expect(reply == .invalidParameter(parameter), "\(call)")
        }
        let status = try await rungd.rungctl(["status", "--json"])
        #expect(status.stdout.contains(#""pauses":[]"#), "\(status.stdout)")
        #expect(await rungd.stop() == 0)
    }

    @Test("a runtime directory that is a symbolic link is refused, naming it")
    func symlinkRuntimeDirectory() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        let elsewhere = rungd.root.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        try FileManager.default.removeItem(atPath: rungd.runtimeDirectory)
        try FileManager.default.createSymbolicLink(atPath: rungd.runtimeDirectory, withDestinationPath: elsewhere)
        try await rungd.start()
        #expect(await rungd.waitForExit() == 1)
        #expect(rungd.stderr.contains("cannot use the control socket: \(rungd.runtimeDirectory): a symbolic link"), "\(rungd.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/rung"))
    }

    @Test("a socket directory of this user's that anyone may write is made 0700 before rungd listens")
    func looseRuntimeDirectory() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        let socketDirectory = rungd.runtimeDirectory + "/rung"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false)
        chmod(rungd.runtimeDirectory, 0o777)
        chmod(socketDirectory, 0o777)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(permissionBits(rungd.runtimeDirectory) == 0o700)
        #expect(permissionBits(socketDirectory) == 0o700)
        #expect(await rungd.stop() == 0)
    }

    @Test("a socket directory another user owns is refused, naming its owner", .enabled(if: getuid() == 0, "needs root to make a directory of another user"))
    func foreignRuntimeDirectory() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        let socketDirectory = rungd.runtimeDirectory + "/rung"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false)
        chmod(socketDirectory, 0o777)
        chown(socketDirectory, 65534, 65534)
        try await rungd.start()
        #expect(await rungd.waitForExit() == 1)
        #expect(rungd.stderr.contains("\(socketDirectory): owned by uid 65534, not by this user (uid 0)"), "\(rungd.stderr)")
        #expect(!FileManager.default.fileExists(atPath: socketDirectory + "/control"))
    }

    @Test("rungctl refuses a socket another user serves, naming it and the uid, and sends nothing",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv), "needs root to run rungd as another user"))
    func socketOfAnotherUser() async throws {
        // The attack: another user's rungd (any program would do) serves the victim's socket path.
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        let chown = try await ProcessRunner.runDetached("/bin/chown", ["-R", "65534:65534", rungd.root.path])
        #expect(chown.status == 0, "\(chown.stderr)")
        try await rungd.start(launcher: [Self.setpriv] + Self.nobody)
        let socket = rungd.runtimeDirectory + "/rung/control"
        #expect(await eventually { FileManager.default.fileExists(atPath: socket) }, "stderr: \(rungd.stderr)")
        for arguments in [["status"], ["respond", "some-prompt", "--note", "private words"]] {
            let result = try await rungd.rungctl(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stdout)")
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("rungctl: error: refusing the control socket: '\(socket)' is served by another user (uid 65534), not by you (uid 0); nothing was sent to it."), "\(result.stderr)")
        }
        #expect(await rungd.stop() == 0)
    }
}

/// The permission bits of `path`.
private func permissionBits(_ path: String) -> mode_t {
    var status = stat()
    guard lstat(path, &status) == 0 else { return 0 }
    return status.st_mode & 0o7777
}

import Foundation
import Glibc
import RungTestSupport
import Testing

/// The user unit as systemd itself reads it.
@Suite("systemd unit")
struct SystemdUnitTests {
    static let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../systemd/rungd.service").standardized.path

    @Test("systemd-analyze verify --user has nothing to say about rungd.service")
    func verifies() async throws {
        // A home where `make install` put rungd, and a runtime directory for the user manager.
        let home = URL(fileURLWithPath: "/tmp").appendingPathComponent("rung-unit-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".local/bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home.appendingPathComponent("runtime"), withIntermediateDirectories: true)
        chmod(home.appendingPathComponent("runtime").path, 0o700)
        try FileManager.default.copyItem(atPath: ProcessRunner.product("rungd"), toPath: home.appendingPathComponent(".local/bin/rungd").path)
        let result = try await ProcessRunner.runDetached(
            "/usr/bin/systemd-analyze", ["verify", "--user", Self.unit],
            environment: ["HOME": home.path, "XDG_RUNTIME_DIR": home.appendingPathComponent("runtime").path, "SYSTEMD_COLORS": "0"])
        #expect(result.status == 0)
        #expect(result.stdout + result.stderr == "", "systemd-analyze verify said: \(result.stdout)\(result.stderr)")
    }

    @Test("the unit is Type=notify with a watchdog, reload by SIGHUP and restart on failure, but not after a bad config")
    func declaresWhatRungdDoes() throws {
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        for line in ["Type=notify", "ExecReload=kill -HUP $MAINPID", "WatchdogSec=60s", "Restart=on-failure", "RestartPreventExitStatus=64 78", "ExecStart=%h/.local/bin/rungd"] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing \(line)")
        }
    }
}

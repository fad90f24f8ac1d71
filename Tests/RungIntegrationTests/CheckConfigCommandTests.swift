import Foundation
import RungTestSupport
import Testing

@Suite("rungctl check-config and upcoming")
struct CheckConfigCommandTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/rung.toml").path

    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rung-check-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("accepts the example config and shows a summary and the next five prompts")
    func example() async throws {
        // A mail command on PATH; the example's phone program exists on no machine.
        let bin = try TemporaryDirectory()
        try "#!/bin/sh\n".write(toFile: bin.file("msmtp"), atomically: true, encoding: .utf8)
        chmod(bin.file("msmtp"), 0o755)
        let result = try await rungctl(["check-config", "--config", Self.example], environment: ["TZ": "UTC", "PATH": bin.path + ":/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(result.stderr == "\(Self.example):42:1: warning: 'argv' in [channel.phone]: the program '/usr/local/bin/push-to-phone' does not exist; the channel will fail when a prompt is due\n")
        #expect(result.stdout.hasPrefix("\(Self.example): OK (1 warning)\nTime zone: Europe/Berlin, quiet hours 22:00-07:30\n"))
        #expect(result.stdout.contains("Channels (3): desktop (desktop), email (email), phone (command); default chain: desktop > phone > email\n"))
        let tableLines = result.stdout.components(separatedBy: "Next prompts:\n").last?.split(separator: "\n") ?? []
        #expect(tableLines.count == 6)
    }

    @Test("warns at the key when a command channel's program is missing or not executable, and still exits 0")
    func commandProgramWarnings() async throws {
        let bin = try TemporaryDirectory()
        try "not a program\n".write(toFile: bin.file("notes"), atomically: true, encoding: .utf8)
        let path = try write("""
            [rung]
            channels = ["gone", "plain", "found"]

            [channel.gone]
            kind = "command"
            argv = ["\(bin.file("push-to-phone"))"]

            [channel.plain]
            kind = "command"
              argv = ["\(bin.file("notes"))", "--flag"]

            [channel.found]
            kind = "command"
            argv = ["sh", "-c", "cat > /dev/null"]

            [channel.nowhere]
            kind = "command"
            argv = ["rung-no-such-program"]
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await rungctl(["check-config", "--config", path], environment: ["TZ": "UTC", "PATH": bin.path + ":/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(result.stderr == """
            \(path):6:1: warning: 'argv' in [channel.gone]: the program '\(bin.file("push-to-phone"))' does not exist; the channel will fail when a prompt is due
            \(path):10:3: warning: 'argv' in [channel.plain]: the program '\(bin.file("notes"))' is not an executable file; the channel will fail when a prompt is due
            \(path):18:1: warning: 'argv' in [channel.nowhere]: the program 'rung-no-such-program' is not found in PATH; the channel will fail when a prompt is due

            """)
        #expect(result.stdout.hasPrefix("\(path): OK (3 warnings)\n"))
        let json = try await rungctl(["check-config", "--json", "--config", path], environment: ["TZ": "UTC", "PATH": bin.path + ":/usr/bin:/bin"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"line\": 10"), "the JSON diagnostics hold the warnings too: \(json.stdout)")
    }

    @Test("warns at 'sendmail' when an email channel's mail command is not found, and at the header for the default one")
    func mailCommandWarnings() async throws {
        let bin = try TemporaryDirectory()
        let path = try write("""
            [channel.mail]
            kind = "email"
            to = "ana@example.org"
            sendmail = ["msmtp", "-t"]

            [channel.default]
            kind = "email"
            to = "ana@example.org"
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let missing = try await rungctl(["check-config", "--config", path], environment: ["TZ": "UTC", "PATH": bin.path])
        #expect(missing.status == 0)
        #expect(missing.stderr == """
            \(path):4:1: warning: 'sendmail' in [channel.mail]: the program 'msmtp' is not found in PATH; the channel will fail when a prompt is due
            \(path):6:10: warning: [channel.default] sends mail with the default command, and 'sendmail' is not found in PATH; install a sendmail or set 'sendmail' (e.g. ["msmtp", "-t"])

            """)
        for name in ["msmtp", "sendmail"] {
            try "#!/bin/sh\n".write(toFile: bin.file(name), atomically: true, encoding: .utf8)
            chmod(bin.file(name), 0o755)
        }
        let found = try await rungctl(["check-config", "--config", path], environment: ["TZ": "UTC", "PATH": bin.path])
        #expect(found.status == 0)
        #expect(found.stderr == "")
    }

    @Test("prints every error compiler style on stderr and exits 1")
    func errors() async throws {
        let path = try write("[ladder.talks]\nskil = \"x\"\nrungs = []\n[channel.desk]\nkind = \"desktop\"\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await rungctl(["check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            \(path):1:1: error: missing required key 'skill' in [ladder.talks]
            \(path):2:1: error: unknown key 'skil' in [ladder.talks] (did you mean 'skill'?)
            \(path):3:9: error: [ladder.talks] has no rungs: list them from just manageable to genuinely challenging

            """)
    }

    @Test("a key defined twice is reported with every other error of the file")
    func duplicateKeyAmongOtherErrors() async throws {
        let path = try write("""
            [rung]
            quiet_hours = "7-8"
            quiet_hours = "22:00-07:00"
            [channel.desk]
            kind = "desktop"
            [ladder.talks]
            skil = "speaking"
            rungs = []
            [channel.desk]
            urgency = "critical"
            colour = "red"

            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await rungctl(["check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            \(path):2:15: error: 'quiet_hours' in [rung]: invalid quiet hours '7-8': expected HH:MM-HH:MM, e.g. 22:00-07:30
            \(path):3:1: error: duplicate key 'quiet_hours' (first defined at line 2)
            \(path):6:1: error: missing required key 'skill' in [ladder.talks]
            \(path):7:1: error: unknown key 'skil' in [ladder.talks] (did you mean 'skill'?)
            \(path):8:9: error: [ladder.talks] has no rungs: list them from just manageable to genuinely challenging
            \(path):9:10: error: cannot define [channel.desk]: the table was already defined at line 4
            \(path):11:1: error: unknown key 'colour' in [channel.desk] (a desktop channel has urgency, expire_timeout, app_name)

            """)
    }

    @Test("--json reports diagnostics with positions")
    func json() async throws {
        let path = try write("[rung]\nquiet_hours = \"7-8\"\n[channel.desk]\nkind = \"desktop\"\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await rungctl(["check-config", "--json", "--config", path])
        #expect(result.status == 1)
        #expect(result.stdout == """
            {"path": "\(path)", "valid": false, "diagnostics": [{"severity": "error", "line": 2, "column": 15, "message": "'quiet_hours' in [rung]: invalid quiet hours '7-8': expected HH:MM-HH:MM, e.g. 22:00-07:30"}]}

            """)
    }

    @Test("a missing file is an error naming it")
    func missingFile() async throws {
        let result = try await rungctl(["check-config", "--config", "/nonexistent/rung.toml"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("/nonexistent/rung.toml: error: cannot read the config file: "))
    }

    @Test("a file over 1 MiB is refused unread, naming the limit")
    func hugeFile() async throws {
        let path = try write(String(repeating: "# padding\n", count: 110_000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await rungctl(["check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(path): error: the config file is larger than 1 MiB (1048576 bytes), the most Rung reads\n")
    }

    @Test("a file that is not UTF-8 is refused where its first bad byte is")
    func notUTF8() async throws {
        let path = try write("")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Array("a = 1\nb = \"".utf8) + [0xC3, 0x28, UInt8(ascii: "\""), 0x0A]).write(to: URL(fileURLWithPath: path))
        let result = try await rungctl(["check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(path):2:6: error: the config file is not UTF-8 text\n")
    }

    @Test("upcoming lists a week of prompts from the config alone, as JSON too")
    func upcoming() async throws {
        let text = try await rungctl(["upcoming", "--config", Self.example, "--days", "7"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("planned from \(Self.example) alone:\nWHEN"))
        let json = try await rungctl(["upcoming", "--json", "--config", Self.example, "--days", "7"])
        #expect(json.status == 0)
        let objects = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((objects?.count ?? 0) >= 4)
        #expect(objects?.allSatisfy { ($0["id"] as? String)?.count == 16 } == true)
    }
}

import Foundation
import RungTestSupport
import Testing

/// `rungctl init`, with flags and on a terminal: a first config written where rungd looks,
/// commented, accepted by check-config; never over an existing one; bad answers refused and
/// an unfinished conversation ended before anything is written.
@Suite("rungctl init")
struct InitCommandTests {
    static let rungs = [
        "low:Explain the idea to a friend over coffee", "low:Three-minute update at stand-up",
        "medium:Ten-minute demo to my team", "medium:Lightning talk at the local meetup",
        "high:Conference talk",
    ].flatMap { ["--rung", $0] }

    static func initialize(_ arguments: [String], configHome: String) async throws -> ProcessRunner.Result {
        try await ProcessRunner.runDetached(
            ProcessRunner.product("rungctl"), ["init"] + arguments,
            environment: ["XDG_CONFIG_HOME": configHome, "HOME": configHome, "TZ": "Europe/Lisbon"])
    }

    @Test("writes a commented config at the XDG path that check-config accepts and rungd would plan from")
    func writesAValidConfig() async throws {
        let home = try TemporaryDirectory()
        let result = try await Self.initialize(
            ["--skill", "Giving a \"talk\"", "--performance", "Lightning talk on testing", "--at", "2099-03-18 19:00",
             "--performance-rung", "4", "--email", "me@example.org"] + Self.rungs,
            configHome: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let path = home.file("rung/rung.toml")
        #expect(result.stdout.contains("Wrote \(path)"))
        #expect(result.stdout.contains("systemctl --user enable --now rungd"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("[ladder.giving-a-talk]"))
        #expect(text.contains("skill = \"Giving a \\\"talk\\\"\""))
        #expect(text.contains("[performance.lightning-talk-on-testing]"))
        #expect(text.contains("at = \"2099-03-18 19:00\""))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("#") }.count >= 8)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.file("rung")) == ["rung.toml"])

        let check = try await ProcessRunner.runDetached(
            ProcessRunner.product("rungctl"), ["check-config", "--config", path, "--json"], environment: ["TZ": "Europe/Lisbon"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\"lightning-talk-on-testing\""))
        #expect(check.stdout.contains("\"email\""))
    }

    @Test("a recurring performance, desktop only, at the path --config names")
    func writesARecurringPerformance() async throws {
        let home = try TemporaryDirectory()
        let path = home.file("elsewhere/mine.toml")
        let result = try await Self.initialize(
            ["--config", path, "--skill", "piano", "--performance", "Practice", "--on", "Mon,Wed 19:30", "--check-in", "Fri 18:00"] + Self.rungs,
            configHome: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("on = \"Mon,Wed 19:30\""))
        #expect(text.contains("check_in = \"Fri 18:00\""))
        #expect(text.contains("channels = [\"desktop\"]"))
        #expect(!text.contains("[channel.email]"))
        #expect(!FileManager.default.fileExists(atPath: home.file("rung/rung.toml")))
    }

    @Test("never replaces an existing config")
    func neverOverwrites() async throws {
        let home = try TemporaryDirectory()
        let path = home.file("rung/rung.toml")
        try FileManager.default.createDirectory(atPath: home.file("rung"), withIntermediateDirectories: true)
        let original = "# mine\n[rung]\n"
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await Self.initialize(["--skill", "talks"] + Self.rungs, configHome: home.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.file("rung")) == ["rung.toml"])
    }

    /// `rungctl init` on a pseudo-terminal, `input` typed in.
    /// No session bus unless `bus` gives one: the desktop question depends on it.
    static func onTerminal(
        _ arguments: [String], input: String, configHome: String, bus: [String: String?] = [:]
    ) async throws -> ProcessRunner.Result {
        let command = ([ProcessRunner.product("rungctl"), "init"] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let environment: [String: String?] = [
            "XDG_CONFIG_HOME": configHome, "HOME": configHome, "TZ": "Europe/Lisbon", "XDG_RUNTIME_DIR": configHome,
            "DBUS_SESSION_BUS_ADDRESS": nil,
        ]
        return try await ProcessRunner.runDetached(
            "/usr/bin/script", ["-q", "-e", "-c", command.joined(separator: " "), "/dev/null"],
            environment: environment.merging(bus) { $1 }, input: input)
    }

    /// The answers of a whole conversation, with `desktop` as the answer to the desktop question.
    static func answers(desktop: String) -> String {
        [
            "giving a talk", "low:Explain the idea to a friend", "low:Stand-up update", "medium:Team demo",
            "medium:Meetup lightning talk", "high:Conference talk", "", "", "", desktop, "me@example.org",
        ].joined(separator: "\n") + "\n"
    }

    @Test("a notification server on the session bus is offered first; without one, desktop is not the default")
    func desktopOffered() async throws {
        let bus = try await PrivateSessionBus.start()
        let server = try await NotificationMock.start(on: bus, capabilities: ["actions", "body"])
        let offered = try TemporaryDirectory()
        let withServer = try await Self.onTerminal([], input: Self.answers(desktop: ""), configHome: offered.path, bus: bus.environment)
        #expect(withServer.status == 0, "\(withServer.stdout)")
        #expect(withServer.stdout.contains("Prompts as desktop notifications, through mock-notify on your session bus? [Y/n]"), "\(withServer.stdout)")
        #expect(try String(contentsOfFile: offered.file("rung/rung.toml"), encoding: .utf8).contains("channels = [\"desktop\", \"email\"]"))
        _ = server

        let alone = try TemporaryDirectory()
        let withoutServer = try await Self.onTerminal([], input: Self.answers(desktop: ""), configHome: alone.path)
        #expect(withoutServer.status == 0, "\(withoutServer.stdout)")
        #expect(withoutServer.stdout.contains("No notification server answers on your session bus now."), "\(withoutServer.stdout)")
        #expect(try String(contentsOfFile: alone.file("rung/rung.toml"), encoding: .utf8).contains("channels = [\"email\"]"))
    }

    @Test("on a terminal: one question at a time, a rung that cannot be read asked again, then the file")
    func guidedConversation() async throws {
        let home = try TemporaryDirectory()
        let answers = [
            "giving a talk", "low:Explain the idea to a friend", "low:Stand-up update", "", "medium:Team demo", "huge:Keynote",
            "medium:Meetup lightning talk", "high:Conference talk", "", "Meetup talk", "2099-03-18 19:00", "4", "", "y", "",
        ]
        let session = try await Self.onTerminal([], input: answers.joined(separator: "\n") + "\n", configHome: home.path)
        #expect(session.status == 0, "\(session.stdout)")
        #expect(session.stdout.contains("What skill do you want to grow?"), "\(session.stdout)")
        #expect(session.stdout.contains("2 so far: 5 to 12 make steps small enough to climb."), "\(session.stdout)")
        #expect(session.stdout.contains("not 'huge:Keynote'"), "\(session.stdout)")
        #expect(session.stdout.contains("Wrote \(home.file("rung/rung.toml"))"), "\(session.stdout)")
        let text = try String(contentsOfFile: home.file("rung/rung.toml"), encoding: .utf8)
        #expect(text.contains("{ title = \"Meetup lightning talk\", stakes = \"medium\" },"))
        #expect(!text.contains("Keynote"))
        #expect(text.contains("at = \"2099-03-18 19:00\""))
        #expect(text.contains("rung = 4"))
        #expect(text.contains("check_in = \"Sun 18:00\""))
        let check = try await ProcessRunner.runDetached(
            ProcessRunner.product("rungctl"), ["check-config", "--config", home.file("rung/rung.toml")], environment: ["TZ": "Europe/Lisbon"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("on a terminal, end of input or Ctrl-C part way leaves nothing behind")
    func interruptedConversation() async throws {
        let home = try TemporaryDirectory()
        let ended = try await Self.onTerminal([], input: "giving a talk\nlow:Explain the idea to a friend\n", configHome: home.path)
        #expect(ended.status == 1, "\(ended.stdout)")
        #expect(ended.stdout.contains("init was not finished; nothing was written"), "\(ended.stdout)")
        #expect(!FileManager.default.fileExists(atPath: home.file("rung")))

        // Two answers typed at once, then Ctrl-C once the third rung is asked for (the
        // transcript shows it): the terminal turns it into SIGINT.
        let transcript = home.file("transcript")
        let command = [ProcessRunner.product("rungctl"), "init"].joined(separator: " ")
        let typist = """
            (printf 'giving a talk\\nlow:Explain the idea to a friend\\nlow:Stand-up update\\n'; n=0
             until grep -q 'Rung 3:' '\(transcript)' 2>/dev/null || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done
             printf '\\003') | script -q -f -e -c '\(command)' '\(transcript)'
            """
        let session = try await ProcessRunner.runDetached(
            "/bin/sh", ["-c", typist], environment: ["XDG_CONFIG_HOME": home.path, "HOME": home.path])
        #expect(session.status == 130, "killed by SIGINT: \(session.stdout)")
        #expect(!session.stdout.contains("Wrote"), "\(session.stdout)")
        #expect(session.stdout.contains("Rung 3:"), "interrupted at the third rung: \(session.stdout)")
        #expect(!FileManager.default.fileExists(atPath: home.file("rung")))
    }

    @Test("--json says what was written; --performance-rung -1 is refused with its range")
    func json() async throws {
        let home = try TemporaryDirectory()
        let rungs = ["low:Friend", "low:Stand-up", "medium:Demo", "medium:Meetup", "high:Conference"].flatMap { ["--rung", $0] }
        let environment: [String: String?] = ["XDG_CONFIG_HOME": home.path, "HOME": home.path]
        let refused = try await ProcessRunner.runDetached(
            ProcessRunner.product("rungctl"), ["init", "--skill", "talks"] + rungs + ["--performance", "Meetup", "--at", "2099-01-01 19:00", "--performance-rung", "-1"],
            environment: environment)
        #expect(refused.status == 64 && refused.stderr.hasPrefix("rungctl: error: --performance-rung must be between 1 and 5, the ladder's rungs, not -1."), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.file("rung")))
        let written = try await ProcessRunner.runDetached(
            ProcessRunner.product("rungctl"), ["init", "--json", "--skill", "talks"] + rungs + ["--performance", "Meetup", "--at", "2099-01-01 19:00", "--performance-rung", "4"],
            environment: environment)
        #expect(written.status == 0, "\(written.stderr)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(written.stdout.utf8)) as? [String: Any], "\(written.stdout)")
        #expect(fields["path"] as? String == home.file("rung/rung.toml") && fields["ladder"] as? String == "talks")
        #expect((fields["rungs"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Friend", "Stand-up", "Demo", "Meetup", "Conference"])
        #expect((fields["performance"] as? [String: Any])?["rung"] as? Int == 4)
        #expect(fields["channels"] as? [String] == ["desktop"])
    }

    @Test("without a terminal, the skill and rungs must be flags")
    func flagsWithoutTerminal() async throws {
        let home = try TemporaryDirectory()
        let result = try await Self.initialize([], configHome: home.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("without a terminal, init takes its answers as flags"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.file("rung")))
    }

    static let badAnswers: [(arguments: [String], message: String)] = [
        (["--skill", "talks", "--rung", "low:One", "--rung", "low:Two"], "Give 5 to 12 rungs"),
        (["--skill", "talks"] + rungs.dropLast(2) + ["--rung", "extreme:Keynote"], "STAKES low, medium or high"),
        (["--skill", "talks", "--check-in", "Funday 18:00"] + rungs, "check_in"),
        (["--skill", "talks", "--check-in", "*:0/5"] + rungs, "check_in"),
        (["--skill", "talks", "--performance", "Demo", "--at", "2099-03-18 19:00", "--on", "Mon 09:00"] + rungs, "not both"),
        (["--skill", "talks", "--performance", "Demo"] + rungs, "Say when the performance happens"),
        (["--skill", "talks", "--performance", "Demo", "--at", "2099-02-30 19:00"] + rungs, "not a valid date and time"),
        (["--skill", "talks", "--performance", "Demo", "--at", "2099-03-18 19:00", "--performance-rung", "9"] + rungs, "between 1 and 5"),
        (["--skill", "talks", "--no-desktop"] + rungs, "give --email"),
        (["--skill", "talks", "--email", "Ana <ana@example.org>"] + rungs, "'to'"),
        (["--skill", "  "] + rungs, "--skill"),
    ]

    @Test("bad answers are usage errors that name the flag, and nothing is written", arguments: badAnswers)
    func refusesBadAnswers(arguments: [String], message: String) async throws {
        let home = try TemporaryDirectory()
        let result = try await Self.initialize(arguments, configHome: home.path)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.file("rung")))
    }
}

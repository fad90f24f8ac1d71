import Foundation
import RungStore
import RungTestSupport
import Testing

/// `rungctl performance add`, `ladder add` and `rung add`: the real binary editing a
/// temporary config in place, with rungd stopped and running.
@Suite("Editing the config from the command line")
struct ConfigEditCommandTests {
    static let body = """
        # My one ladder.
        [ladder.talks]
        skill = "giving a talk"
        rungs = [
            { title = "Explain it to a friend", stakes = "low" },   # start here
            { title = "Stand-up update", stakes = "low" },
            { title = "Team demo", stakes = "medium" },
        ]

        [performance.meetup]
        title = "Meetup talk"
        ladder = "talks"
        rung = 3            # the demo
        on = "Mon 09:30"

        # Prompts come last.
        [prompts.reframe]
        offset = "-15min"
        """

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("performance add appends a table after the last performance, keeps every other byte, and check-config passes")
    func addsPerformance() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.body)
        let original = try Self.text(rungd.configPath)

        let added = try await rungd.rungctl([
            "performance", "add", "demo", "--title", "Demo \"v2\" for Tomás", "--at", "2030-01-02 10:00",
            "--ladder", "talks", "--rung", "Team demo", "--stakes", "high", "--peer", "Jo", "--observer", "Mira", "--duration", "20min",
            "--channel", "hook",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added [performance.demo] to \(rungd.configPath).\nrungd is not running; the change takes effect when it starts."))
        let edited = try Self.text(rungd.configPath)
        let table = """

            [performance.demo]
            title = "Demo \\"v2\\" for Tomás"
            ladder = "talks"
            rung = "Team demo"
            stakes = "high"
            at = "2030-01-02 10:00"
            duration = "20min"
            peer = "Jo"
            observer = "Mira"
            channels = ["hook"]

            """
        // After the last performance, before the comment that opens the next table.
        #expect(edited == original.replacingOccurrences(of: "on = \"Mon 09:30\"\n", with: "on = \"Mon 09:30\"\n" + table))
        let check = try await rungd.rungctl(["check-config"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("demo: Demo \"v2\" for Tomás (talks rung 3), high stakes"), "\(check.stdout)")
    }

    @Test("performance add refuses bad values, an id taken and an edit the config cannot hold, the file byte for byte unchanged")
    func refusesAndKeepsTheFile() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.body)
        let original = try Self.text(rungd.configPath)
        let refusals: [([String], Int32, String)] = [
            (["meetup", "--title", "x", "--on", "Tue 10:00"], 1, "performance 'meetup' is already defined at line"),
            (["demo", "--title", "x"], 64, "give --at DATE"),
            (["demo", "--title", "x", "--at", "2030-01-02 10:00", "--on", "Mon 10:00"], 64, "one of them"),
            (["demo", "--title", "x", "--at", "2030-13-40 10:00"], 64, "'at' in [performance.demo] is not a valid date and time"),
            (["demo", "--title", "x", "--on", "Mon 25:00"], 64, "'on'"),
            (["demo", "--title", "x", "--on", "Mon 10:00", "--duration", "forever"], 64, "duration"),
            (["demo", "--title", "x", "--on", "Mon 10:00", "--ladder", "talk"], 64, "unknown ladder 'talk'"),
            (["demo", "--title", "x", "--on", "Mon 10:00", "--ladder", "talks", "--rung", "9"], 64, "has no rung 9"),
            (["demo", "--title", "x", "--on", "Mon 10:00", "--stakes", "huge"], 64, "low, medium or high"),
            (["demo", "--title", "x", "--on", "Mon 10:00", "--channel", "pager"], 64, "unknown channel 'pager'"),
            (["bad id", "--title", "x", "--on", "Mon 10:00"], 64, "ill-formed performance id"),
        ]
        for (arguments, status, message) in refusals {
            let result = try await rungd.rungctl(["performance", "add"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(try Self.text(rungd.configPath) == original, "\(arguments)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (rungd.configPath as NSString).deletingLastPathComponent)
        #expect(leftovers == ["rung.toml"], "no staged file is left behind")

        // A file with errors of its own is not edited: they are fixed first.
        let broken = original.replacingOccurrences(of: "title = \"Meetup talk\"\n", with: "")
        try broken.write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
        let invalid = try await rungd.rungctl(["performance", "add", "demo", "--title", "x", "--on", "Tue 10:00"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("'title'"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("the config \(rungd.configPath) has errors; fix them first, the file is unchanged"), "\(invalid.stderr)")
        #expect(try Self.text(rungd.configPath) == broken)

        let missing = rungd.root.appendingPathComponent("none.toml").path
        let none = try await rungd.rungctl(["performance", "add", "demo", "--title", "x", "--on", "Mon 10:00", "--config", missing])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no config at \(missing): run 'rungctl init'"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("a config that is a link stays a link: the file it points to gets the change")
    func keepsLink() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.body)
        let real = rungd.root.appendingPathComponent("dotfiles-rung.toml").path
        try FileManager.default.moveItem(atPath: rungd.configPath, toPath: real)
        try FileManager.default.createSymbolicLink(atPath: rungd.configPath, withDestinationPath: real)
        let added = try await rungd.rungctl(["performance", "add", "demo", "--title", "Demo", "--on", "Tue 10:00"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: rungd.configPath) == real)
        #expect(try Self.text(real).contains("on = \"Mon 09:30\"\n\n[performance.demo]\ntitle = \"Demo\"\non = \"Tue 10:00\"\n"))
    }

    @Test("with rungd running, the added performance is planned at once, and the file keeps its mode")
    func reloadsRungd() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.body)
        chmod(rungd.configPath, 0o600)
        #expect(try await rungd.startUntilReady())

        let added = try await rungd.rungctl(["performance", "add", "standup", "--title", "Stand-up", "--on", "*-*-* 08:00", "--ladder", "talks", "--rung", "current"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("rungd reloaded."), "\(added.stdout)")
        let upcoming = try await rungd.rungctl(["upcoming", "--json"])
        #expect(upcoming.stdout.contains("\"id\": \"standup\""), "\(upcoming.stdout)")
        let attributes = try FileManager.default.attributesOfItem(atPath: rungd.configPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let ladder = try await rungd.rungctl([
            "ladder", "add", "chess", "--skill", "playing chess: openings", "--check-in", "Sun 18:00",
            "--rung", "Blitz with a friend:low", "--rung", "Club night: the ladder:medium", "--rung", "Rated game:high",
        ])
        #expect(ladder.status == 0, "\(ladder.stderr)")
        #expect(try Self.text(rungd.configPath).contains("""
            ]

            [ladder.chess]
            skill = "playing chess: openings"
            check_in = "Sun 18:00"
            rungs = [
                { title = "Blitz with a friend", stakes = "low" },
                { title = "Club night: the ladder", stakes = "medium" },
                { title = "Rated game", stakes = "high" },
            ]

            [performance.meetup]
            """))
        let shown = try await rungd.rungctl(["ladder", "chess"])
        #expect(shown.stdout.contains("Club night: the ladder"), "\(shown.stdout)")
        let badRung = try await rungd.rungctl(["ladder", "add", "go", "--skill", "go", "--rung", "Game"])
        #expect(badRung.status == 64)
        #expect(badRung.stderr.contains("TITLE:STAKES"))
        #expect(await rungd.stop() == 0)
    }

    @Test("rung add inserts the rung as its neighbours are written and moves the numbers after it, in the config and the store")
    func addsRung() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig(Self.body)
        #expect(try await rungd.rungctl(["ladder", "climb", "talks", "--to", "3"]).status == 0)
        #expect(try await rungd.rungctl(["ladder", "rate", "talks", "--rung", "3", "--confidence", "70"]).status == 0)
        let evidence = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--rung", "3", "gave the team demo without notes"])
        #expect(evidence.status == 0, "\(evidence.stderr)")
        let original = try Self.text(rungd.configPath)

        let added = try await rungd.rungctl(["rung", "add", "talks", "--after", "Stand-up update", "--title", "Demo to one colleague", "--stakes", "medium"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added rung 3 \u{201C}Demo to one colleague\u{201D} to ladder 'talks'"), "\(added.stdout)")
        #expect(added.stdout.contains("Rung 3 is now rung 4; 4 records in the store moved with it."), "\(added.stdout)")
        let edited = try Self.text(rungd.configPath)
        #expect(edited == original
            .replacingOccurrences(of: "    { title = \"Team demo\"", with: "    { title = \"Demo to one colleague\", stakes = \"medium\" },\n    { title = \"Team demo\"")
            .replacingOccurrences(of: "rung = 3            # the demo", with: "rung = 4            # the demo"))

        let store = try Store(path: rungd.storePath, access: .readOnly)
        #expect(try store.ladderPosition("talks")?.rung == 4, "the ladder still stands on the team demo")
        #expect(try store.evidence(skill: "talks").map(\.rung) == [4])
        #expect(try store.rungRatings(ladder: "talks").map(\.rung) == [4])
        let check = try await rungd.rungctl(["check-config"])
        #expect(check.stdout.contains("meetup: Meetup talk (talks rung 4)"), "\(check.stdout)")

        // Refused before anything changes: a title taken, a place off the ladder; and a
        // store that refuses the renumbering half-way leaves the store and the config as
        // they were.
        let taken = try await rungd.rungctl(["rung", "add", "talks", "--after", "1", "--title", "Team demo", "--stakes", "low"])
        #expect(taken.status == 64 && taken.stderr.contains("already has a rung titled 'Team demo' (rung 4)"), "\(taken.stderr)")
        let offLadder = try await rungd.rungctl(["rung", "add", "talks", "--after", "9", "--title", "x", "--stakes", "low"])
        #expect(offLadder.status == 64 && offLadder.stderr.contains("--after must be 0 (first) to 4 (last)"), "\(offLadder.stderr)")
        let refuse = Process()
        refuse.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        refuse.arguments = [rungd.storePath, "CREATE TRIGGER refuse BEFORE UPDATE ON evidence BEGIN SELECT RAISE(ABORT, 'evidence is locked'); END;"]
        try refuse.run()
        refuse.waitUntilExit()
        let readOnly = try await rungd.rungctl(["rung", "add", "talks", "--after", "0", "--title", "Say it to the mirror", "--stakes", "low"])
        #expect(readOnly.status == 1, "\(readOnly.stdout)\(readOnly.stderr)")
        #expect(readOnly.stderr.contains("evidence is locked"), "\(readOnly.stderr)")
        #expect(try Self.text(rungd.configPath) == edited)
        #expect(try store.ladderPosition("talks")?.rung == 4, "the position renumbered before the refusal was rolled back")
        #expect(try store.evidence(skill: "talks").map(\.rung) == [4])
    }
}

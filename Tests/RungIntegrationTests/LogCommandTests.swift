import Foundation
import RungCore
import RungTestSupport
import RungTime
import Testing
@testable import RungStore

/// `rungctl log` run as the person runs it, on a temporary store and config, with no rungd.
@Suite("rungctl log")
struct LogCommandTests {
    static let config = """
        [ladder.talks]
        skill = "giving a talk"
        rungs = [
            { title = "Explain it to a friend", stakes = "low" },
            { title = "Stand-up update", stakes = "low" },
        ]

        [performance.standup]
        title = "Team stand-up"
        ladder = "talks"
        rung = 1
        at = 2024-05-01T07:00:00Z
        """

    private static func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * Int64(TimeSpanUnit.minute)) }

    /// A directory with a config and a store holding one thing of each kind, and the
    /// environment that makes rungctl find that config, the person's zone UTC and no rungd.
    private struct World {
        let directory: TemporaryDirectory
        let store: String
        let environment: [String: String]

        init(config: String? = LogCommandTests.config) throws {
            directory = try TemporaryDirectory()
            store = directory.file("rung.sqlite3")
            let configHome = directory.file("config")
            try FileManager.default.createDirectory(atPath: configHome + "/rung", withIntermediateDirectories: true)
            if let config { try config.write(toFile: configHome + "/rung/rung.toml", atomically: true, encoding: .utf8) }
            environment = [
                "XDG_CONFIG_HOME": configHome, "XDG_DATA_HOME": directory.file("data"), "XDG_RUNTIME_DIR": directory.path,
                "TZ": "UTC", "PAGER": "",
            ]
        }

        func fill() throws {
            let store = try Store(path: store)
            _ = try store.predict(Prediction(performance: "standup", attemptStart: at(-30), selfEfficacy: 60, recordedAt: at(-60)))
            try store.recordPlanned(OccurrenceRecord(id: "debrief-1", kind: .debrief, subject: "performance:standup", dueAt: at(0), updatedAt: at(-90)))
            let attempt = try store.beginDelivery(of: "debrief-1", on: "desktop", at: at(1))
            try store.finishDelivery(try #require(attempt.id), outcome: .sent, at: at(1))
            try store.recordResponse(Response(occurrenceID: "debrief-1", answer: "success", via: .button, answeredAt: at(2)))
            try store.recordDebrief(Debrief(
                occurrenceID: "debrief-1", performance: "standup", skill: "talks", rung: 1, outcome: .success, selfEfficacy: 70, recordedAt: at(3)))
            try store.addEvidence(Evidence(skill: "talks", rung: 1, what: "explained it \u{1B}[2Jplainly", happenedAt: at(4), recordedAt: at(4)))
            try store.rateRung(RungRating(ladder: "talks", rung: 2, selfEfficacy: 40, recordedAt: at(5)))
            try store.stepLadder("talks", at: at(6)) { _ in (.climb, 2, "two good runs") }
            try store.snoozeAll(until: at(60), at: at(7))
            try store.pause(nil, from: at(24 * 60), until: at(25 * 60), reason: "ill")
        }

        func rungctl(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> ProcessResult {
            try await BuiltProduct.rungctl(arguments, store: store, environment: environment.merging(extra) { $1 })
        }
    }

    @Test("no store yet, or an empty one: nothing recorded yet, and an empty JSON array")
    func nothingYet() async throws {
        let world = try World()
        let environment = world.environment
        let missing = try await onOwnThread { try BuiltProduct.run("rungctl", ["log"], environment: environment) }
        #expect(missing.status == 0, "\(missing.stderr)")
        #expect(missing.stdout == "nothing recorded yet\n")
        let missingJSON = try await onOwnThread { try BuiltProduct.run("rungctl", ["log", "--json"], environment: environment) }
        #expect(missingJSON.stdout == "[]\n")
        #expect(!FileManager.default.fileExists(atPath: world.directory.file("data/rung/rung.sqlite3")), "reading creates no store")

        _ = try Store(path: world.store)
        let empty = try await world.rungctl(["log"])
        #expect(empty.status == 0 && empty.stdout == "nothing recorded yet\n")
        let since = try await world.rungctl(["log", "--since", "2024-05-01"])
        #expect(since.stdout == "nothing recorded since 2024-05-01 00:00\n")
    }

    @Test("one line of each kind, oldest first, named by the config's titles; piped, it is not paged")
    func everyKindInOrder() async throws {
        let world = try World()
        try world.fill()
        let pagedFile = world.directory.file("paged")
        let pager = try Self.pager(writingTo: pagedFile, in: world.directory)
        let result = try await world.rungctl(["log"], environment: ["PAGER": pager])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout == """
            Wed 1 May 2024
            2024-05-01 06:30  predict   Team stand-up at 2024-05-01 07:00: confidence 60
            2024-05-01 07:30  prompt    debrief of Team stand-up came due: answered
            2024-05-01 07:31  delivery  debrief of Team stand-up by desktop: sent
            2024-05-01 07:32  answer    debrief of Team stand-up: success (by button)
            2024-05-01 07:33  debrief   Team stand-up, rung 1 “Explain it to a friend”: success, confidence 70 for the next attempt
            2024-05-01 07:34  evidence  #1 giving a talk, rung 1 “Explain it to a friend”: explained it \\x1b[2Jplainly (by hand)
            2024-05-01 07:35  rating    giving a talk, rung 2 “Stand-up update”: confidence 40
            2024-05-01 07:36  ladder    giving a talk: started at rung 1 “Explain it to a friend” (started on rung 1)
            2024-05-01 07:36  ladder    giving a talk: climbed from rung 1 to rung 2 “Stand-up update” (two good runs)
            2024-05-01 07:37  snooze    everything snoozed until 2024-05-01 08:30

            Thu 2 May 2024
            2024-05-02 07:30  pause     everything paused until 2024-05-02 08:30 (ill)
            2024-05-02 08:30  pause     everything: the pause ended

            """)
        #expect(!result.stdout.contains("\u{1B}"), "the escape sequence in the evidence is shown escaped")
        #expect(!FileManager.default.fileExists(atPath: pagedFile), "output to a pipe is never paged")
    }

    @Test("--since leaves out what happened before; --json is an array of typed objects")
    func sinceAndJSON() async throws {
        let world = try World()
        try world.fill()
        let recent = try await world.rungctl(["log", "--since", "2024-05-02", "--no-pager"])
        #expect(recent.status == 0, "\(recent.stderr)")
        #expect(recent.stdout.hasPrefix("Thu 2 May 2024\n2024-05-02 07:30  pause "))
        #expect(!recent.stdout.contains("2024-05-01"))

        let result = try await world.rungctl(["log", "--json", "--since", "2024-05-01T07:31:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
        #expect(objects.map { $0["type"] as? String } == [
            "delivery", "answer", "debrief", "evidence", "rung_rating", "ladder_move", "ladder_move", "snooze_all", "pause_started", "pause_ended",
        ])
        #expect(objects.allSatisfy { ($0["at"] as? String)?.hasSuffix("Z") == true })
        #expect(objects[0]["subject"] as? String == "performance:standup" && objects[0]["outcome"] as? String == "sent")
        #expect(objects[3]["what"] as? String == "explained it \u{1B}[2Jplainly", "JSON keeps the text exactly")
        #expect(objects[5]["move"] as? String == "start" && objects[6]["reason"] as? String == "two good runs")
    }

    @Test("without a usable config: ids, and a warning saying so")
    func idsWithoutConfig() async throws {
        let world = try World(config: nil)
        try world.fill()
        let result = try await world.rungctl(["log", "--since", "2024-05-01T07:30:00Z"])
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("rungctl: warning: no config at ") && result.stderr.hasSuffix(": performances and ladders are shown by their ids\n"))
        #expect(result.stdout.contains("07:30  prompt    debrief of standup came due: answered\n"))
        #expect(result.stdout.contains("07:35  rating    talks, rung 2: confidence 40\n"))

        let broken = try World(config: "[ladder.talks]\nskil = 1\n")
        try broken.fill()
        let withErrors = try await broken.rungctl(["log"])
        #expect(withErrors.status == 0)
        #expect(withErrors.stderr.contains("has errors ('rungctl check-config' shows them): performances and ladders are shown by their ids"))
    }

    @Test("a date that is not one is a usage error")
    func badSince() async throws {
        let world = try World()
        let result = try await world.rungctl(["log", "--since", "yesterday"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("rungctl: error: "))
        #expect(result.stderr.contains("'yesterday' is not a date"))
    }

    @Test("on a terminal: through $PAGER, fed on its stdin; PAGER=cat and --no-pager write directly")
    func pagedOnATerminal() async throws {
        let world = try World()
        try world.fill()
        let pagedFile = world.directory.file("paged")
        let pager = try Self.pager(writingTo: pagedFile, in: world.directory)
        let direct = try await world.rungctl(["log", "--no-pager"])
        let rungctl = BuiltProduct.path("rungctl")
        let command = "\(rungctl) log --store \(world.store)"
        let environment = world.environment

        let paged = try await onOwnThread {
            try BuiltProduct.runTool("/usr/bin/script", ["-qec", command, "/dev/null"], environment: environment.merging(["PAGER": pager]) { $1 })
        }
        #expect(paged.status == 0, "\(paged.stdout)")
        let written = try #require(contents(pagedFile), "the pager ran")
        #expect(String(decoding: written, as: UTF8.self) == direct.stdout)
        #expect(!paged.stdout.contains("2024-05-01 07:30"), "only the pager wrote the log")

        try FileManager.default.removeItem(atPath: pagedFile)
        for (arguments, pagerValue) in [(" --no-pager", pager), ("", "cat")] {
            let unpaged = try await onOwnThread {
                try BuiltProduct.runTool("/usr/bin/script", ["-qec", command + arguments, "/dev/null"], environment: environment.merging(["PAGER": pagerValue]) { $1 })
            }
            #expect(unpaged.status == 0)
            #expect(unpaged.stdout.contains("2024-05-01 07:30  prompt    debrief of Team stand-up came due: answered"))
            #expect(!FileManager.default.fileExists(atPath: pagedFile))
        }
    }

    /// A pager that writes what it is given to `file`, as an executable script in `directory`.
    private static func pager(writingTo file: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("pager")
        try "#!/bin/sh\ncat > '\(file)'\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard chmod(path, 0o755) == 0 else { throw POSIXError(.EPERM) }
        return path
    }
}

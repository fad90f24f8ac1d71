import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import RungTime
import RungTOML
import Testing

/// The real rungd, started as systemd would start it, observed from outside.
@Suite("rungd end to end")
struct RungdIntegrationTests {
    @Test("tells systemd it is ready, fires a prompt due in 15 s exactly once, and stops cleanly on SIGTERM")
    func firesOnceAndStops() async throws {
        let rungd = try RungdHarness()
        // The reframe quotes the person's own evidence for the performance's ladder. Logged
        // before the config is written, which starts the 15 s until the prompt is due: a new
        // store's first pass plans from then on (there was no downtime to catch up), so a
        // prompt due before a start slowed down by a loaded machine would never come.
        let evidence = try await rungd.rungctl(["evidence", "add", "--skill", "talks", "--rung", "1", "explained the demo to Sam without notes"])
        #expect(evidence.status == 0, "\(evidence.stderr)")
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            rungs = [{ title = "Demo to the team", stakes = "low" }]

            [performance.demo]
            title = "Demo talk"
            ladder = "talks"
            rung = 1
            at = \(RungdHarness.tomlDate(secondsFromNow: 135))
            duration = "1min"

            [prompts.reframe]
            offset = "-2min"
            """)
        try await rungd.start(extraEnvironment: ["WATCHDOG_USEC": "1000000"])
        #expect(await eventually { rungd.notifications().contains { $0.hasPrefix("READY=1") } }, "no READY=1; stderr: \(rungd.stderr)")
        let ready = try #require(rungd.notifications().first { $0.hasPrefix("READY=1") })
        // The reframe, or (if a slow start let it fire in the first pass) the debrief.
        #expect(ready.contains("STATUS=next: ") && ready.contains(" for 'Demo talk' at "), "\(ready)")
        #expect(await eventually { rungd.notifications().contains("WATCHDOG=1") }, "no watchdog ping")

        #expect(await eventually { rungd.hookDeliveries().count == 1 }, "the reframe never fired; stderr: \(rungd.stderr)")
        let delivered = try #require(rungd.hookDeliveries().first)
        #expect(delivered["kind"] as? String == "reframe")
        #expect(delivered["title"] as? String == "Ready for Demo talk")
        #expect((delivered["body"] as? String)?.contains("• explained the demo to Sam without notes") == true)
        // Give a second firing every chance to happen, then check it did not.
        let status = try await rungd.rungctl(["status", "--json"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"delivered\":1"))
        #expect(rungd.hookDeliveries().count == 1)
        // Everything ran on rungd's own event loop: libdispatch's worker pool, whose monitor
        // wakes an idle process every second, never started (its threads are named after
        // their queues' quality of service).
        let threads = rungd.threadNames()
        #expect(!threads.isEmpty && !threads.contains { $0.contains("qos") }, "\(threads)")

        #expect(await rungd.stop() == 0, "\(rungd.stderr)")
        #expect(rungd.notifications().contains { $0.hasPrefix("STOPPING=1") })
        let store = try Store(path: rungd.storePath)
        #expect(try store.integrityCheck().isEmpty || store.integrityCheck() == ["ok"])
        #expect(try store.occurrences(in: [.delivered]).count == 1)
    }

    @Test("in a terminal, a title with line breaks and an escape sequence stays inside its one log line")
    func titleCannotForgeLogLines() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.demo]
            title = "Demo\\r\\n2030-01-01T00:00:00+0000 critical rungd: [RungDaemon] forged\\u001B[2J"
            at = \(RungdHarness.tomlDate(secondsFromNow: 135))
            duration = "1min"

            [prompts.reframe]
            offset = "-2min"
            """)
        // The reframe is due 15 s from now: a rungd that starts slowly on a busy machine
        // still plans it (a fresh store plans from its start on).
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await eventually { rungd.stderr.contains("delivered reframe") }, "stderr: \(rungd.stderr)")
        #expect(await rungd.stop() == 0, "\(rungd.stderr)")
        let stderr = rungd.stderr
        #expect(!stderr.unicodeScalars.contains { $0 == "\r" || $0 == "\u{1B}" }, "\(stderr)")
        #expect(!stderr.contains("\nforged") && !stderr.contains("\n2030-01-01T00:00:00+0000 critical"), "\(stderr)")
        let delivered = try #require(stderr.split(separator: "\n").first { $0.contains("delivered reframe") })
        #expect(delivered.contains(#"delivered reframe for 'Demo\r\n2030-01-01T00:00:00+0000 critical rungd: [RungDaemon] forged\u{1B}[2J' via hook"#), "\(delivered)")
    }

    @Test("an invalid config at start: every error on stderr and exit 78")
    func invalidConfigAtStart() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.demo]
            title = "Demo talk"
            on = "Mon..Frx 9:30"
            """)
        try await rungd.start()
        #expect(await rungd.waitForExit() == 78)
        #expect(rungd.stderr.contains("rung.toml:12:6: error: 'on' in [performance.demo]: Failed to parse calendar specification 'Mon..Frx 9:30': unknown weekday 'Frx'"), "stderr: \(rungd.stderr)")
        #expect(rungd.stderr.contains("Frx"))
    }

    @Test("a bad command line: the offending argument named, the usage line, exit 64, nothing created")
    func badCommandLine() async throws {
        let rungd = try RungdHarness()
        let result = try await onOwnThread {
            try ProcessRunner.run(ProcessRunner.product("rungd"), ["--config", rungd.configPath, "--sotre", rungd.storePath], environment: rungd.environment)
        }
        #expect(result.status == 64)
        #expect(result.stderr == "rungd: unknown option '--sotre'\nUsage: rungd [--config PATH] [--store PATH]\n")
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath))

        let help = try await onOwnThread { try ProcessRunner.run(ProcessRunner.product("rungd"), ["--help"], environment: rungd.environment) }
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("Usage: rungd [--config PATH] [--store PATH]\n"))
        #expect(help.stdout.contains("--store PATH"))
    }

    @Test("SIGHUP with a broken config keeps the running one and says so")
    func reloadKeepsOldConfig() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            check_in = "Sun 18:00"
            rungs = [{ title = "Explain it to a friend", stakes = "low" }]
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        try "[ladder.talks]\nskil = 1\n".write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
        rungd.signal(SIGHUP)
        #expect(await eventually { rungd.notifications().contains { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") } })
        #expect(await eventually { rungd.notifications().contains { $0.contains("STATUS=config error") } }, "stderr: \(rungd.stderr)")
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("The last reload was refused"))
        #expect(status.stdout.contains("unknown key 'skil'"))
        let upcoming = try await rungd.rungctl(["upcoming", "--days", "8", "--json"])
        #expect(upcoming.stdout.contains("\"kind\": \"check_in\""), "the old config's check-in should still be planned")

        let reload = try await rungd.rungctl(["reload"])
        #expect(reload.status == 1)
        #expect(reload.stderr.contains("the config is invalid; rungd keeps the running one"))
        #expect(await rungd.stop() == 0)
    }

    @Test("a reload of 20 000 nested arrays or of a file over 1 MiB is refused, and rungd runs on")
    func reloadRefusesHostileConfigs() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            check_in = "Sun 18:00"
            rungs = [{ title = "Explain it to a friend", stakes = "low" }]
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let deep = "k = " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n"
        try deep.write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
        let refusedDeep = try await rungd.rungctl(["reload"])
        #expect(refusedDeep.status == 1)
        #expect(refusedDeep.stderr.contains("rung.toml:1:\(5 + TOMLParser.maximumNestingDepth): error: too deeply nested"), "stderr: \(refusedDeep.stderr)")

        try String(repeating: "# padding\n", count: 110_000).write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
        let refusedHuge = try await rungd.rungctl(["reload"])
        #expect(refusedHuge.status == 1)
        #expect(refusedHuge.stderr.contains("rung.toml:1:1: error: the config file is larger than 1 MiB"), "stderr: \(refusedHuge.stderr)")

        let upcoming = try await rungd.rungctl(["upcoming", "--days", "8", "--json"])
        #expect(upcoming.stdout.contains("\"kind\": \"check_in\""), "the old config's check-in should still be planned")
        #expect(await rungd.stop() == 0)
    }

    // Prompts here lead their performances by two minutes, so that a start slowed down by
    // a loaded machine cannot turn a reframe into a missed one, and fall due 15 s after the
    // config is written, after rungd's first pass (which plans from then on).
    @Test("SIGKILL and a restart lose nothing and repeat nothing")
    func crashAndRestart() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.first]
            title = "First"
            at = \(RungdHarness.tomlDate(secondsFromNow: 135))
            duration = "1h"

            [performance.second]
            title = "Second"
            at = \(RungdHarness.tomlDate(secondsFromNow: 171))
            duration = "1h"

            [prompts.reframe]
            offset = "-2min"
            expires_after = "5min"
            """)
        try await rungd.start()
        // Killed once the first delivery is complete in the ledger (a kill in the middle of
        // one is the next test's case). The second falls due half a minute later, so that a
        // slow poll on a loaded machine still kills between the two, not in the second.
        let store = try Store(path: rungd.storePath)
        #expect(await eventually { ((try? store.occurrences(in: [.delivered]).count) ?? 0) >= 1 }, "stderr: \(rungd.stderr)")
        rungd.signal(SIGKILL)
        _ = await rungd.waitForExit()
        try await rungd.start()
        #expect(await eventually { rungd.hookDeliveries().count == 2 }, "stderr: \(rungd.stderr)")
        let titles = rungd.hookDeliveries().compactMap { $0["title"] as? String }
        #expect(titles == ["Ready for First", "Ready for Second"], "stderr: \(rungd.stderr)")
        // Another restart finds nothing new to send.
        _ = await rungd.stop()
        #expect(try await rungd.startUntilReady())
        let status = try await rungd.rungctl(["status", "--json"])
        #expect(status.stdout.contains("\"delivered\":2"))
        #expect(rungd.hookDeliveries().count == 2)
        #expect(await rungd.stop() == 0)
    }

    @Test("a delivery cut off by SIGKILL is made once more at start-up, flagged as a possible duplicate, and never again")
    func interruptedDeliveryRetriedOnce() async throws {
        let rungd = try RungdHarness()
        let start = Instant(seconds: Instant.now().seconds - 3600)
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(start))
            duration = "15min"
            """)
        // The ledger as a SIGKILL leaves it: the debrief marked delivering, its attempt unfinished.
        let debrief = Occurrence(
            kind: .debrief, subject: .performance("talk"), schedule: "performance:talk/debrief",
            scheduledAt: start.adding(microseconds: 25 * 60_000_000), expires: start.adding(microseconds: 25 * 60_000_000 + 86_400_000_000),
            channels: ["hook"], performanceStart: start)
        let store = try Store(path: rungd.storePath)
        try store.recordPlanned(OccurrenceRecord(planned: debrief, at: .now()))
        try store.setState(.delivering, ofOccurrence: debrief.id.rawValue, at: .now())
        _ = try store.beginDelivery(of: debrief.id.rawValue, on: "hook", at: .now())
        try store.recordPass(at: .now())

        try await rungd.start()
        #expect(await eventually { ((try? store.occurrence(id: debrief.id.rawValue))?.state) == .delivered }, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().compactMap { $0["occurrence_id"] as? String } == [debrief.id.rawValue])
        #expect(rungd.stderr.contains("it may arrive twice"))
        #expect(await rungd.stop() == 0)

        #expect(try await rungd.startUntilReady())
        _ = try await rungd.rungctl(["status"])
        #expect(rungd.hookDeliveries().count == 1)
        #expect(await rungd.stop() == 0)
    }

    @Test("catch-up after downtime follows each kind's rule")
    func catchUp() async throws {
        let rungd = try RungdHarness()
        // A talk that began an hour ago and lasted 15 minutes; hourly check-ins, at the
        // minute half an hour from now, so that none falls due while the test runs.
        let minute = (Instant.now().seconds / 60 + 30) % 60
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            check_in = "*-*-* *:\(minute):00"
            rungs = [{ title = "Explain it to a friend", stakes = "low" }]

            [performance.talk]
            title = "Team talk"
            ladder = "talks"
            rung = 1
            at = \(RungdHarness.tomlDate(secondsFromNow: -3600))
            duration = "15min"
            observer = "Mira"
            """)
        // Rung last ran three hours ago, then was down.
        let store = try Store(path: rungd.storePath)
        try store.recordPass(at: Instant.now().adding(microseconds: -3 * 3_600_000_000))
        try await rungd.start()
        #expect(await eventually { rungd.hookDeliveries().count >= 2 }, "stderr: \(rungd.stderr)")
        // Let any extra (wrong) delivery happen before counting.
        _ = try await rungd.rungctl(["status"])
        let kinds = rungd.hookDeliveries().compactMap { $0["kind"] as? String }.sorted()
        #expect(kinds == ["check_in", "debrief"], "delivered: \(kinds)")
        #expect(try store.occurrences(in: [.missed]).map(\.kind).sorted() == [.reframe, .checkIn, .checkIn].sorted())
        #expect(await rungd.stop() == 0)
    }

    @Test("rungctl steers it: snooze, pause, resume and respond land in the store")
    func steering() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        let notRunning = try await rungd.rungctl(["status"])
        #expect(notRunning.status == 3)
        #expect(notRunning.stderr.contains("rungd is not running"))
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")

        let upcoming = try await rungd.rungctl(["upcoming", "--json"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]])
        let reframe = try #require(plan.first { $0["kind"] as? String == "reframe" }?["id"] as? String)

        // A reframe expires 10 minutes after it is due: a snooze that long could never fire.
        let tooLong = try await rungd.rungctl(["snooze", reframe, "10min"])
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.contains("expires at"), "\(tooLong.stderr)")
        let due = try #require((plan.first { $0["id"] as? String == reframe }?["due"] as? String).flatMap { TimestampFormat.parseISO8601($0) })
        let snooze = try await rungd.rungctl(["snooze", reframe, "5min"])
        #expect(snooze.status == 0, "\(snooze.stderr)")
        let store = try Store(path: rungd.storePath)
        #expect(try store.latestSnooze(of: reframe) != nil)
        // Not delivered yet, so the span counts from its due instant; upcoming shows the new one.
        #expect(try store.occurrence(id: reframe)?.dueAt == due.adding(microseconds: 300_000_000))
        let moved = try await rungd.rungctl(["upcoming", "--json"])
        let movedPlan = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [[String: Any]])
        #expect((movedPlan.first { $0["id"] as? String == reframe }?["due"] as? String).flatMap { TimestampFormat.parseISO8601($0) } == due.adding(microseconds: 300_000_000))

        #expect(try await rungd.rungctl(["pause", "talk", "--for", "1h"]).status == 0)
        #expect(try store.activePauses(at: .now()).map(\.subject) == ["performance:talk"])
        let unknown = try await rungd.rungctl(["pause", "nothing-like-it"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no performance or ladder 'nothing-like-it'"))
        #expect(try await rungd.rungctl(["resume"]).stdout == "Resumed 1 pause.\n")
        #expect(try store.activePauses(at: .now()).isEmpty)

        #expect(try await rungd.rungctl(["respond", reframe, "done"]).status == 0)
        #expect(try store.responses(to: reframe).map(\.answer) == ["done"])
        #expect(try store.occurrence(id: reframe)?.state == .answered)
        #expect(await rungd.stop() == 0)
    }

    /// A config with a talk a day from now, and its reframe as `upcoming` plans it from the
    /// config alone (rungd stopped): the id and when it is due.
    static func talkTomorrow(_ rungd: RungdHarness) async throws -> (reframe: String, due: Instant) {
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        let upcoming = try await rungd.rungctl(["upcoming", "--json"])
        #expect(upcoming.stdout.contains("\"state\": \"planned\""), "\(upcoming.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]])
        let reframe = try #require(plan.first { $0["kind"] as? String == "reframe" })
        let id = try #require(reframe["id"] as? String)
        return (id, try #require((reframe["due"] as? String).flatMap { TimestampFormat.parseISO8601($0) }))
    }

    @Test("an answer given while rungd is stopped goes to the store, and rungd honours it when it starts")
    func respondWhileStopped() async throws {
        let rungd = try RungdHarness()
        let (reframe, _) = try await Self.talkTomorrow(rungd)

        let answered = try await rungd.rungctl(["respond", reframe, "skip"])
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout.contains("in the store (rungd is not running"))
        let unknown = try await rungd.rungctl(["respond", "0123456789abcdef", "done"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no prompt '0123456789abcdef'"))
        let store = try Store(path: rungd.storePath)
        #expect(try store.responses(to: reframe).map(\.answer) == ["skip"])

        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let planned = try await rungd.rungctl(["upcoming", "--json"])
        #expect(!planned.stdout.contains(reframe), "an answered prompt is no longer planned")
        #expect(await rungd.stop() == 0)
    }

    @Test("snooze, pause and resume while rungd is stopped go to the store under rungd's rules, and rungd honours them when it starts")
    func holdsWhileStopped() async throws {
        let rungd = try RungdHarness()
        let (reframe, due) = try await Self.talkTomorrow(rungd)

        let tooLong = try await rungd.rungctl(["snooze", reframe, "10min"])
        #expect(tooLong.status == 1 && tooLong.stderr.contains("expires at"), "rungd's rule, offline: \(tooLong.stderr)")
        let snooze = try await rungd.rungctl(["snooze", reframe, "5min"])
        #expect(snooze.status == 0, "\(snooze.stderr)")
        #expect(snooze.stdout.contains("rungd is not running: this is in the store"), "\(snooze.stdout)")
        let paused = try await rungd.rungctl(["pause", "talk", "--for", "2h"])
        #expect(paused.status == 0, "\(paused.stderr)")
        let unknown = try await rungd.rungctl(["pause", "nothing-like-it"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no performance or ladder 'nothing-like-it'"), "\(unknown.stderr)")
        let store = try Store(path: rungd.storePath)
        #expect(try store.occurrence(id: reframe)?.dueAt == due.adding(microseconds: 300_000_000))
        #expect(try store.activePauses(at: .now()).map(\.subject) == ["performance:talk"])

        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let status = try await rungd.rungctl(["status", "--json"])
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((shown["pauses"] as? [[String: Any]])?.first?["subject"] as? String == "performance:talk", "\(status.stdout)")
        let moved = try await rungd.rungctl(["upcoming", "--json"])
        let movedPlan = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [[String: Any]])
        #expect((movedPlan.first { $0["id"] as? String == reframe }?["due"] as? String).flatMap { TimestampFormat.parseISO8601($0) } == due.adding(microseconds: 300_000_000))
        #expect(await rungd.stop() == 0)

        let resumed = try await rungd.rungctl(["resume"])
        #expect(resumed.stdout == "Resumed 1 pause (rungd is not running: this is in the store, and rungd honours it when it starts).\n", "\(resumed.stderr)")
        #expect(try store.activePauses(at: .now()).isEmpty)
    }

    @Test("an independent varlink client reads its status")
    func independentClient() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let script = """
            import sys, varlink
            with varlink.Client(address="unix:" + sys.argv[1]) as client:
                print(sorted(client.get_interfaces()))
                with client.open("io.rung.Control") as control:
                    print(control.Status()["status"])
            """
        let result = try await ProcessRunner.runDetached(
            "/usr/bin/env", ["python3", "-c", script, rungd.runtimeDirectory + "/rung/control"])
        #expect(result.stdout == "['io.rung.Control', 'org.varlink.service']\nidle: nothing planned in the next 7 days\n", "\(result.stderr)")
        #expect(await rungd.stop() == 0)
    }

    @Test("its control socket refuses another user, even with the file modes opened", .enabled(if: getuid() == 0, "needs root to run a client as another user (CI runs as root)"))
    func refusesOtherUser() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let socket = rungd.runtimeDirectory + "/rung/control"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        for path in [rungd.root.path, rungd.runtimeDirectory, rungd.runtimeDirectory + "/rung", socket] { chmod(path, 0o777) }
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            print(s.recv(4096).rstrip(b"\\0").decode())
            """
        let result = try await ProcessRunner.runDetached(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, socket])
        #expect(result.stdout == #"{"error":"org.varlink.service.PermissionDenied","parameters":{}}"# + "\n", "\(result.stderr)")
        #expect(await rungd.stop() == 0)
    }
}

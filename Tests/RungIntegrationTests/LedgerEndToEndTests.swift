import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// The ledger's promises through the real rungd: a snoozed prompt comes back once, and a
/// second rungd on the same store and socket takes nothing over.
@Suite("rungd ledger end to end", .serialized)
struct LedgerEndToEndTests {
    @Test("a delivered debrief snoozed for 30 s is delivered once more at the snooze's end, and rests delivered")
    func snoozedComesBack() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 5))
            duration = "1s"

            [prompts.reframe]
            enabled = false

            [prompts.debrief]
            offset = "+2s"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await eventually { rungd.hookDeliveries().count == 1 }, "stderr: \(rungd.stderr)")
        let debrief = try #require(rungd.hookDeliveries().first?["occurrence_id"] as? String)
        // Long enough that a loaded machine asks for the status while it is still snoozed.
        let snooze = try await rungd.rungctl(["snooze", debrief, "30s"])
        #expect(snooze.status == 0, "\(snooze.stderr)")
        let store = try Store(path: rungd.storePath)
        let snoozedUntil = try #require(try store.occurrence(id: debrief)?.dueAt)
        let status = try await rungd.rungctl(["status", "--json"])
        #expect(status.stdout.contains(debrief), "status lists the snoozed prompt: \(status.stdout)")
        #expect(await eventually(timeout: .seconds(90)) { rungd.hookDeliveries().count == 2 }, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().compactMap { $0["occurrence_id"] as? String } == [debrief, debrief])
        // The hook has the prompt before rungd records that the attempt ended.
        #expect(await eventually { (try? store.occurrence(id: debrief))??.state == .delivered })
        let attempts = try store.deliveries(of: debrief)
        #expect(attempts.count == 2)
        #expect(attempts.last.map { $0.startedAt >= snoozedUntil } == true)
        // Nothing more comes of it.
        _ = try await rungd.rungctl(["status"])
        #expect(rungd.hookDeliveries().count == 2)
        #expect(await rungd.stop() == 0)
    }

    @Test("a second rungd on the same store and socket exits 75 naming the first; the first keeps its socket")
    func secondRungdRefused() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let first = try #require(rungd.process?.processIdentifier)
        let second = try ProcessRunner.run(ProcessRunner.product("rungd"), [], environment: rungd.environment)
        #expect(second.status == 75)
        #expect(second.stderr.contains("another rungd (PID \(first)) already runs on the store"), "\(second.stderr)")
        // The first rungd still answers on its socket, and still holds both locks.
        let status = try await rungd.rungctl(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try String(contentsOfFile: rungd.storePath + ".lock", encoding: .utf8) == "\(first)\n")
        #expect(await rungd.stop() == 0)
        // Once it is gone, a new rungd starts.
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await rungd.stop() == 0)
    }

    /// `instant` as the time of day of a calendar expression (`*-*-* 10:15:42`), in UTC.
    static func timeOfDay(_ instant: Instant) -> String {
        String(TimestampFormat.iso8601(instant, in: .utc).dropFirst(11).prefix(8))
    }

    @Test("a prompt due during a pause is not sent, then or later; its ledger line, status and export say paused")
    func pauseSuppresses() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 8))
            duration = "1s"

            [prompts.reframe]
            offset = "-4s"

            [prompts.debrief]
            enabled = false
            """)
        #expect(try await rungd.startUntilReady(extraEnvironment: RungdHarness.passReports), "stderr: \(rungd.stderr)")
        let pausing = Instant.now()
        let pause = try await rungd.rungctl(["pause", "--for", "8s"])
        #expect(pause.status == 0, "\(pause.stderr)")
        let pauseEnds = Instant.now().adding(microseconds: 8_000_000)
        let store = try Store(path: rungd.storePath)
        #expect(await eventually { ((try? store.occurrences(in: [.paused])) ?? []).count == 1 }, "stderr: \(rungd.stderr)")
        let paused = try #require(try store.occurrences(in: [.paused]).first)
        #expect(paused.kind == .reframe)
        #expect(paused.reason == "it fell due during a pause")
        // After the pause it does not come after all: rungd has nothing to do until the pause
        // is over, nor then.
        #expect(await rungd.quietPass(after: pausing, through: pauseEnds) != nil, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().isEmpty)
        let status = try await rungd.rungctl(["status"])
        #expect(status.stdout.contains("0 delivered, 0 answered, 0 failed, 0 missed or expired, 1 paused"), "\(status.stdout)")
        let export = try await rungd.rungctl(["export"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any], "\(export.stderr)")
        let line = try #require((document["occurrences"] as? [[String: Any]])?.first { $0["id"] as? String == paused.id })
        #expect(line["state"] as? String == "paused")
        #expect(line["reason"] as? String == "it fell due during a pause")
        #expect(await rungd.stop() == 0)
    }

    @Test("a reload never fires an instant it moves into the past: not a delivered check-in moved later, not a future reframe moved before now")
    func reloadPlansFromNow() async throws {
        let rungd = try RungdHarness()
        let first = Instant(seconds: Instant.now().seconds + 3)
        func config(checkIn: Instant, talk: Instant) throws {
            try rungd.writeConfig("""
                [ladder.talks]
                skill = "talks"
                check_in = "*-*-* \(Self.timeOfDay(checkIn))"
                rungs = [{ title = "Friend", stakes = "low" }]

                [performance.talk]
                title = "Team talk"
                at = \(RungdHarness.tomlDate(talk))
                duration = "1h"

                [prompts.debrief]
                enabled = false
                """)
        }
        try config(checkIn: first, talk: first.adding(microseconds: 3_600_000_000))
        #expect(try await rungd.startUntilReady(extraEnvironment: RungdHarness.passReports), "stderr: \(rungd.stderr)")
        #expect(await eventually { rungd.hookDeliveries().count == 1 }, "stderr: \(rungd.stderr)")
        #expect(await eventually { Instant.now() >= first.adding(microseconds: 2_000_000) })
        // The check-in moves one second later, still in the past; the talk moves so that its
        // reframe (15 minutes before) lies in the past too.
        try config(checkIn: first.adding(microseconds: 1_000_000), talk: Instant.now().adding(microseconds: 600_000_000))
        rungd.signal(SIGHUP)
        #expect(await eventually { rungd.stderr.contains("reloaded the config") }, "stderr: \(rungd.stderr)")
        // The pass the reload wakes starts nothing.
        #expect(await rungd.quietPass(afterLine: "reloaded the config") != nil, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().count == 1, "fired again: \(rungd.hookDeliveries())")
        let upcoming = try await rungd.rungctl(["upcoming", "--json"])
        #expect(!upcoming.stdout.contains("\"reframe\""), "\(upcoming.stdout)")
        #expect(await rungd.stop() == 0)
    }

    @Test("a check-in that fell due while rungd was down and is past its expires_after expires at start-up instead of being delivered")
    func lateCheckInExpires() async throws {
        let rungd = try RungdHarness()
        let due = Instant(seconds: Instant.now().seconds + 3)
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "talks"
            check_in = "*-*-* \(Self.timeOfDay(due))"
            rungs = [{ title = "Friend", stakes = "low" }]

            [prompts.check_in]
            expires_after = "1s"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await rungd.stop() == 0)
        #expect(await eventually { Instant.now() >= due.adding(microseconds: 2_000_000) })
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let store = try Store(path: rungd.storePath)
        #expect(await eventually { ((try? store.occurrences(in: [.expired])) ?? []).count == 1 }, "stderr: \(rungd.stderr)")
        #expect(try store.occurrences(in: [.expired]).first?.reason == "its window has passed")
        #expect(rungd.hookDeliveries().isEmpty)
        #expect(await rungd.stop() == 0)
    }

    @Test("quiet hours defer a debrief to their end while a reframe that would expire first comes on time inside them; status counts an answer given ahead of delivery as answered, not delivered")
    func quietHoursDefer() async throws {
        let rungd = try RungdHarness()
        // Quiet from the current minute to the next (or the one after, if that is too close).
        let now = Instant.now()
        let minute = now.seconds / 60 * 60
        let end = Instant(seconds: minute + (minute + 60 - now.seconds >= 25 ? 60 : 120))
        func clock(_ seconds: Int64) -> String { String(Self.timeOfDay(Instant(seconds: seconds)).prefix(5)) }
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 12))
            duration = "1s"

            [performance.meet]
            title = "Meetup"
            at = \(RungdHarness.tomlDate(secondsFromNow: 20))
            duration = "1h"

            [prompts.reframe]
            offset = "-5s"

            [prompts.debrief]
            offset = "+2s"
            """, rung: "quiet_hours = \"\(clock(minute))-\(clock(end.seconds))\"")
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let store = try Store(path: rungd.storePath)
        // Talk's reframe is answered ahead of time: it never goes out, and counts as answered.
        let upcoming = try await rungd.rungctl(["upcoming", "--json"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]], "\(upcoming.stderr)")
        let talkReframe = try #require(plan.first { $0["kind"] as? String == "reframe" && ($0["subject"] as? [String: Any])?["id"] as? String == "talk" }?["id"] as? String, "\(upcoming.stdout) \(rungd.stderr)")
        #expect(try await rungd.rungctl(["respond", talkReframe, "done"]).status == 0)
        // Upcoming shows the debrief at the end of the quiet hours.
        let talkDebrief = plan.first { $0["kind"] as? String == "debrief" && ($0["subject"] as? [String: Any])?["id"] as? String == "talk" && $0["renudge"] as? Bool == false }
        #expect((talkDebrief?["due"] as? String).flatMap { TimestampFormat.parseISO8601($0) } == end, "\(upcoming.stdout)")

        #expect(await eventually(timeout: .seconds(40)) { rungd.hookDeliveries().count >= 1 }, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().first?["kind"] as? String == "reframe")
        #expect(Instant.now() < end, "the reframe came inside the quiet hours")
        #expect(await eventually(timeout: .seconds(150)) { rungd.hookDeliveries().count == 2 }, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().last?["kind"] as? String == "debrief")
        let debriefID = try #require(rungd.hookDeliveries().last?["occurrence_id"] as? String)
        let attempt = try #require(try store.deliveries(of: debriefID).first)
        #expect(attempt.startedAt >= end && attempt.startedAt.microseconds - end.microseconds < 5_000_000, "debrief attempted at \(attempt.startedAt), quiet hours end \(end)")
        let status = try await rungd.rungctl(["status", "--json"])
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(counts["answered"] as? Int == 1)
        #expect(counts["delivered"] as? Int == 2)
        #expect(await rungd.stop() == 0)
    }

    @Test("a one-off performance already past: the warning says only prompts still ahead come; its affirmation comes, a re-nudge of a debrief never sent does not")
    func pastPerformanceOneRule() async throws {
        let rungd = try RungdHarness()
        // Started 10 min ago for 1 min: the debrief (2 min after the end) fell due before
        // rungd ever ran, so it was never sent; its re-nudge would fall 8 s from now, the
        // affirmation 5 s from now.
        let start = Instant(seconds: Instant.now().seconds - 600)
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(start))
            duration = "1min"
            observer = "Mira"

            [prompts.reframe]
            enabled = false

            [prompts.debrief]
            offset = "+2min"
            expires_after = "1h"
            renudge_after = "7min 8s"

            [prompts.affirmation]
            offset = "+9min 5s"
            """)
        let check = try await rungd.rungctl(["check-config"])
        #expect((check.stdout + check.stderr).contains("started in the past: of its prompts, only those still ahead (a debrief or affirmation within its window) will come"), "\(check.stdout)\(check.stderr)")
        #expect(try await rungd.startUntilReady(extraEnvironment: RungdHarness.passReports), "stderr: \(rungd.stderr)")
        let upcoming = try await rungd.rungctl(["upcoming", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]], "\(upcoming.stdout)")
        #expect(rows.compactMap { $0["kind"] as? String } == ["affirmation"], "upcoming promises only the affirmation: \(upcoming.stdout)")
        #expect(await eventually { rungd.hookDeliveries().count == 1 }, "stderr: \(rungd.stderr)")
        // Through the re-nudge's instant rungd has nothing to do: nothing more has come.
        let renudge = start.adding(microseconds: 608_000_000)
        #expect(await rungd.quietPass(through: renudge) != nil, "stderr: \(rungd.stderr)")
        #expect(rungd.hookDeliveries().compactMap { $0["kind"] as? String } == ["affirmation"], "\(rungd.hookDeliveries())")
        #expect(await rungd.stop() == 0)
    }
}

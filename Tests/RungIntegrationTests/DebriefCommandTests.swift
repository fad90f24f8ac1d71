import Foundation
import GRDB
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// `rungctl debrief`: the real binary against a temporary config and store, with rungd
/// stopped; the debrief prompt is put in the ledger as rungd would have delivered it.
@Suite("rungctl debrief end to end")
struct DebriefCommandTests {
    /// A retro on the talks ladder that ended an hour and a half ago, and a demo tomorrow.
    static func configure(_ rungd: RungdHarness) throws {
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "giving a talk"
            rungs = [
                { title = "Explain it to a friend", stakes = "low" },
                { title = "Stand-up update", stakes = "low" },
            ]

            [performance.retro]
            title = "Retro"
            ladder = "talks"
            rung = 2
            at = \(RungdHarness.tomlDate(secondsFromNow: -2 * 3600))
            duration = "30min"

            [performance.demo]
            title = "Team demo"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
    }

    /// The debrief prompt of `performance` the config plans within a day of now.
    static func plannedDebrief(_ rungd: RungdHarness, of performance: String) throws -> Occurrence {
        let config = try ConfigLoader.load(String(contentsOfFile: rungd.configPath, encoding: .utf8), path: rungd.configPath)
        let now = Instant.now()
        let day = Int64(TimeSpanUnit.day)
        let plan = Planner(config: config, systemZone: .utc).plan(from: now.adding(microseconds: -day), through: now.adding(microseconds: 2 * day))
        return try #require(plan.first { $0.kind == .debrief && $0.subject == .performance(performance) })
    }

    /// Puts the retro's debrief prompt in the ledger, delivered, and returns its id.
    static func deliveredDebrief(_ rungd: RungdHarness) throws -> String {
        let debrief = try plannedDebrief(rungd, of: "retro")
        let now = Instant.now()
        let store = try Store(path: rungd.storePath)
        try store.recordPlanned(OccurrenceRecord(planned: debrief, at: now))
        try store.setState(.delivered, ofOccurrence: debrief.id.rawValue, at: now)
        return debrief.id.rawValue
    }

    /// Records the prediction made before the retro, as `rungctl predict` would have.
    static func predicted(_ rungd: RungdHarness, id: String) async throws {
        let start = try #require(try Store(path: rungd.storePath).occurrence(id: id)?.performanceStart)
        try await DatabaseQueue(path: rungd.storePath).write { db in
            try db.execute(
                sql: "INSERT INTO prediction (performance, attempt_start, self_efficacy, fear, recorded_at) VALUES ('retro', ?, 40, 'I lose my place', ?)",
                arguments: [start, start.adding(microseconds: -3_600_000_000)])
        }
    }

    static func object(_ result: ProcessRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    @Test("flags alone debrief the latest delivered prompt, add the success to the evidence log, and only once")
    func scripted() async throws {
        let rungd = try RungdHarness()
        try Self.configure(rungd)
        let id = try Self.deliveredDebrief(rungd)
        try await Self.predicted(rungd, id: id)

        let missing = try await rungd.rungctl(["debrief", "--happened", "gave the retro summary without notes"])
        #expect(missing.status == 64, "\(missing.stderr)")
        #expect(missing.stderr.contains("Missing --outcome, --confidence"), "every missing flag is named: \(missing.stderr)")
        let offScale = try await rungd.rungctl(["debrief", "--outcome", "success", "--happened", "x", "--confidence", "120"])
        #expect(offScale.status == 64 && offScale.stderr.contains("--confidence: 120 is out of range"), "\(offScale.stderr)")

        let debriefed = try await rungd.rungctl([
            "debrief", "--json", "--outcome", "success", "--happened", "gave the retro summary without notes",
            "--why", "I rehearsed the opening twice", "--keep", "pause before answering", "--change", "open with the number",
            "--confidence", "70", "--feared-happened", "no", "--distress", "45", "--aids", "a card with three words",
        ])
        #expect(debriefed.status == 0, "\(debriefed.stderr)")
        let recorded = try Self.object(debriefed)
        #expect(recorded["occurrence_id"] as? String == id)
        #expect(recorded["skill"] as? String == "talks" && recorded["rung"] as? Int == 2 && recorded["outcome"] as? String == "success")
        #expect(recorded["self_efficacy"] as? Int == 70 && recorded["feared_happened"] as? Bool == false && recorded["distress"] as? Int == 45)
        #expect(recorded["planned"] as? String == "confidence 40; feared: I lose my place", "what was planned starts from the prediction")
        #expect(recorded["completed_at"] is String)
        #expect(recorded["evidence_id"] as? Int == 1)

        let store = try Store(path: rungd.storePath, access: .readOnly)
        let entry = try #require(try store.evidence(id: 1))
        #expect(entry.what == "gave the retro summary without notes" && entry.detail == "pause before answering")
        #expect(entry.source == .debrief(id: (recorded["id"] as? Int).map(Int64.init)) && entry.feared == "I lose my place" && entry.fearedHappened == false)
        #expect(entry.aids == "a card with three words" && entry.performance == "retro" && entry.rung == 2)
        #expect(try store.occurrence(id: id)?.state == .answered)

        let again = try await rungd.rungctl(["debrief", id, "--outcome", "miss", "--happened", "x", "--confidence", "10"])
        #expect(again.status == 1)
        #expect(again.stderr == "rungctl: error: the debrief of \(id) was already given; it stands as #1\n", "\(again.stderr)")
        let none = try await rungd.rungctl(["debrief", "--outcome", "miss", "--happened", "x", "--confidence", "10"])
        #expect(none.status == 1 && none.stderr.contains("rungctl debrief ID"), "\(none.stderr)")
        #expect(try store.evidenceCount() == 1)
    }

    @Test("a debrief the button started is completed in place, keeping the button's outcome")
    func completesTheButtonsOutcome() async throws {
        let rungd = try RungdHarness()
        try Self.configure(rungd)
        let id = try Self.deliveredDebrief(rungd)
        let button = try await rungd.rungctl(["respond", id, "partial"])
        #expect(button.status == 0, "\(button.stderr)")
        let started = try #require(try Store(path: rungd.storePath).debrief(answering: id))
        #expect(!started.isCompleted)

        let debriefed = try await rungd.rungctl(["debrief", "retro", "--happened", "answered one question, skipped the second", "--confidence", "55"])
        #expect(debriefed.status == 0, "\(debriefed.stderr)")
        #expect(debriefed.stdout.hasPrefix("Recorded the debrief of \(id) as #\(started.id ?? 0): partial, confidence 55 for next time; evidence #1"), "\(debriefed.stdout)")
        let completed = try #require(try Store(path: rungd.storePath).debrief(answering: id))
        #expect(completed.id == started.id && completed.recordedAt == started.recordedAt && completed.isCompleted)
        #expect(completed.outcome == .partial && completed.happened == "answered one question, skipped the second")
        #expect(try Store(path: rungd.storePath).debriefs(skill: "talks").count == 1)
    }

    @Test("a debrief before its performance ended is refused, and writes nothing")
    func tooEarly() async throws {
        let rungd = try RungdHarness()
        try Self.configure(rungd)
        let debrief = try Self.plannedDebrief(rungd, of: "demo").id.rawValue

        let early = try await rungd.rungctl(["debrief", debrief, "--outcome", "success", "--happened", "gave the demo", "--confidence", "60"])
        #expect(early.status == 1)
        #expect(early.stderr.hasPrefix("rungctl: error: the debrief \(debrief) asks about a performance that ends at "), "\(early.stderr)")
        #expect(early.stderr.hasSuffix("; answer it after that; nothing was recorded\n"), "\(early.stderr)")
        let byPerformance = try await rungd.rungctl(["debrief", "demo", "--outcome", "success", "--happened", "gave the demo", "--confidence", "60"])
        #expect(byPerformance.status == 1 && byPerformance.stderr.contains("rungctl debrief ID"), "\(byPerformance.stderr)")
        #expect(try Store(path: rungd.storePath).debriefs(skill: "demo").isEmpty)
    }

    @Test("at a terminal: one question at a time, defaults in brackets, a refused answer asked again, one follow-up")
    func interactive() async throws {
        let rungd = try RungdHarness()
        try Self.configure(rungd)
        let id = try Self.deliveredDebrief(rungd)
        try await Self.predicted(rungd, id: id)
        let answers = ["s", "", "went fine", "answered the first question without my notes", "rehearsed twice", "", "slow down", "eighty", "80", "y", ""]
        let session = try await CoachingCommandTests.onTerminal(rungd, ["debrief", id], input: answers.joined(separator: "\n") + "\n")
        #expect(session.status == 0, "\(session.stdout)")
        #expect(session.stdout.contains("What did you plan to do? [confidence 40; feared: I lose my place]"), "\(session.stdout)")
        #expect(session.stdout.contains("e.g. 'give the 3-minute update without notes'"), "each question shows its hint")
        #expect(session.stdout.contains(SpecificText.followUp), "\(session.stdout)")
        #expect(session.stdout.contains("'eighty' is not a whole number"), "\(session.stdout)")
        #expect(session.stdout.contains("Recorded the debrief of \(id)"), "\(session.stdout)")

        let debrief = try #require(try Store(path: rungd.storePath).debrief(answering: id))
        #expect(debrief.outcome == .success && debrief.planned == "confidence 40; feared: I lose my place")
        #expect(debrief.happened == "went fine; answered the first question without my notes")
        #expect(debrief.why == "rehearsed twice" && debrief.keep == "" && debrief.change == "slow down")
        #expect(debrief.selfEfficacy == 80 && debrief.fearedHappened == true && debrief.distress == nil)
    }

    /// Nothing of an unfinished debrief is in the store.
    static func expectNothingRecorded(_ rungd: RungdHarness, id: String) throws {
        let store = try Store(path: rungd.storePath)
        #expect(try store.debrief(answering: id) == nil)
        #expect(try store.evidenceCount() == 0)
        #expect(try store.occurrence(id: id)?.state == .delivered)
    }

    @Test("at a terminal, end of input part way records nothing")
    func endOfInput() async throws {
        let rungd = try RungdHarness()
        try Self.configure(rungd)
        let id = try Self.deliveredDebrief(rungd)
        let session = try await CoachingCommandTests.onTerminal(
            rungd, ["debrief", id, "--confidence", "50"], input: "success\n\ngave the retro summary standing up\n")
        #expect(session.status == 1, "\(session.stdout)")
        #expect(session.stdout.contains("rungctl: \u{1B}[1;31merror:\u{1B}[0m the debrief was not finished; nothing was recorded"), "on a terminal, error: is red: \(session.stdout)")
        try Self.expectNothingRecorded(rungd, id: id)
    }

    @Test("at a terminal, Ctrl-C part way records nothing")
    func interrupted() async throws {
        let rungd = try RungdHarness()
        try Self.configure(rungd)
        let id = try Self.deliveredDebrief(rungd)
        // Three answers typed at once, then Ctrl-C once the fourth question is on the
        // terminal (the session's transcript shows it): the terminal turns it into SIGINT.
        let transcript = rungd.root.appendingPathComponent("transcript").path
        let command = [ProcessRunner.product("rungctl"), "debrief", id, "--confidence", "50"].joined(separator: " ")
        let typist = """
            (printf 'success\\n\\ngave the retro summary standing up\\n'; n=0
             until grep -q 'Why did it go' '\(transcript)' 2>/dev/null || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done
             printf '\\003') | script -q -f -e -c '\(command)' '\(transcript)'
            """
        let session = try await ProcessRunner.runDetached("/bin/sh", ["-c", typist], environment: rungd.environment)
        #expect(session.status == 130, "killed by SIGINT: \(session.stdout)")
        #expect(session.stdout.contains("Why did it go that way?"), "interrupted after three answers: \(session.stdout)")
        try Self.expectNothingRecorded(rungd, id: id)
    }

    @Test("with rungd running, the debrief goes straight into the store and rungd sees its prompt answered")
    func withRungdRunning() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.pitch]
            title = "Pitch"
            at = \(RungdHarness.tomlDate(secondsFromNow: 2))
            duration = "1s"

            [prompts.debrief]
            offset = "0s"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let store = try Store(path: rungd.storePath, access: .readOnly)
        var delivered: OccurrenceRecord?
        _ = await eventually(timeout: .seconds(60)) {
            delivered = try? store.occurrences(in: [.delivered]).first { $0.kind == .debrief }
            return delivered != nil
        }
        let id = try #require(delivered?.id, "stderr: \(rungd.stderr)")

        let debriefed = try await rungd.rungctl(["debrief", "--outcome", "miss", "--happened", "froze after the first slide, then read from my notes", "--confidence", "35"])
        #expect(debriefed.status == 0, "\(debriefed.stderr)")
        #expect(debriefed.stdout == "Recorded the debrief of \(id) as #1: miss, confidence 35 for next time.\n", "a miss adds no evidence: \(debriefed.stdout)")
        #expect(try store.occurrence(id: id)?.state == .answered)
        #expect(try store.evidenceCount() == 0)
        #expect(await rungd.stop() == 0)
        #expect(try store.debrief(answering: id)?.isCompleted == true)
    }
}

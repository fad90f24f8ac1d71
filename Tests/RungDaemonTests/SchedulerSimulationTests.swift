import Foundation
import RungControl
import RungCore
import RungDelivery
import GRDB
@testable import RungStore
import RungTestSupport
import RungTime
import Testing
@testable import RungDaemon

/// A deterministic simulation of the scheduler under a manual clock: a random config and a
/// random life — time passing through every wake-up, answers, snoozes before and after
/// delivery and of everything, pauses and resumes, reloads that move instants forward,
/// backward and into the past, quiet hours switched on and off, channels that fail or cannot deliver, and
/// crashes followed by restarts on the same store. After each stretch of time it checks
/// the invariants (see `Run.check`); a failure names the seed and the steps that led to it.
///
/// Each step draws from a random source of its own (the seed and the step's number), so a
/// failing life can be shrunk: steps are left out one at a time while it still fails, and
/// the failure prints the few steps that remain, with how to replay just those.
///
/// `RUNG_SIMULATION_RUNS` sets how many seeds each shard runs (default 500, 4 shards: 2 000 seeds);
/// `RUNG_SIMULATION_SEED` replays one seed, and `RUNG_SIMULATION_STEPS` (step numbers, comma
/// separated) plays only those steps of it, as a shrunk reproduction says.
@Suite("Scheduler simulation")
struct SchedulerSimulationTests {
    static let shards = 4
    static var runsPerShard: Int { ProcessEnvironment.current["RUNG_SIMULATION_RUNS"].flatMap(Int.init) ?? 500 }

    @Test("every prompt is delivered once at its instant or ends in a final state, never in a pause, as upcoming said", arguments: 0..<shards)
    func simulate(shard: Int) async throws {
        let environment = ProcessEnvironment.current
        if let replay = environment["RUNG_SIMULATION_SEED"].flatMap(UInt64.init) {
            guard shard == 0 else { return }
            let steps = environment["RUNG_SIMULATION_STEPS"].map { Set($0.split(separator: ",").compactMap { Int($0) }) }
            try await Self.play(seed: replay, steps: steps)
            return
        }
        for index in 0..<Self.runsPerShard {
            let seed = UInt64(shard * 1_000_003 + index) &* 0x9E37_79B9
            try await Self.play(seed: seed)
        }
    }

    /// Plays one life; when it fails, shrinks it and records the failure of the smallest
    /// life found that still fails, with its steps and how to replay it.
    static func play(seed: UInt64, steps: Set<Int>? = nil) async throws {
        let failure: Run.Failure
        do {
            try await Run(seed: seed, playing: steps).play()
            return
        } catch let caught as Run.Failure {
            failure = caught
        }
        let played = steps ?? Set(0..<failure.stepCount)
        var smallest = (steps: played, failure: failure)
        // Leave out each step in turn, latest first, keeping every omission after which the
        // life still fails (in any way: a smaller life may show the bug differently).
        for step in played.sorted().reversed() {
            let candidate = smallest.steps.subtracting([step])
            do {
                try await Run(seed: seed, playing: candidate).play()
            } catch let shrunk as Run.Failure {
                smallest = (candidate, shrunk)
            }
        }
        let kept = smallest.steps.sorted().map(String.init).joined(separator: ",")
        Issue.record("""
            \(smallest.failure.description)
            seed \(seed), shrunk from \(played.count) steps to \(smallest.steps.count) \
            (replay: RUNG_SIMULATION_SEED=\(seed) RUNG_SIMULATION_STEPS=\(kept) swift test --filter SchedulerSimulationTests):
              \(smallest.failure.steps.joined(separator: "\n  "))
            last log lines:
            \(smallest.failure.journal)
            the life before shrinking failed with: \(failure.description)
            """)
        throw smallest.failure
    }
}

/// One seeded life of a scheduler.
private final class Run: @unchecked Sendable {
    // Safe: a run belongs to one test task and is used from it only.
    /// 2027-03-12T00:00:00Z: the six simulated days cross New York's change to summer time.
    static let start = Instant(seconds: 1_804_896_000)
    static let minute: Int64 = 60_000_000

    let seed: UInt64
    /// The steps played (by number), when a failing life is shrunk; nil: all of them.
    let playing: Set<Int>?
    /// The source the current step draws from.
    var random: SplitMix64
    let directory: String
    let store: Store
    let clock = ManualClock(Run.start)
    let log = LogRecorder()
    /// How often the scheduler asked its loop to run again, as rungd's loop would.
    let wakes = OutboxTests.WakeCounter()
    var channels: ScriptedChannels!
    var scheduler: Scheduler!
    var config: Config!
    /// What happened, for the reproduction a failure prints; `#N:` starts step N.
    var steps: [String] = []
    /// How many steps the life has (set when it starts to play).
    var stepCount = 0
    /// Pauses as the test made them: who, from, until (after a resume, its instant).
    var pauses: [(subject: PlanSubject?, start: Instant, end: Instant)] = []
    /// The instant of each accepted snooze, by occurrence.
    var snoozes: [String: [Instant]] = [:]
    /// How many hung attempts a crash has cut off so far.
    var hangsSeen = 0
    /// Where the performance is, in minutes from `start` (reloads move it).
    var performanceMinute: Int64 = 0

    init(seed: UInt64, playing: Set<Int>? = nil) throws {
        self.seed = seed
        self.playing = playing
        random = SplitMix64(seed: seed)
        // In memory where the machine has it: thousands of runs, each of many transactions.
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        directory = base + "rung-simulation-\(seed)-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store(path: directory + "/rung.sqlite3")
        try store.recordPass(at: Run.start)
        channels = ScriptedChannels(scripts: [:], clock: clock)
        performanceMinute = Int64.random(in: 120...2400, using: &random)
        config = try makeConfig()
        scheduler = try makeScheduler()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var now: Instant { clock.now() }

    func makeScheduler() throws -> Scheduler {
        let (clock, channels) = (clock, channels!)
        return try Scheduler(
            config: config, configPath: directory + "/rung.toml", store: store, systemZone: .utc,
            clock: { clock.now() }, logger: log.logger, wake: { [wakes] in wakes.count() },
            environment: DeliveryEnvironment(
                makeChannel: { channels.make($0, events: $1) }, sleep: { clock.advance(by: $0) },
                random: { 0.5 }, retryPolicy: RetryPolicy()))
    }

    /// A config with the same subjects and random timing.
    func makeConfig() throws -> Config {
        let at = Run.start.adding(microseconds: performanceMinute * Run.minute)
        let quiet = Bool.random(using: &random) ? "quiet_hours = \"\(String(format: "%02d", Int.random(in: 18...23, using: &random))):00-0\(Int.random(in: 5...8, using: &random)):30\"" : ""
        let step = [2, 3, 5, 8][Int.random(in: 0...3, using: &random)]
        let zone = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"][Int.random(in: 0...3, using: &random)]
        let text = """
            [rung]
            timezone = "\(zone)"
            channels = ["desk", "mail"]
            \(quiet)

            [channel.desk]
            kind = "desktop"

            [channel.mail]
            kind = "email"
            to = "ana@example.org"

            [performance.talk]
            title = "Team talk"
            ladder = "talks"
            rung = 5
            stakes = "high"
            at = \(TimestampFormat.iso8601(at, in: .utc))
            duration = "\(Int.random(in: 10...90, using: &random))min"

            [ladder.talks]
            skill = "talks"
            check_in = "*-*-* 00/\(step):\(String(format: "%02d", Int.random(in: 0...59, using: &random)))"
            rungs = [
                { title = "Friend", stakes = "low" }, { title = "Stand-up", stakes = "low" },
                { title = "Team demo", stakes = "medium" }, { title = "Department", stakes = "medium" },
                { title = "Conference", stakes = "high" },
            ]

            [prompts.debrief]
            offset = "\(Int.random(in: 0...30, using: &random))min"
            renudge_after = "\(Int.random(in: 60...180, using: &random))min"
            \(Bool.random(using: &random) ? "escalate_after = \"\(Int.random(in: 20...50, using: &random))min\"" : "")

            [prompts.check_in]
            expires_after = "\(Int.random(in: 1...6, using: &random))h"
            """
        return try ConfigLoader.load(text, path: "rung.toml")
    }

    func play() async throws {
        stepCount = Int.random(in: 20...50, using: &random)
        for step in 0..<stepCount {
            // A source of the step's own: leaving a step out changes no other.
            random = SplitMix64(seed: seed ^ (UInt64(step + 1) &* 0xD1B5_4A32_D192_ED03))
            let roll = Int.random(in: 0..<100, using: &random)
            guard playing?.contains(step) ?? true else { continue }
            steps.append("#\(step):")
            switch roll {
            case 0..<45: try await advance(to: now.adding(microseconds: Int64.random(in: 1...300, using: &random) * Run.minute))
            case 45..<55: try await answer()
            case 55..<67: await snooze()
            case 67..<75: await pause()
            case 75..<80: await resume()
            case 80..<88: try await reload()
            case 88..<94: try await crash()
            case 94..<97: trouble()
            default:
                steps.append("desk's next attempt hangs until a crash")
                channels.hangNextAttempt(on: "desk")
            }
        }
        steps.append("#end:")
        // Long after everything: nothing whose window has closed may still wait (a
        // recurring check-in keeps coming; the latest may rightly wait for quiet hours).
        try await advance(to: Run.start.adding(microseconds: 6 * 1440 * Run.minute))
        let stuck = try store.occurrences(in: [.planned, .snoozed, .delivering]).filter { ($0.expiresAt ?? $0.dueAt) <= now }
        try expect(stuck.isEmpty, "prompts still waiting long after they expired: \(stuck.map { "\($0.id) \($0.kind.rawValue) \($0.state.rawValue) due \($0.dueAt)" })")
        for record in try store.occurrences(in: Set(OccurrenceRecord.State.allCases)) {
            let sent = try store.deliveries(of: record.id).filter { $0.outcome == .sent && $0.purpose != .escalation }
            try expect(sent.count <= 1 + (snoozes[record.id]?.count ?? 0), "\(record.id) was sent \(sent.count) times with \(snoozes[record.id]?.count ?? 0) snooze(s)")
        }
    }

    // MARK: - Events

    /// Moves the clock to `target` through every instant the scheduler asked to wake at,
    /// then checks that what `upcoming` showed for that stretch is what was attempted.
    func advance(to target: Instant) async throws {
        steps.append("advance to \(target)")
        let before = now
        let promised = await scheduler.upcomingOccurrences(from: before, through: target).filter { $0.due > before }
        let attemptedBefore = try firstAttempts()
        var next = try await pass()
        while next <= target {
            clock.set(next)
            next = try await pass()
        }
        clock.set(target)
        _ = try await pass()
        try check(promised: promised, from: before, through: target, attemptedBefore: attemptedBefore)
    }

    /// One pass, the deliveries it started run to their end, and again at the same
    /// instant as long as the scheduler asks its loop to run (as rungd's loop does when a
    /// delivery ends or a control request changed the plan).
    /// An attempt that hangs is cut off by a crash and a restart, at once.
    func pass() async throws -> Instant {
        var next: Instant
        repeat {
            let asked = wakes.value
            next = await scheduler.runDue()
            if try await settle() { continue }
            if wakes.value == asked { return next }
        } while true
    }

    /// Waits for the deliveries under way to end; when one hangs, crashes and restarts
    /// (returning true: the restarted scheduler is to pass again).
    func settle() async throws -> Bool {
        while await !scheduler.inFlight.isEmpty {
            if channels.hanging > hangsSeen {
                // The crash comes when the hung attempt is the only one under way: the
                // dropped scheduler's other deliveries would otherwise go on writing the
                // ledger beside the restarted one, which no crashed process does.
                var yields = 0
                while case let underWay = await scheduler.inFlight, underWay.count > channels.hanging - hangsSeen {
                    yields += 1
                    try expect(yields < 1_000_000, "deliveries beside a hung attempt never ended: \(underWay)")
                    await Task.yield()
                }
                hangsSeen = channels.hanging
                steps.append("crash in the middle of an attempt at \(now)")
                scheduler = try makeScheduler()
                await scheduler.recoverInterruptedDeliveries()
                _ = try await settle()
                return true
            }
            await Task.yield()
        }
        return false
    }

    /// Answers a delivered prompt with one of its kind's own answers (a check-in's climb,
    /// hold or step back; a debrief's outcome) or `done`, as a button would. An answer the
    /// store accepts for a check-in moves the ladder exactly once; nothing else moves it.
    func answer() async throws {
        guard let record = try? store.occurrences(in: [.delivered, .failed]).randomElement(using: &random) else { return }
        let own: [String] = switch record.kind {
        case .checkIn: LadderStep.allCases.map(\.rawValue)
        case .debrief: Debrief.Outcome.allCases.map(\.rawValue)
        default: []
        }
        let answer = (own + ["done"]).randomElement(using: &random)!
        steps.append("answer \(record.id) (\(record.kind.rawValue)) \(answer) at \(now)")
        let movesBefore = try store.ladderHistory("talks").count { $0.kind != .start }
        await scheduler.handle(.answered(occurrenceID: record.id, answer: answer, channel: "desk"))
        let accepted = try store.standingResponse(to: record.id)?.answer == answer
        let movesAfter = try store.ladderHistory("talks").count { $0.kind != .start }
        let moves = record.kind == .checkIn && accepted && LadderStep(rawValue: answer) != nil ? 1 : 0
        try expect(movesAfter - movesBefore == moves, "answering \(record.id) \(answer) made \(movesAfter - movesBefore) ladder moves, not \(moves)")
        try checkLadder()
    }

    /// The ladder stands where its moves lead, on one of its rungs.
    func checkLadder() throws {
        let moves = try store.ladderHistory("talks")
        let position = try store.ladderPosition("talks")
        try expect(position?.rung == moves.last?.toRung, "ladder position \(String(describing: position?.rung)) is not where its last move led, \(String(describing: moves.last?.toRung))")
        for move in moves {
            try expect((1...5).contains(move.toRung), "a move led to rung \(move.toRung) of 5")
            if let from = move.fromRung {
                let fits = switch move.kind {
                case .climb: move.toRung == from + 1
                case .hold, .start: move.toRung == from
                case .stepBack: move.toRung == from - 1
                }
                try expect(fits, "a \(move.kind.rawValue) led from rung \(from) to \(move.toRung)")
            }
        }
    }

    func snooze() async {
        if Int.random(in: 0..<4, using: &random) == 0 {
            // Everything: one record; the prompts delivered and unanswered come again.
            let seconds = Int64.random(in: 60...14_400, using: &random)
            let reply = await scheduler.snooze(["all": .bool(true), "seconds": .integer(seconds)])
            let again = (reply.parameters?["snoozed"]?.array ?? []).compactMap(\.string)
            steps.append("snooze everything for \(seconds) s at \(now): \(reply.error ?? "ok, again: \(again)")")
            for id in again { snoozes[id, default: []].append(now) }
            return
        }
        let delivered = ((try? store.occurrences(in: [.delivered])) ?? []).map(\.id)
        let coming = await scheduler.upcomingOccurrences(from: now, through: now.adding(microseconds: 1440 * Run.minute)).prefix(6).map(\.id.rawValue)
        guard let id = (delivered + coming).randomElement(using: &random) else { return }
        let seconds = Int64.random(in: 60...14_400, using: &random)
        let reply = await scheduler.snooze(["occurrence": .string(id), "seconds": .integer(seconds)])
        steps.append("snooze \(id) for \(seconds) s at \(now): \(reply.error ?? "ok")")
        if reply.error == nil { snoozes[id, default: []].append(now) }
    }

    func pause() async {
        let seconds = Int64.random(in: 300...20_000, using: &random)
        let subject: PlanSubject? = [nil, .performance("talk"), .ladder("talks")][Int.random(in: 0...2, using: &random)]
        var parameters: [String: JSONValue] = ["seconds": .integer(seconds)]
        if let subject { parameters["subject"] = .string(subject.description) }
        _ = await scheduler.pause(parameters)
        steps.append("pause \(subject?.description ?? "everything") for \(seconds) s at \(now)")
        pauses.append((subject, now, now.adding(microseconds: seconds * 1_000_000)))
    }

    func resume() async {
        _ = await scheduler.resume([:])
        steps.append("resume at \(now)")
        pauses = pauses.map { ($0.subject, $0.start, $0.end > now ? max(now, $0.start) : $0.end) }
    }

    func reload() async throws {
        performanceMinute += Int64.random(in: -600...600, using: &random)
        config = try makeConfig()
        steps.append("reload at \(now): talk at minute \(performanceMinute), zone \(config.timeZone?.name ?? "system"), quiet \(config.quietHours.map { "\($0)" } ?? "none")")
        await scheduler.replace(config: config)
    }

    func crash() async throws {
        steps.append("crash and restart at \(now)")
        scheduler = try makeScheduler()
        await scheduler.recoverInterruptedDeliveries()
        _ = try await settle()
    }

    func trouble() {
        let outcome: DeliveryOutcome = Bool.random(using: &random)
            ? .failed(reason: "no such user", retryable: false) : .unavailable(reason: "no notification server")
        steps.append("desk will answer \(outcome)")
        channels.enqueue(outcome, on: "desk")
    }

    // MARK: - Invariants

    /// The first attempt of each prompt, by occurrence id.
    func firstAttempts() throws -> [String: Delivery] {
        let attempts = try store.pool.read { db in
            try Delivery.fetchAll(db, sql: """
                SELECT * FROM delivery WHERE id IN (
                    SELECT min(id) FROM delivery WHERE purpose <> 'escalation' GROUP BY occurrence_id)
                """)
        }
        return Dictionary(uniqueKeysWithValues: attempts.map { ($0.occurrenceID, $0) })
    }

    /// Within one stretch nobody acts, so the stretch must go as `upcoming` said at its
    /// start: each prompt it showed is attempted at exactly its instant, or ends missed or
    /// expired (a check-in another replaces, a re-nudge not needed); nothing it did not
    /// show is attempted; and nothing is sent while a pause covers its subject.
    func check(promised: [Occurrence], from: Instant, through: Instant, attemptedBefore: [String: Delivery]) throws {
        let attempts = try firstAttempts()
        let promisedIDs = Set(promised.map(\.id.rawValue))
        for occurrence in promised where occurrence.due <= through {
            let id = occurrence.id.rawValue
            let state = try store.occurrence(id: id)?.state
            let record = try store.occurrence(id: id)
            // Settled for a reason of its own: fine. Expired because its window passed:
            // upcoming promised it for an instant inside its window, so that is a bug.
            if let record, Self.settledForItsOwnReason(record, isRenudge: occurrence.follows != nil) { continue }
            let latest = try store.deliveries(of: id).filter { $0.purpose != .escalation && $0.startedAt > from }.first
            try expect(latest?.startedAt == occurrence.due, "\(id) (\(occurrence.kind.rawValue)) was promised for \(occurrence.due) and first attempted at \(latest.map { "\($0.startedAt)" } ?? "never") in this stretch; it is \(state?.rawValue ?? "unrecorded") (\(record?.reason ?? ""))")
        }
        for (id, attempt) in attempts where attemptedBefore[id] == nil && attempt.startedAt > from {
            let record = try store.occurrence(id: id)
            try expect(promisedIDs.contains(id), "\(id) (\(record?.kind.rawValue ?? "?"), scheduled \(record?.scheduledAt.map { "\($0)" } ?? "?"), \(record?.state.rawValue ?? "?")) was attempted at \(attempt.startedAt) though upcoming did not show it")
        }
        let sent = try store.pool.read { db in
            try Delivery.fetchAll(db, sql: "SELECT * FROM delivery WHERE started_at > ? AND outcome = 'sent'", arguments: [from])
        }
        for attempt in sent {
            guard let record = try store.occurrence(id: attempt.occurrenceID), let subject = PlanSubject(parsing: record.subject) else { continue }
            let covering = pauses.first { ($0.subject == nil || $0.subject == subject) && $0.start <= attempt.startedAt && attempt.startedAt < $0.end }
            try expect(covering == nil, "\(record.id) (\(record.kind.rawValue), \(attempt.purpose.rawValue) attempt, scheduled \(record.scheduledAt.map { "\($0)" } ?? "?"), due \(record.dueAt)) was sent at \(attempt.startedAt), inside a pause from \(covering!.start) to \(covering!.end)")
        }
    }

    /// Whether `record`, promised by `upcoming` and not attempted, was settled for a reason
    /// only its kind can have: a check-in a later one replaces, a prompt before a
    /// performance that has begun (a rehearsal too), a re-nudge its debrief made needless.
    static func settledForItsOwnReason(_ record: OccurrenceRecord, isRenudge: Bool) -> Bool {
        switch (record.state, record.reason) {
        case (.missed, "a later check-in replaces it"?): record.kind == .checkIn
        case (.missed, "its performance has begun"?): record.kind == .vicarious || record.kind == .reframe || record.kind == .rehearsal
        case (.expired, let reason): isRenudge && reason != "its window has passed"
        default: false
        }
    }

    /// A broken invariant, with what the life did up to it.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// The steps played, each after its `#N:`.
        let steps: [String]
        let stepCount: Int
        /// The scheduler's last log lines.
        let journal: String
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard !condition else { return }
        let journal = log.all.suffix(15).map { "  \($0.level): \($0.message)" }.joined(separator: "\n")
        throw Failure(description: message(), steps: Self.grouped(steps), stepCount: stepCount, journal: journal)
    }

    /// The steps, one line for each: `#N:` followed by what it did.
    static func grouped(_ steps: [String]) -> [String] {
        var lines: [String] = []
        for step in steps {
            if step.hasPrefix("#") || lines.isEmpty { lines.append(step) } else { lines[lines.count - 1] += " " + step }
        }
        return lines
    }
}

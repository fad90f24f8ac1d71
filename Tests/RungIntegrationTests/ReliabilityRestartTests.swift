import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// The real rungd killed and restarted again and again while prompts fall due and answers
/// come in: nothing acknowledged is lost, the store stays sound, a prompt comes twice only
/// when rungd logged that it might, and every prompt ends as its kind's rule says. The scale
/// is set by `ReliabilityScale`; the figures are printed for BENCHMARKS.md.
@Suite("Reliability: kills and restarts", .serialized)
struct ReliabilityRestartTests {
    @Test("SIGKILLs during a burst of deliveries and answers lose no acknowledged write and duplicate only logged prompts")
    func killsDuringBurst() async throws {
        let kills = ReliabilityScale.kills
        let rungd = try RungdHarness()
        let start = Instant(seconds: Instant.now().seconds + 4)
        // Two prompts a second (a debrief and an affirmation) for longer than the kills take.
        let performances = (0..<(kills * 2 + 20)).map { reliabilityPerformance("p\($0)", at: start.adding(microseconds: Int64($0) * 1_000_000)) }
        try rungd.writeConfig("""
            [ladder.talks]
            skill = "talks"
            rungs = [{ title = "Friend", stakes = "low" }]

            \(performances.joined(separator: "\n"))
            \(reliabilityBurstPrompts)
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let began = ContinuousClock.now
        var log = ""
        let answers = AcknowledgedWrites()
        let answering = Task { await Self.answer(rungd, into: answers) }
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_RELIABILITY_SEED")
        var random = SplitMix64(seed: seed)
        while Instant.now() < start { try await Task.sleep(for: .milliseconds(100)) }
        for _ in 0..<kills {
            try await Task.sleep(for: .milliseconds(200 + Int(random.next() % 1300)))
            await rungd.killAndWait()
            #expect(try await rungd.restart(keepingLogIn: &log), "stderr: \(rungd.crashSummary)")
        }
        answers.stop()
        await answering.value
        let end = Instant.now()
        #expect(await rungd.waitUntilSettled(dueBefore: end), "stderr: \(rungd.crashSummary)")
        #expect(await rungd.stop() == 0)
        log += rungd.stderr

        let store = try Store(path: rungd.storePath)
        #expect(try store.integrityCheck() == ["ok"])
        var lost: [String] = []
        for (id, note) in answers.answers where try store.standingResponse(to: id)?.note != note {
            lost.append("answer to \(id)")
        }
        let stored = Set(try store.evidence(skill: "talks").map(\.what))
        lost += answers.evidence.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged writes lost: \(lost)")
        let record = try DeliveryRecord(rungd, log: log)
        let unlogged = try record.unloggedDuplicates.map { id in
            let attempts = try store.deliveries(of: id).map { "\($0.purpose) \($0.outcome?.rawValue ?? "unfinished")" }
            let lines = log.split(separator: "\n").filter { $0.contains(id) }.map { $0.suffix(160) }
            return "\(id): attempts \(attempts); log: \(lines.joined(separator: " | "))"
        }
        #expect(unlogged.isEmpty, "delivered twice without a log line: \(unlogged)")
        #expect(record.unsettled(dueBefore: end).isEmpty)
        let delivered = record.ledger.filter { $0.dueAt < end && [.delivered, .answered].contains($0.state) }
        #expect(delivered.allSatisfy { record.received[$0.id, default: 0] >= 1 }, "a prompt the ledger calls delivered never reached the hook")
        ReliabilityScale.report("kills during a burst", [
            "seed": seed, "kills": kills, "deliveries": record.received.values.reduce(0, +), "prompts due": record.ledger.filter { $0.dueAt < end }.count,
            "acknowledged answers": answers.answers.count, "acknowledged evidence": answers.evidence.count, "lost": lost.count,
            "duplicates (all logged)": record.duplicates.count, "given up after two crashes": record.ledger.filter { $0.state == .failed }.count,
            "integrity_check": "ok", "seconds": (ContinuousClock.now - began).components.seconds,
        ])
    }

    /// Answers delivered prompts and adds evidence through rungctl until `writes` is stopped,
    /// keeping what rungctl acknowledged (exit 0); rungd may be down at any moment.
    static func answer(_ rungd: RungdHarness, into writes: AcknowledgedWrites) async {
        var answered = Set<String>()
        var count = 0
        while !writes.isStopped {
            count += 1
            let evidence = "entry \(count)"
            if let added = try? await rungd.rungctl(["evidence", "add", "--skill", "talks", evidence]), added.status == 0 {
                writes.add(evidence: evidence)
            }
            let pending = rungd.hookDeliveries().compactMap { delivery -> (String, String)? in
                guard let id = delivery["occurrence_id"] as? String, !answered.contains(id) else { return nil }
                return (id, delivery["kind"] as? String == "debrief" ? "success" : "done")
            }
            guard let (id, answer) = pending.first else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            answered.insert(id)
            let note = "note \(count)"
            if let response = try? await rungd.rungctl(["respond", id, answer, "--note", note]), response.status == 0 {
                writes.add(answer: note, to: id)
            }
        }
    }

    @Test("random restarts across an accelerated day: every prompt delivered once, or in the final state its kind's rule gives")
    func restartsAcrossADay() async throws {
        let restarts = ReliabilityScale.restarts
        let rungd = try RungdHarness()
        // A day of practice in a few minutes: a performance every 6 s, each with a vicarious
        // prompt, a reframe, a debrief and an affirmation, and a check-in every 20 s.
        let start = Instant(seconds: Instant.now().seconds + 10)
        let dayLength = Int64(restarts * 3 + 20)
        let performances = stride(from: 0, to: dayLength - 8, by: 6).map {
            reliabilityPerformance("p\($0)", at: start.adding(microseconds: $0 * 1_000_000), peer: true)
        }
        // A ladder's check-in may come at most hourly, so the day's check-ins, every 20 s, are
        // one ladder each, on its own minute and second of the hour (the day is under an hour).
        let ladders = stride(from: Int64(0), to: dayLength, by: 20).map { offset in
            let instant = TimestampFormat.iso8601(start.adding(microseconds: offset * 1_000_000), in: .utc)
            let minuteAndSecond = instant.dropFirst(14).prefix(5)
            return """
                [ladder.talks\(offset)]
                skill = "talks"
                check_in = "*-*-* *:\(minuteAndSecond) UTC"
                rungs = [{ title = "Friend", stakes = "low" }]

                """
        }
        try rungd.writeConfig("""
            \(ladders.joined(separator: "\n"))

            \(performances.joined(separator: "\n"))
            [prompts.vicarious]
            offset = "-4s"
            expires_after = "3s"

            [prompts.reframe]
            offset = "-2s"
            expires_after = "1s"

            [prompts.debrief]
            offset = "+1s"
            expires_after = "5s"
            renudge_after = "0"
            escalate_after = "0"

            [prompts.affirmation]
            offset = "+2s"
            expires_after = "5s"

            [prompts.check_in]
            expires_after = "10s"
            escalate_after = "0"
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let dayEnd = start.adding(microseconds: dayLength * 1_000_000)
        let planned = try await plannedIDs(rungd, before: dayEnd)
        let began = ContinuousClock.now
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_RELIABILITY_SEED")
        var random = SplitMix64(seed: seed)
        // When rungd was surely running: from a second after READY to a second before it stopped.
        var up: [ClosedRange<Instant>] = []
        var upSince = Instant.now()
        var log = ""
        var stops = (kills: 0, terms: 0)
        for _ in 0..<restarts {
            try await Task.sleep(for: .milliseconds(500 + Int(random.next() % 2000)))
            let (surelyUp, stopping) = (upSince.adding(microseconds: 1_000_000), Instant.now().adding(microseconds: -1_000_000))
            if surelyUp <= stopping { up.append(surelyUp...stopping) }
            if random.next() % 2 == 0 {
                await rungd.killAndWait()
                stops.kills += 1
            } else {
                #expect(await rungd.stop() == 0, "stderr: \(rungd.crashSummary)")
                stops.terms += 1
            }
            try await Task.sleep(for: .milliseconds(Int(random.next() % 3000)))
            #expect(try await rungd.restart(keepingLogIn: &log), "stderr: \(rungd.crashSummary)")
            upSince = Instant.now()
        }
        while Instant.now() < dayEnd { try await Task.sleep(for: .milliseconds(500)) }
        if upSince.adding(microseconds: 1_000_000) <= Instant.now() { up.append(upSince.adding(microseconds: 1_000_000)...Instant.now()) }
        #expect(await rungd.waitUntilSettled(dueBefore: dayEnd), "stderr: \(rungd.crashSummary)")
        #expect(await rungd.stop() == 0)
        log += rungd.stderr

        let record = try DeliveryRecord(rungd, log: log)
        var problems: [String] = []
        let day = record.ledger.filter { $0.dueAt < dayEnd }
        for line in day {
            let received = record.received[line.id, default: 0]
            let dueWhileUp = up.contains { $0.contains(line.dueAt) }
            switch line.state {
            case .delivered, .answered:
                if received == 0 { problems.append("\(line.kind) \(line.id) is \(line.state) but never reached the hook") }
                if received > 1, !record.loggedAgain.contains(line.id) { problems.append("\(line.kind) \(line.id) came \(received) times") }
            case .missed:
                if ![.vicarious, .reframe, .checkIn].contains(line.kind) { problems.append("\(line.kind) \(line.id) missed: its kind is caught up") }
                if dueWhileUp { problems.append("\(line.kind) \(line.id) missed though due while rungd ran") }
            case .expired:
                if dueWhileUp { problems.append("\(line.kind) \(line.id) expired though due while rungd ran") }
            case .failed:
                // Given up after being cut off by two crashes: each of them logged the attempt.
                if !record.givenUp.contains(line.id) { problems.append("\(line.kind) \(line.id) failed without being given up after crashes") }
            case .planned, .snoozed, .delivering, .paused:
                problems.append("\(line.kind) \(line.id) still \(line.state) after the day")
            }
            if line.state.isFinal, line.state != .answered, received > 1 { problems.append("\(line.kind) \(line.id) \(line.state) yet came \(received) times") }
        }
        let forgotten = planned.subtracting(record.ledger.map(\.id))
        #expect(forgotten.isEmpty, "planned prompts that never entered the ledger: \(forgotten.sorted())")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(day.count >= performances.count * 4)
        var states: [String: Int] = [:]
        for line in day { states[line.state.rawValue, default: 0] += 1 }
        ReliabilityScale.report("restarts across an accelerated day", [
            "seed": seed, "restarts": restarts, "SIGKILL": stops.kills, "SIGTERM": stops.terms, "prompts": day.count,
            "states": states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: " "),
            "duplicates (all logged)": record.duplicates.count, "broken rules": problems.count,
            "seconds": (ContinuousClock.now - began).components.seconds,
        ])
    }
}

/// The writes rungctl acknowledged while rungd was being killed, gathered by the answering
/// task and read by the test once it has stopped.
final class AcknowledgedWrites: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var stopped = false
    private var answersByID: [String: String] = [:]
    private var evidenceTexts: [String] = []

    var isStopped: Bool { lock.withLock { stopped } }
    var answers: [String: String] { lock.withLock { answersByID } }
    var evidence: [String] { lock.withLock { evidenceTexts } }

    func stop() { lock.withLock { stopped = true } }
    func add(answer note: String, to id: String) { lock.withLock { answersByID[id] = note } }
    func add(evidence text: String) { lock.withLock { evidenceTexts.append(text) } }
}

import Foundation
import Glibc
import RungControl
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// The real rungd under load: many prompts due at once through channels that fail, hang and
/// recover, and many control clients at once. The scale is set by `ReliabilityScale`.
@Suite("Reliability: load", .serialized)
struct ReliabilityLoadTests {
    @Test("prompts due at once through a channel that fails, hangs or succeeds at random all arrive exactly once")
    func deliveryFaultsUnderLoad() async throws {
        let prompts = ReliabilityScale.prompts
        let rungd = try RungdHarness()
        // Each attempt of the flaky hook picks at random: success, a temporary failure (75),
        // a permanent one (1), or a hang past its timeout. The backup hook always works. Both
        // log a prompt only when they take it.
        let taken = rungd.root.appendingPathComponent("taken.jsonl").path
        for (name, behaviour) in [
            ("flaky", #"case $(( $(od -An -N1 -tu1 /dev/urandom) % 4 )) in 0) ;; 1) exit 75 ;; 2) exit 1 ;; 3) sleep 30 ;; esac"#),
            ("backup", ""),
        ] {
            try rungd.writeHook(name, behaviour + "\nprintf '%s\\n' \"$line\" >> '\(taken)'")
        }
        let start = Instant(seconds: Instant.now().seconds + 5)
        let performances = (0..<(prompts + 1) / 2).map { reliabilityPerformance("p\($0)", at: start) }
        // A hook that logs and then is slow to exit past its time-out is killed and its prompt
        // tried again (at least once, by design): 5 s keeps that out of reach of a loaded
        // machine, where 2 s once failed a backup hook that had already logged its prompt.
        try rungd.writeConfig(chain: ["flaky", "backup"], timeout: "5s", """
            \(performances.joined(separator: "\n"))
            \(reliabilityBurstPrompts)
            """)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let began = ContinuousClock.now
        while Instant.now() < start.adding(microseconds: 2_000_000) { try await Task.sleep(for: .milliseconds(200)) }
        let due = try await rungd.waitUntilSettled(dueBefore: Instant.now(), timeout: .seconds(600))
        #expect(due, "stderr: \(rungd.crashSummary)")
        #expect(await eventually(timeout: .seconds(120)) {
            (try? Store(path: rungd.storePath).occurrences(in: [.delivered]).count) == performances.count * 2
        }, "stderr: \(rungd.crashSummary)")
        let settled = ContinuousClock.now - began
        let store = try Store(path: rungd.storePath)
        let ledger = try store.occurrences(in: Set(OccurrenceRecord.State.allCases))
        let takenIDs = (try? String(contentsOfFile: taken, encoding: .utf8))?.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["occurrence_id"] as? String
        } ?? []
        var takenCount: [String: Int] = [:]
        for id in takenIDs { takenCount[id, default: 0] += 1 }
        #expect(ledger.count == performances.count * 2)
        #expect(ledger.allSatisfy { $0.state == .delivered }, "\(ledger.filter { $0.state != .delivered }.map { "\($0.id) \($0.state)" })")
        #expect(ledger.allSatisfy { takenCount[$0.id] == 1 }, "taken other than once: \(takenCount.filter { $0.value != 1 })")
        let attempts = try ledger.flatMap { try store.deliveries(of: $0.id) }
        #expect(await rungd.stop() == 0)
        ReliabilityScale.report("delivery faults under load", [
            "prompts": ledger.count, "attempts": attempts.count,
            "taken by the backup hook": Set(rungd.deliveries(toHook: "backup").compactMap { $0["occurrence_id"] as? String }).count,
            "delivered once": takenCount.values.filter { $0 == 1 }.count, "seconds to settle": settled.components.seconds,
        ])
    }

    @Test("many control clients at once: each gets a reply or a clean refusal, rungctl still answers, nothing leaks")
    func concurrentClients() async throws {
        let clients = ReliabilityScale.clients
        let rungd = try RungdHarness()
        try rungd.writeConfig(reliabilityPerformance("talk", at: Instant(seconds: Instant.now().seconds + 86_400)))
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let baseline = rungd.openDescriptors()
        let socket = rungd.runtimeDirectory + "/rung/control"
        let began = ContinuousClock.now
        // Half the clients call Status; the other half connect and say nothing.
        let call = try VarlinkFraming.encode(VarlinkCall(method: ControlInterface.Method.status.qualifiedName))
        let held = try await HeldControlClients(clients, to: socket, sending: String(decoding: call.dropLast(), as: UTF8.self))
        // While every connection is open, a person's rungctl still gets its answer.
        let status = try await LimitedRun.run(ProcessRunner.product("rungctl"), ["status"], environment: rungd.environment, limit: .seconds(60))
        #expect(status.abnormalEnd == nil && status.status == 0, "rungctl status with \(clients) clients connected: \(status.stderrText)")
        let outcomes = try await held.replies(within: .seconds(60))
        try await held.release()
        let elapsed = ContinuousClock.now - began
        #expect(rungd.process?.isRunning == true, "stderr: \(rungd.crashSummary)")
        #expect(outcomes.hung == 0, "\(outcomes.hung) callers got neither a reply nor a refusal")
        #expect(outcomes.replied > 0)
        // Closed connections are let go: rungd's descriptors come back to where they were.
        #expect(await eventually(timeout: .seconds(30)) { rungd.openDescriptors() <= baseline + 2 },
                "rungd holds \(rungd.openDescriptors()) descriptors, \(baseline) before the clients")
        let after = try await rungd.rungctl(["status"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(await rungd.stop() == 0)
        ReliabilityScale.report("concurrent control clients", [
            "clients": clients, "connected": held.connected, "callers": outcomes.replied + outcomes.refused + outcomes.hung,
            "replied": outcomes.replied, "refused cleanly": outcomes.refused, "hung": outcomes.hung,
            "rungctl status while connected": status.status == 0 ? "answered" : "failed",
            "milliseconds": elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000,
        ])
    }
}

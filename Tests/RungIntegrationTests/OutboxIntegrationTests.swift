import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import RungTime
import Testing

/// The real rungd delivering through real hook scripts that fail, hang, and succeed on
/// retry; observed through the hooks, the store, the log and `rungctl`.
@Suite("rungd outbox end to end")
struct OutboxIntegrationTests {
    /// A talk that ended a minute ago, whose debrief is due now, with `prompts` added.
    static func talk(_ prompts: String = "") -> String {
        """
        [performance.talk]
        title = "Team talk"
        at = \(RungdHarness.tomlDate(secondsFromNow: -120))
        duration = "1min"

        [prompts.reframe]
        enabled = false

        [prompts.debrief]
        offset = "0"
        \(prompts)
        """
    }

    /// Starts rungd (with `extraEnvironment`) on a store whose last pass was an hour ago,
    /// so the debrief due a minute ago is caught up.
    static func start(_ rungd: RungdHarness, extraEnvironment: [String: String] = [:]) async throws -> Store {
        let store = try Store(path: rungd.storePath)
        try store.recordPass(at: Instant.now().adding(microseconds: -3_600_000_000))
        #expect(try await rungd.startUntilReady(extraEnvironment: extraEnvironment), "stderr: \(rungd.stderr)")
        return store
    }

    static func debrief(in store: Store) throws -> OccurrenceRecord? {
        try store.occurrences(in: Set(OccurrenceRecord.State.allCases)).first { $0.kind == .debrief }
    }

    @Test("a hook that exits 75 and then 0 delivers on the retry, and the ledger has both attempts")
    func retryDelivers() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("flaky", #"[ "$n" -ge 2 ] || { echo "queue full" >&2; exit 75; }"#)
        try rungd.writeConfig(chain: ["flaky"], Self.talk())
        let store = try await Self.start(rungd)
        #expect(await eventually { (try? Self.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try Self.debrief(in: store))
        let attempts = try store.deliveries(of: debrief.id)
        #expect(attempts.map(\.purpose) == [.first, .retry])
        #expect(attempts.map(\.outcome) == [.failed, .sent])
        #expect(attempts.first?.error == "exit status 75 (temporary failure): queue full")
        #expect(rungd.deliveries(toHook: "flaky").count == 2)
        let retriedAt = try #require(attempts.last?.startedAt.microseconds)
        let failedAt = try #require(attempts.first?.endedAt?.microseconds)
        let pause = retriedAt - failedAt
        #expect((800_000...1_300_000).contains(pause), "the first pause is 1 s ± 20 %: \(pause) µs")
        #expect(rungd.stderr.contains("trying again in"))
        #expect(await rungd.stop() == 0)
    }

    @Test("a hook that exits 1 hands the prompt to the next hook at once")
    func failureFallsBack() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("broken", #"echo "no route to phone" >&2; exit 1"#)
        try rungd.writeHook("backup")
        try rungd.writeConfig(chain: ["broken", "backup"], Self.talk())
        let store = try await Self.start(rungd)
        #expect(await eventually { (try? Self.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let attempts = try store.deliveries(of: try #require(try Self.debrief(in: store)).id)
        #expect(attempts.map(\.channel) == ["broken", "backup"])
        #expect(attempts.map(\.outcome) == [.failed, .sent])
        #expect(attempts.first?.error == "exit status 1: no route to phone")
        #expect(rungd.deliveries(toHook: "broken").count == 1)
        #expect(rungd.deliveries(toHook: "backup").compactMap { $0["kind"] as? String } == ["debrief"])
        #expect(await rungd.stop() == 0)
    }

    @Test("a hook that hangs is killed at its timeout and the next hook delivers")
    func hangFallsBack() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("hanging", "sleep 60")
        try rungd.writeHook("backup")
        try rungd.writeConfig(chain: ["hanging", "backup"], timeout: "1s", Self.talk())
        let store = try await Self.start(rungd)
        #expect(await eventually { (try? Self.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let attempts = try store.deliveries(of: try #require(try Self.debrief(in: store)).id)
        #expect(attempts.map(\.outcome) == [.timedOut, .sent])
        #expect(attempts.first?.error?.hasPrefix("timed out after 1.0 seconds and was killed") == true, "\(attempts)")
        #expect(rungd.deliveries(toHook: "backup").count == 1)
        #expect(await rungd.stop() == 0)
    }

    @Test("a hanging hook's child in a session of its own is killed at the timeout, and rungd keeps no zombie")
    func hangKillsSetsidChild() async throws {
        let rungd = try RungdHarness()
        let child = rungd.root.appendingPathComponent("child.pid").path
        try rungd.writeHook("hanging", #"setsid sh -c 'echo $$ > "$1"; exec sleep 1000' sh '\#(child)' & sleep 60"#)
        try rungd.writeHook("backup")
        try rungd.writeConfig(chain: ["hanging", "backup"], timeout: "2s", Self.talk())
        let store = try await Self.start(rungd)
        #expect(await eventually { (try? Self.debrief(in: store))??.state == .delivered }, "stderr: \(rungd.stderr)")
        let pid = try #require(pid_t(try String(contentsOfFile: child, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let gone = await eventually(timeout: .seconds(20)) { kill(pid, 0) != 0 }
        if !gone { kill(pid, SIGKILL) }
        #expect(gone, "the hook's setsid child \(pid) outlived the timeout (or is a zombie nobody reaped)")
        let rungdPID = try #require(rungd.process?.processIdentifier)
        #expect(await eventually(timeout: .seconds(20)) { Self.zombies(of: rungdPID).isEmpty }, "zombies: \(Self.zombies(of: rungdPID))")
        #expect(await rungd.stop() == 0)
    }

    /// The zombie children of `parent`.
    static func zombies(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && fields[0] == "Z" && pid_t(fields[1]) == parent
        }
    }

    @Test("when every hook fails the prompt is failed, logged as an error with every reason, and shown by rungctl status")
    func allChannelsDown() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("phone", #"echo "no route to phone" >&2; exit 1"#)
        try rungd.writeHook("chat", "exit 3")
        try rungd.writeConfig(chain: ["phone", "chat"], Self.talk())
        let store = try await Self.start(rungd)
        #expect(await eventually { (try? Self.debrief(in: store))??.state == .failed }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try Self.debrief(in: store))
        // The ledger changes before the journal line is written: wait for the line, not the ledger.
        let reasons = "every channel failed for debrief for 'Team talk': phone: exit status 1: no route to phone; chat: exit status 3"
        #expect(await eventually { rungd.stderr.contains(reasons) }, "stderr: \(rungd.stderr)")
        #expect(rungd.stderr.contains("error"))

        let json = try await rungd.rungctl(["status", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let status = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(status["failed"] as? Int == 1)
        let failures = try #require(status["failures"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect(failures.first?["id"] as? String == debrief.id)
        #expect(failures.first?["kind"] as? String == "debrief")
        #expect(failures.first?["reasons"] as? [String] == ["phone: exit status 1: no route to phone", "chat: exit status 3"])

        let text = try await rungd.rungctl(["status"])
        #expect(text.stdout.contains("     Failed:\n             debrief for 'Team talk' at "), "\(text.stdout)")
        #expect(text.stdout.contains("               phone: exit status 1: no route to phone\n               chat: exit status 3"), "\(text.stdout)")
        #expect(await rungd.stop() == 0)
    }

    @Test("an unanswered debrief goes once through the next hook after its window; restarts neither lose nor repeat it")
    func escalationOnceAcrossRestarts() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("desk")
        try rungd.writeHook("mail")
        // The window is long enough for a machine under ordinary load to notice the first
        // delivery and stop rungd inside it. A machine so loaded that the stop comes after
        // the window has already escalated: the restart then has nothing left to carry, and
        // only the exactly-once facts below can be checked (CI's full run once took 111 s).
        let window: Int64 = 40_000_000
        try rungd.writeConfig(chain: ["desk", "mail"], Self.talk("escalate_after = \"40s\""))
        let store = try await Self.start(rungd)
        #expect(await eventually { rungd.deliveries(toHook: "desk").count == 1 }, "stderr: \(rungd.stderr)")
        #expect(await rungd.stop() == 0)
        let stoppedAt = Instant.now()
        let delivered = try #require(try Self.debrief(in: store))
        let firstSent = try #require(try store.deliveries(of: delivered.id).first?.endedAt)
        let stoppedInsideWindow = stoppedAt.microseconds - firstSent.microseconds < window
        if stoppedInsideWindow {
            // Stopped within the window: the escalation is due in the ledger, not in memory.
            #expect(rungd.deliveries(toHook: "mail").isEmpty)
        }
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        #expect(await eventually { rungd.deliveries(toHook: "mail").count == 1 }, "stderr: \(rungd.stderr)")
        let debrief = try #require(try Self.debrief(in: store))
        let attempts = try store.deliveries(of: debrief.id)
        #expect(attempts.map(\.channel) == ["desk", "mail"])
        #expect(attempts.map(\.purpose) == [.first, .escalation])
        let sentAt = try #require(attempts.first?.endedAt)
        let escalatedAt = try #require(attempts.last?.startedAt)
        #expect(escalatedAt.microseconds - sentAt.microseconds >= window, "escalated before its window ended")
        #expect(rungd.deliveries(toHook: "mail").first?["occurrence_id"] as? String == debrief.id)
        if stoppedInsideWindow {
            #expect(await eventually { rungd.stderr.contains("escalated debrief for 'Team talk' via mail") }, "the restarted rungd escalated: \(rungd.stderr)")
        }
        #expect(try store.occurrence(id: debrief.id)?.state == .delivered)

        // Another restart escalates nothing again: its first pass leaves nothing under way.
        #expect(await rungd.stop() == 0)
        let restarted = Instant.now()
        #expect(try await rungd.startUntilReady(extraEnvironment: RungdHarness.passReports), "stderr: \(rungd.stderr)")
        #expect(await rungd.quietPass(after: restarted) != nil, "stderr: \(rungd.stderr)")
        #expect(rungd.deliveries(toHook: "mail").count == 1)
        #expect(rungd.deliveries(toHook: "desk").count == 1)
        #expect(try store.deliveries(of: debrief.id).count == 2)
        #expect(await rungd.stop() == 0)
    }

    @Test("rungctl test-notify: through rungd when it runs, by itself when not; exit 0 only when delivered; nothing recorded")
    func testNotify() async throws {
        let rungd = try RungdHarness()
        try rungd.writeHook("desk")
        try rungd.writeHook("broken", #"echo "no route" >&2; exit 1"#)
        try rungd.writeConfig(chain: ["desk", "broken"], "")

        let offline = try await rungd.rungctl(["test-notify"])
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stdout.hasPrefix("Delivered a test prompt through 'desk' (command) in "), "\(offline.stdout)")
        #expect(offline.stdout.hasSuffix(": exit status 0 (sent by rungctl, as rungd is not running: its buttons answer nothing).\n"), "\(offline.stdout)")
        let sample = try #require(rungd.deliveries(toHook: "desk").first)
        #expect(sample["kind"] as? String == "test")
        #expect((sample["occurrence_id"] as? String)?.hasPrefix("test-") == true)
        #expect(!FileManager.default.fileExists(atPath: rungd.storePath), "a test opens no store")

        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let sent = try await rungd.rungctl(["test-notify", "--json"])
        #expect(sent.status == 0, "\(sent.stderr)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)) as? [String: Any])
        #expect(reply["outcome"] as? String == "delivered")
        #expect(reply["channel"] as? String == "desk")
        #expect(reply["detail"] as? String == "exit status 0")
        #expect(reply["sent_by"] as? String == "rungd")
        #expect((reply["milliseconds"] as? Int).map { $0 >= 0 && $0 < 10_000 } == true)
        #expect(rungd.deliveries(toHook: "desk").count == 2)
        // Its answer hint works as written, and records nothing.
        let sampleID = try #require(rungd.deliveries(toHook: "desk").last?["occurrence_id"] as? String)
        let answered = try await rungd.rungctl(["respond", sampleID, "done"])
        #expect(answered.status == 0 && answered.stdout.contains("was a test prompt"), "\(answered.stderr)")

        let failed = try await rungd.rungctl(["test-notify", "--channel", "broken"])
        #expect(failed.status == 1)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.hasPrefix("rungctl: error: the test prompt was not delivered through 'broken' (command) after "), "\(failed.stderr)")
        #expect(failed.stderr.hasSuffix(": exit status 1: no route (sent by rungd)\n"), "\(failed.stderr)")
        #expect(rungd.deliveries(toHook: "broken").count == 1, "a test is sent once: no retry, no fallback")
        #expect(rungd.deliveries(toHook: "desk").count == 2)

        let unknown = try await rungd.rungctl(["test-notify", "--channel", "pager"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("rungctl: error: no channel 'pager' in the config (it has: desk, broken)\nUsage: rungctl test-notify "), "\(unknown.stderr)")

        let store = try Store(path: rungd.storePath)
        #expect(try store.occurrences(in: Set(OccurrenceRecord.State.allCases)).isEmpty)
        #expect(await rungd.stop() == 0)
    }
}

import Foundation
import Logging
import RungControl
import RungCore
import RungDelivery
import RungStore
import RungTestSupport
import RungTime
import Synchronization
import Testing
@testable import RungDaemon

/// The scheduler's outbox with a manual clock, a real store and scripted in-memory
/// channels: retries, fallback, waiting for a channel, escalation and channel events.
@Suite("Outbox")
struct OutboxTests {
    /// The talk ends at 10:30 UTC; its debrief is due then.
    static let end = Instant(seconds: 1_803_897_000)
    static let minute: Int64 = 60_000_000
    static let debriefID = OccurrenceID(schedule: "performance:talk/debrief", instant: end).rawValue

    static func config(prompts: String = "[prompts.debrief]\noffset = \"0\"\nescalate_after = \"1h\"", chain: String = #"["desk", "mail"]"#) -> String {
        """
        [rung]
        timezone = "UTC"
        channels = \(chain)

        [channel.desk]
        kind = "desktop"

        [channel.mail]
        kind = "email"
        to = "ana@example.org"

        [performance.talk]
        title = "Team talk"
        at = 2027-03-01T10:00:00Z
        duration = "30min"

        [prompts.reframe]
        enabled = false

        \(prompts)
        """
    }

    /// A scheduler on a fresh store whose last pass was a minute before `start`.
    final class Fixture: @unchecked Sendable {
        // Safe: built once in `init`, then only read; the mutable parts are actors or locked.
        let directory: String
        let store: Store
        let clock: ManualClock
        let channels: ScriptedChannels
        let log = LogRecorder()
        let wakes = WakeCounter()
        var scheduler: Scheduler!
        let config: Config
        let policy: RetryPolicy

        /// How a retry waits; nil advances the manual clock at once.
        let sleep: (@Sendable (Duration) async -> Void)?

        init(config text: String = OutboxTests.config(), scripts: [String: [DeliveryOutcome]] = [:], start: Instant = OutboxTests.end,
             policy: RetryPolicy = RetryPolicy(), jitter: Double = 0.75, sleep: (@Sendable (Duration) async -> Void)? = nil) throws {
            directory = NSTemporaryDirectory() + "rung-outbox-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            store = try Store(path: directory + "/rung.sqlite3")
            try store.recordPass(at: start.adding(microseconds: -OutboxTests.minute))
            clock = ManualClock(start)
            channels = ScriptedChannels(scripts: scripts, clock: clock)
            config = try ConfigLoader.load(text, path: "rung.toml")
            self.policy = policy
            self.sleep = sleep
            scheduler = try makeScheduler(jitter: jitter)
        }

        /// A scheduler as a restarted rungd would make it, on the same store.
        func makeScheduler(jitter: Double = 0.75) throws -> Scheduler {
            let (clock, channels, wakes) = (clock, channels, wakes)
            let sleep = self.sleep ?? { clock.advance(by: $0) }
            return try Scheduler(
                config: config, configPath: directory + "/rung.toml", store: store, systemZone: .utc,
                clock: { clock.now() }, logger: log.logger, wake: { wakes.count() },
                environment: DeliveryEnvironment(
                    makeChannel: { channels.make($0, events: $1) }, sleep: sleep,
                    random: { jitter }, retryPolicy: policy))
        }

        /// A pass, every delivery it started run to its end, and the pass that follows as
        /// rungd's loop runs it when a delivery ends; returns when the loop wakes next.
        @discardableResult
        func pass(at instant: Instant? = nil) async -> Instant {
            if let instant { clock.set(instant) }
            _ = await scheduler.runDue()
            await scheduler.drain(limit: .seconds(20))
            let next = await scheduler.runDue()
            await scheduler.drain(limit: .seconds(20))
            return next
        }

        func at(minutes: Int64) -> Instant { OutboxTests.end.adding(microseconds: minutes * OutboxTests.minute) }

        func attempts(_ id: String = OutboxTests.debriefID) throws -> [Delivery] { try store.deliveries(of: id) }

        deinit {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Counts the scheduler's requests to run its loop again.
    final class WakeCounter: Sendable {
        private let counted = Mutex(0)
        var value: Int { counted.withLock { $0 } }
        func count() { counted.withLock { $0 += 1 } }
    }

    // MARK: - Retries and fallback

    @Test("a temporary failure is retried after growing, jittered pauses, and each attempt is in the ledger")
    func retriedWithBackoff() async throws {
        let fixture = try Fixture(scripts: ["desk": [.failed(reason: "busy", retryable: true), .failed(reason: "busy", retryable: true)]])
        await fixture.pass()
        // Jitter 0.75 stretches each pause by 10 %: 1.1 s, then 2.2 s.
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0), fixture.at(minutes: 0).adding(microseconds: 1_100_000), fixture.at(minutes: 0).adding(microseconds: 3_300_000)])
        let attempts = try fixture.attempts()
        #expect(attempts.map(\.purpose) == [.first, .retry, .retry])
        #expect(attempts.map(\.outcome) == [.failed, .failed, .sent])
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered)
        #expect(fixture.channels.received("mail").isEmpty)
    }

    @Test("retries stop before the prompt expires; then the next channel gets it")
    func retriesStopAtExpiry() async throws {
        let fixture = try Fixture(
            config: Self.config(prompts: "[prompts.debrief]\noffset = \"0\"\nexpires_after = \"10min\""),
            scripts: ["desk": Array(repeating: .failed(reason: "exit status 75 (temporary failure)", retryable: true), count: 50)],
            policy: RetryPolicy(attempts: 100, initialDelay: .seconds(60), maximumDelay: .seconds(3600)), jitter: 0.5)
        await fixture.pass()
        let expires = fixture.at(minutes: 10)
        let desk = fixture.channels.instants("desk")
        #expect(desk == [0, 1, 3, 7].map { fixture.at(minutes: $0) })
        #expect(desk.allSatisfy { $0 < expires })
        #expect(fixture.channels.instants("mail") == [fixture.at(minutes: 7)])
        #expect(try fixture.attempts().map(\.purpose) == [.first, .retry, .retry, .retry, .first])
    }

    @Test("the chain's last channel, having no next one, is retried until the prompt expires; then the prompt is failed")
    func lastChannelRetriedUntilExpiry() async throws {
        let fixture = try Fixture(
            config: Self.config(prompts: "[prompts.debrief]\noffset = \"0\"\nexpires_after = \"30min\""),
            scripts: [
                "desk": [.failed(reason: "exit status 1", retryable: false)],
                "mail": Array(repeating: .failed(reason: "exit status 75 (temporary failure)", retryable: true), count: 100),
            ], jitter: 0.5)
        await fixture.pass()
        let expires = fixture.at(minutes: 30)
        let mail = fixture.channels.instants("mail")
        // 1, 2, 4 … 512 s apart, then every 10 minutes, while before the expiry.
        #expect(mail.count == 12, "\(mail)")
        #expect(mail.allSatisfy { $0 < expires })
        #expect(mail.last.map { $0.adding(microseconds: 600_000_000) >= expires } == true)
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .failed)
    }

    @Test("a failure not worth retrying hands the prompt to the next channel at once")
    func permanentFailureFallsBack() async throws {
        let fixture = try Fixture(scripts: ["desk": [.failed(reason: "exit status 1", retryable: false)]])
        await fixture.pass()
        #expect(fixture.channels.instants("desk").count == 1)
        #expect(fixture.channels.instants("mail") == [fixture.at(minutes: 0)])
        let attempts = try fixture.attempts()
        #expect(attempts.map(\.channel) == ["desk", "mail"])
        #expect(attempts.map(\.error) == ["exit status 1", nil])
    }

    @Test("when every channel fails the prompt is failed, the journal says every reason at error level, and status lists it")
    func everyChannelFails() async throws {
        let fixture = try Fixture(scripts: [
            "desk": [.failed(reason: "exit status 1: no display", retryable: false)],
            "mail": [.timedOut(reason: "timed out after 10 s and was killed")],
        ])
        await fixture.pass()
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .failed)
        #expect(try fixture.attempts().map(\.outcome) == [.failed, .timedOut])
        let errors = fixture.log.all.filter { $0.level == .error }.map(\.message)
        #expect(errors == ["every channel failed for debrief for 'Team talk': desk: exit status 1: no display; mail: timed out after 10 s and was killed"])

        let status = try #require(await fixture.scheduler.status().parameters)
        #expect(status["failed"] == .integer(1))
        let failures = try #require(status["failures"]?.array)
        #expect(failures.count == 1)
        let failure = try #require(failures.first?.object)
        #expect(failure["id"] == .string(Self.debriefID))
        #expect(failure["title"] == .string("Team talk"))
        #expect(failure["reasons"] == .array([.string("desk: exit status 1: no display"), .string("mail: timed out after 10 s and was killed")]))
    }

    // MARK: - Waiting for a channel

    @Test("a debrief waits for a channel that cannot deliver yet and goes out through it when it reports itself available")
    func waitsForAvailableChannel() async throws {
        let fixture = try Fixture(scripts: ["desk": [.unavailable(reason: "no notification server")]])
        let receiver = Task { await fixture.scheduler.receiveChannelEvents() }
        let next = await fixture.pass()
        #expect(next == fixture.at(minutes: 0).adding(microseconds: 30_000_000), "the loop wakes to ask the channel again in 30 s")
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivering)
        #expect(fixture.channels.received("mail").isEmpty)
        #expect(fixture.log.all.contains { $0.level == .notice && $0.message.contains("waits for desk (no notification server) until") })

        fixture.clock.advance(by: .seconds(300))
        fixture.channels["desk"].report(.available(channel: "desk"))
        #expect(try await eventually { try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered })
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0), fixture.at(minutes: 5)])
        #expect(try fixture.attempts().map(\.purpose) == [.first, .retry])
        #expect(fixture.channels.received("mail").isEmpty)
        await fixture.scheduler.shutDownChannels()
        await receiver.value
        #expect(fixture.channels["desk"].isShutDown)
    }

    @Test("a held prompt asks its channel again after 30 s, then 60 s, …: a channel that comes back without saying so still gets it")
    func heldPromptAsksAgain() async throws {
        let fixture = try Fixture(scripts: ["desk": [.unavailable(reason: "no session bus"), .unavailable(reason: "no session bus")]])
        let start = fixture.at(minutes: 0)
        #expect(await fixture.pass() == start.adding(microseconds: 30_000_000))
        #expect(await fixture.pass(at: start.adding(microseconds: 30_000_000)) == start.adding(microseconds: 90_000_000))
        await fixture.pass(at: start.adding(microseconds: 90_000_000))
        #expect(fixture.channels.instants("desk") == [0, 30, 90].map { start.adding(microseconds: $0 * 1_000_000) })
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered)
        #expect(fixture.channels.received("mail").isEmpty)
        let status = try #require(await fixture.scheduler.status().parameters)
        #expect(status["waiting"] == .array([]))
    }

    @Test("a reframe waiting for its channel when rungd stopped is missed after a restart once its performance began")
    func heldReframeMissedWhileDown() async throws {
        let prompts = "[prompts.reframe]\nenabled = true\n[prompts.debrief]\nenabled = false"
        let reframeDue = Self.end.adding(microseconds: -45 * Self.minute)
        let fixture = try Fixture(
            config: Self.config(prompts: "", chain: #"["desk"]"#).replacingOccurrences(of: "[prompts.reframe]\nenabled = false", with: prompts),
            scripts: ["desk": [.unavailable(reason: "no notification server")]], start: reframeDue)
        await fixture.pass()
        let reframe = try #require(try fixture.store.occurrences(in: [.delivering]).first)
        #expect(reframe.kind == .reframe)
        // Back after the talk began (10:00): a reframe then helps no one.
        fixture.clock.set(Self.end.adding(microseconds: -20 * Self.minute))
        fixture.scheduler = try fixture.makeScheduler()
        await fixture.scheduler.recoverInterruptedDeliveries()
        await fixture.scheduler.drain(limit: .seconds(20))
        #expect(try fixture.store.occurrence(id: reframe.id)?.state == .missed)
        #expect(fixture.channels.instants("desk") == [reframeDue])
    }

    @Test("a delivery through a channel releases the prompts that wait for it, without waiting to ask again")
    func deliveryReleasesHeld() async throws {
        let second = """
            [prompts.debrief]
            offset = "0"
            escalate_after = "1h"

            [performance.demo]
            title = "Demo"
            at = 2027-03-01T10:00:20Z
            duration = "30min"
            """
        let fixture = try Fixture(config: Self.config(prompts: second), scripts: ["desk": [.unavailable(reason: "no notification server")]])
        await fixture.pass()
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivering)
        // The demo's debrief, due 20 s later, gets through: the talk's goes with it, before
        // its question to the channel at 30 s.
        let later = fixture.at(minutes: 0).adding(microseconds: 20_000_000)
        await fixture.pass(at: later)
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered)
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0), later, later])
        #expect(fixture.channels.received("mail").isEmpty)
    }

    @Test("a reload asks the channels again for every prompt waiting: a replaced channel cannot report itself")
    func reloadRetriesHeld() async throws {
        let fixture = try Fixture(scripts: ["desk": [.unavailable(reason: "no session bus")]])
        await fixture.pass()
        let changed = try ConfigLoader.load(Self.config().replacingOccurrences(of: "kind = \"desktop\"", with: "kind = \"desktop\"\nurgency = \"critical\""), path: "rung.toml")
        await fixture.scheduler.replace(config: changed)
        #expect(try await eventually { try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered })
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0), fixture.at(minutes: 0)])
    }

    @Test("a prompt waiting for its channel when rungd stopped is not sent after a restart past its window: it expired")
    func heldPromptExpiresWhileDown() async throws {
        let fixture = try Fixture(scripts: ["desk": [.unavailable(reason: "no notification server")]])
        await fixture.pass()
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivering)
        // Down for a day and more: the debrief's window (24 h) has passed.
        fixture.clock.set(fixture.at(minutes: 25 * 60))
        fixture.scheduler = try fixture.makeScheduler()
        await fixture.scheduler.recoverInterruptedDeliveries()
        await fixture.scheduler.drain(limit: .seconds(20))
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .expired)
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0)])
        #expect(fixture.channels.received("mail").isEmpty)
    }

    @Test("a prompt that waited in vain goes on to the next channel when its wait ends")
    func waitEndsInFallback() async throws {
        let fixture = try Fixture(scripts: ["desk": Array(repeating: .unavailable(reason: "no session bus"), count: 10)])
        await fixture.pass()
        // Asked again at 59 minutes, still unavailable: the next question would come after
        // the wait ends, so the wait's end comes first.
        #expect(await fixture.pass(at: fixture.at(minutes: 59)) == fixture.at(minutes: 60))
        #expect(fixture.channels.received("mail").isEmpty)
        await fixture.pass(at: fixture.at(minutes: 60))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0), fixture.at(minutes: 59)])
        #expect(fixture.channels.instants("mail") == [fixture.at(minutes: 60)])
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered)
        // Delivered through mail, the last channel: nothing left to escalate to.
        await fixture.pass(at: fixture.at(minutes: 200))
        #expect(fixture.channels.instants("mail").count == 1)
    }

    @Test("a reframe never waits while another channel can take it, and waits for the last one until it expires, then fails")
    func reframeDoesNotWait() async throws {
        let prompts = "[prompts.reframe]\nenabled = true\n[prompts.debrief]\nenabled = false"
        let reframeDue = Self.end.adding(microseconds: -45 * Self.minute)
        let fixture = try Fixture(
            config: Self.config(prompts: "").replacingOccurrences(of: "[prompts.reframe]\nenabled = false", with: prompts),
            scripts: ["desk": [.unavailable(reason: "no notification server")]], start: reframeDue)
        await fixture.pass()
        #expect(fixture.channels.instants("mail") == [reframeDue])

        let alone = try Fixture(
            config: Self.config(prompts: "", chain: #"["desk"]"#).replacingOccurrences(of: "[prompts.reframe]\nenabled = false", with: prompts),
            scripts: ["desk": [.unavailable(reason: "no notification server"), .unavailable(reason: "no notification server")]], start: reframeDue)
        let expires = reframeDue.adding(microseconds: 10 * Self.minute)
        #expect(await alone.pass() == reframeDue.adding(microseconds: 30_000_000))
        let reframeID = try #require(try alone.store.occurrences(in: [.delivering]).first?.id)
        await alone.pass(at: expires)
        #expect(try alone.store.occurrence(id: reframeID)?.state == .failed)
        #expect(alone.log.all.contains { $0.level == .error && $0.message == "every channel failed for reframe for 'Team talk': desk: no notification server" })
    }

    // MARK: - Escalation

    @Test("an unanswered debrief goes once through the next channel after its window, never again, not even after a restart")
    func escalatesOnce() async throws {
        let fixture = try Fixture()
        #expect(await fixture.pass() == fixture.at(minutes: 60))
        #expect(await fixture.pass(at: fixture.at(minutes: 59)) == fixture.at(minutes: 60))
        #expect(fixture.channels.received("mail").isEmpty)

        await fixture.pass(at: fixture.at(minutes: 60))
        #expect(fixture.channels.received("mail").map(\.message.occurrenceID) == [Self.debriefID])
        #expect(fixture.channels.received("mail").first?.message == fixture.channels.received("desk").first?.message, "the same prompt")
        #expect(try fixture.attempts().map(\.purpose) == [.first, .escalation])
        #expect(try fixture.store.occurrence(id: Self.debriefID)?.state == .delivered)
        #expect(fixture.log.all.contains { $0.level == .notice && $0.message == "escalated debrief for 'Team talk' via mail (shown)" })

        await fixture.pass(at: fixture.at(minutes: 120))
        fixture.scheduler = try fixture.makeScheduler()
        await fixture.scheduler.recoverInterruptedDeliveries()
        await fixture.pass(at: fixture.at(minutes: 121))
        // The re-nudge at 3 h is not sent either: the escalation was the debrief's one follow-up.
        await fixture.pass(at: fixture.at(minutes: 180))
        #expect(fixture.channels.received("mail").count == 1)
        #expect(fixture.channels.received("desk").count == 1)
        #expect(try fixture.attempts().count == 2)
        #expect(try fixture.store.occurrences(in: [.expired]).count == 1)
    }

    @Test("a re-nudge due while the escalation still retries waits for it: sent, the escalation is the one follow-up")
    func renudgeWaitsForRetryingEscalation() async throws {
        let (retryStarted, started) = AsyncStream.makeStream(of: Void.self)
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let fixture = try Fixture(
            config: Self.config(prompts: "[prompts.debrief]\noffset = \"0\"\nescalate_after = \"1h\"\nrenudge_after = \"90min\""),
            scripts: ["mail": [.failed(reason: "exit status 75 (temporary failure)", retryable: true)]],
            sleep: { _ in
                started.yield()
                var iterator = gate.makeAsyncIterator()
                _ = await iterator.next()
            })
        await fixture.pass()
        fixture.clock.set(fixture.at(minutes: 60))
        _ = await fixture.scheduler.runDue()
        var retries = retryStarted.makeAsyncIterator()
        _ = await retries.next()
        // The escalation waits to retry mail; the re-nudge comes due meanwhile.
        fixture.clock.set(fixture.at(minutes: 90))
        _ = await fixture.scheduler.runDue()
        #expect(fixture.channels.received("desk").count == 1, "no re-nudge while the escalation is under way")
        #expect(try fixture.store.occurrences(in: [.expired]).isEmpty)

        open.yield()
        await fixture.scheduler.drain(limit: .seconds(20))
        _ = await fixture.scheduler.runDue()
        #expect(fixture.channels.received("mail").count == 2)
        #expect(try fixture.attempts().map(\.purpose) == [.first, .escalation, .escalation])
        #expect(fixture.channels.received("desk").count == 1)
        #expect(try fixture.store.occurrences(in: [.expired]).count == 1, "the re-nudge: one follow-up is enough")
    }

    @Test("a button pressed after rungctl answered is not a second answer: it is logged as ignored")
    func buttonAfterCLIAnswerIgnored() async throws {
        let fixture = try Fixture()
        let receiver = Task { await fixture.scheduler.receiveChannelEvents() }
        await fixture.pass()
        let reply = await fixture.scheduler.respond(["occurrence": .string(Self.debriefID), "answer": .string("success")])
        #expect(reply.error == nil, "\(reply)")
        #expect(reply.parameters?["answer"] == .string("success") && reply.parameters?["via"] == .string("cli"))
        fixture.channels["desk"].report(.answered(occurrenceID: Self.debriefID, answer: "partial", channel: "desk"))
        #expect(await eventually {
            fixture.log.all.contains { $0.message.hasPrefix("ignored the answer 'partial' from desk: the prompt was already answered 'success' at ") }
        }, "\(fixture.log.all.map(\.message))")
        #expect(try fixture.store.responses(to: Self.debriefID).map(\.answer) == ["success"])
        let refused = await fixture.scheduler.respond(["occurrence": .string(Self.debriefID), "answer": .string("miss")])
        #expect(refused.error == "io.rung.Control.AlreadyAnswered")
        #expect(refused.parameters?["answer"] == .string("success"))
        await fixture.scheduler.shutDownChannels()
        await receiver.value
    }

    @Test("an answer from a button before the window leaves nothing to escalate")
    func answeredNotEscalated() async throws {
        let fixture = try Fixture()
        let receiver = Task { await fixture.scheduler.receiveChannelEvents() }
        await fixture.pass()
        fixture.channels["desk"].report(.answered(occurrenceID: Self.debriefID, answer: "partial", channel: "desk"))
        #expect(try await eventually { try fixture.store.occurrence(id: Self.debriefID)?.state == .answered })
        let response = try #require(try fixture.store.responses(to: Self.debriefID).first)
        #expect(response.answer == "partial")
        #expect(response.via == .button)
        #expect(response.channel == "desk")
        await fixture.pass(at: fixture.at(minutes: 90))
        #expect(fixture.channels.received("mail").isEmpty)
        await fixture.scheduler.shutDownChannels()
        await receiver.value
    }

    @Test("a debrief whose re-nudge came first is not escalated: one follow-up is enough")
    func renudgeFirst() async throws {
        let fixture = try Fixture(config: Self.config(prompts: "[prompts.debrief]\noffset = \"0\"\nrenudge_after = \"30min\"\nescalate_after = \"1h\""))
        await fixture.pass()
        await fixture.pass(at: fixture.at(minutes: 30))
        #expect(fixture.channels.received("desk").count == 2)
        await fixture.pass(at: fixture.at(minutes: 61))
        await fixture.pass(at: fixture.at(minutes: 120))
        #expect(fixture.channels.received("mail").isEmpty)
    }

    @Test("an escalation missed while rungd was down is not sent once the prompt has expired")
    func noEscalationAfterExpiry() async throws {
        let fixture = try Fixture(config: Self.config(prompts: "[prompts.debrief]\noffset = \"0\"\nexpires_after = \"2h\"\nescalate_after = \"1h\"\nrenudge_after = \"0\""))
        await fixture.pass()
        fixture.scheduler = try fixture.makeScheduler()
        await fixture.pass(at: fixture.at(minutes: 121))
        #expect(fixture.channels.received("mail").isEmpty)
        #expect(try fixture.attempts().count == 1)
    }

    @Test("quiet hours hold an escalation until they end")
    func escalationWaitsForQuietHours() async throws {
        let text = Self.config().replacingOccurrences(of: "timezone = \"UTC\"", with: "timezone = \"UTC\"\nquiet_hours = \"11:00-12:00\"")
        let fixture = try Fixture(config: text)
        #expect(await fixture.pass() == fixture.at(minutes: 90))
        await fixture.pass(at: fixture.at(minutes: 60))
        #expect(fixture.channels.received("mail").isEmpty)
        await fixture.pass(at: fixture.at(minutes: 90))
        #expect(fixture.channels.instants("mail") == [fixture.at(minutes: 90)])
    }

    // MARK: - Channel events

    @Test("a snooze button re-plans the prompt, a dismissal is recorded, and a test prompt's answer is recorded nowhere")
    func snoozeAndDismiss() async throws {
        let fixture = try Fixture()
        let receiver = Task { await fixture.scheduler.receiveChannelEvents() }
        await fixture.pass()
        let wakesBefore = fixture.wakes.value
        fixture.channels["desk"].report(.dismissed(occurrenceID: Self.debriefID, channel: "desk"))
        fixture.channels["desk"].report(.answered(occurrenceID: "test-1f2e", answer: "done", channel: "desk"))
        fixture.channels["desk"].report(.answered(occurrenceID: Self.debriefID, answer: "snooze", channel: "desk"))
        #expect(try await eventually { try fixture.store.occurrence(id: Self.debriefID)?.state == .snoozed })
        #expect(try await eventually { fixture.wakes.value > wakesBefore })
        #expect(try fixture.attempts().first?.dismissedAt == fixture.at(minutes: 0))
        #expect(try fixture.store.responses(to: Self.debriefID).isEmpty)
        #expect(try fixture.store.occurrence(id: "test-1f2e") == nil)
        #expect(fixture.log.all.contains { $0.message == "the test prompt was answered 'done' on desk; nothing is recorded" })

        await fixture.pass(at: fixture.at(minutes: 15))
        #expect(fixture.channels.instants("desk") == [fixture.at(minutes: 0), fixture.at(minutes: 15)])
        #expect(try fixture.attempts().map(\.purpose) == [.first, .first])
        await fixture.scheduler.shutDownChannels()
        await receiver.value
    }

    @Test("a reload keeps a channel whose definition did not change and shuts down the one it replaces")
    func reloadKeepsChannels() async throws {
        let fixture = try Fixture()
        let desk = fixture.channels["desk"]
        let mail = fixture.channels["mail"]
        let changed = try ConfigLoader.load(Self.config().replacingOccurrences(of: "ana@example.org", with: "ana@example.net"), path: "rung.toml")
        await fixture.scheduler.replace(config: changed)
        #expect(fixture.channels["desk"] === desk)
        #expect(fixture.channels["mail"] !== mail)
        #expect(await eventually { mail.isShutDown })
        #expect(!desk.isShutDown)
    }
}

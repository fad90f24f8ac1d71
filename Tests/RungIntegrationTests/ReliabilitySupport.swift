import Foundation
import Glibc
import RungCore
import RungStore
import RungTestSupport
import RungTime

/// How large the reliability runs are. `make test` runs them small; `make reliability` sets
/// the full scale through the environment:
/// `RUNG_RELIABILITY_KILLS` (SIGKILLs during a burst, default 4, full 200),
/// `RUNG_RELIABILITY_RESTARTS` (restarts across an accelerated day, default 3, full 100),
/// `RUNG_RELIABILITY_PROMPTS` (prompts due at once through failing channels, default 20, full 200),
/// `RUNG_RELIABILITY_CLIENTS` (control clients at once, default 50, full 1000).
enum ReliabilityScale {
    static var kills: Int { value("RUNG_RELIABILITY_KILLS", default: 4) }
    static var restarts: Int { value("RUNG_RELIABILITY_RESTARTS", default: 3) }
    static var prompts: Int { value("RUNG_RELIABILITY_PROMPTS", default: 20) }
    static var clients: Int { value("RUNG_RELIABILITY_CLIENTS", default: 50) }

    private static func value(_ name: String, default fallback: Int) -> Int {
        ProcessEnvironment.current[name].flatMap(Int.init) ?? fallback
    }

    /// Prints one line of figures, `reliability: NAME: …`, for BENCHMARKS.md.
    static func report(_ name: String, _ figures: KeyValuePairs<String, Any>) {
        print("reliability: \(name): " + figures.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}

/// The ledger and the hook log of a harness, read for the reliability checks.
struct DeliveryRecord {
    /// Every ledger line.
    let ledger: [OccurrenceRecord]
    /// How many times the recording hook received each occurrence.
    let received: [String: Int]
    /// The occurrences rungd logged as delivered again after a crash ("it may arrive twice").
    let loggedAgain: Set<String>
    /// The occurrences rungd logged as given up, cut off by a second crash.
    let givenUp: Set<String>

    /// `log` is rungd's standard error over all its runs (each start begins a new file).
    init(_ rungd: RungdHarness, log: String, hook: String? = nil) throws {
        ledger = try Store(path: rungd.storePath).occurrences(in: Set(OccurrenceRecord.State.allCases))
        let deliveries = hook.map { rungd.deliveries(toHook: $0) } ?? rungd.hookDeliveries()
        var received: [String: Int] = [:]
        for delivery in deliveries {
            if let id = delivery["occurrence_id"] as? String { received[id, default: 0] += 1 }
        }
        self.received = received
        let lines = log.split(separator: "\n")
        func occurrences(loggedWith message: String) -> Set<String> {
            Set(lines.filter { $0.contains(message) }.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("occurrence_id=") }.map { String($0.dropFirst("occurrence_id=".count)) }
            })
        }
        loggedAgain = occurrences(loggedWith: "it may arrive twice")
        givenUp = occurrences(loggedWith: "an interrupted delivery is given up")
    }

    /// Occurrences received more than once.
    var duplicates: Set<String> { Set(received.filter { $0.value > 1 }.keys) }

    /// Duplicates that rungd did not log as possible.
    var unloggedDuplicates: Set<String> { duplicates.subtracting(loggedAgain) }

    /// Lines due before `instant` that are still waiting or caught mid-delivery.
    func unsettled(dueBefore instant: Instant) -> [OccurrenceRecord] {
        ledger.filter { [.planned, .snoozed, .delivering].contains($0.state) && $0.dueAt < instant }
    }
}

extension RungdHarness {
    /// SIGKILLs rungd and waits for it to be gone.
    func killAndWait() async {
        signal(SIGKILL)
        _ = await waitForExit()
    }

    /// Starts rungd again, first adding the log of its last run to `log` (a start begins a
    /// new log file); whether it became ready.
    func restart(keepingLogIn log: inout String) async throws -> Bool {
        log += stderr
        return try await startUntilReady()
    }

    /// How many file descriptors rungd has open.
    func openDescriptors() -> Int {
        guard let pid = process?.processIdentifier else { return 0 }
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }

    /// Waits until every ledger line due before `instant` has settled; whether that happened.
    func waitUntilSettled(dueBefore instant: Instant, timeout: Duration = .seconds(120)) async -> Bool {
        await eventually(timeout: timeout) {
            (try? DeliveryRecord(self, log: "").unsettled(dueBefore: instant).isEmpty) == true
        }
    }
}

/// The ids rungd plans from now to `end`, from `rungctl upcoming --json`.
func plannedIDs(_ rungd: RungdHarness, before end: Instant) async throws -> Set<String> {
    let upcoming = try await rungd.rungctl(["upcoming", "--days", "1", "--json"])
    let rows = try JSONSerialization.jsonObject(with: Data(upcoming.stdout.utf8)) as? [[String: Any]] ?? []
    return Set(rows.compactMap { row -> String? in
        guard let due = (row["scheduled"] as? String).flatMap(TimestampFormat.parseISO8601), due < end else { return nil }
        return row["id"] as? String
    })
}

/// A performance table of a reliability config: `id`, at `start`, lasting a second.
func reliabilityPerformance(_ id: String, at start: Instant, peer: Bool = false) -> String {
    """
    [performance.\(id)]
    title = "Talk \(id)"
    at = \(RungdHarness.tomlDate(start))
    duration = "1s"
    observer = "Mira"\(peer ? "\npeer = \"Jonas\"" : "")

    """
}

/// The prompts of a burst: a debrief and an affirmation at each performance's end, each
/// waiting an hour, with no re-nudge and no escalation to blur the count.
let reliabilityBurstPrompts = """
    [prompts.debrief]
    offset = "0"
    expires_after = "1h"
    renudge_after = "0"
    escalate_after = "0"

    [prompts.affirmation]
    offset = "0"
    expires_after = "1h"
    """

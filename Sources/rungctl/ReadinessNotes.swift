import Foundation
import RungControl
import RungCore
import RungStore
import RungTime

/// Low stakes first in `rungctl upcoming`: the first planned prompt about a high-stakes
/// performance whose ladder lacks the medium-stakes successes it needs carries the
/// readiness warning, read from the store as it is now (without writing; with no store
/// yet, the ladder has no successes).
struct ReadinessNotes {
    var config: Config
    var systemZone: TimeZoneRules
    var store: Store?
    var now: Instant

    func annotate(_ rows: [UpcomingRow]) -> [UpcomingRow] {
        var warnings: [String: String] = [:]
        for ladder in config.ladders {
            guard let record = record(of: ladder) else { continue }
            for (performance, warning) in CoachingText.readinessWarnings(ladder, record: record, config: config, systemZone: systemZone, now: now) {
                warnings[performance.id] = warning
            }
        }
        var warned: Set<String> = []
        return rows.map { row in
            guard row.subjectKind == "performance", let warning = warnings[row.subjectID], warned.insert(row.subjectID).inserted else { return row }
            var row = row
            row.warning = warning
            return row
        }
    }

    /// The ladder's record; nil when the store cannot be read (the warning would guess).
    private func record(of ladder: Ladder) -> LadderRecord? {
        guard let store else { return LadderRecord() }
        do {
            return try store.ladderRecord(ladder, config: config)
        } catch {
            TerminalOutput.warning("cannot tell whether \(ladder.id) is ready for its high-stakes performances: \(TerminalOutput.describe(error))")
            return nil
        }
    }

    /// The notes for the config rungd runs on, when it answers and the file reads without errors.
    static func forRunningDaemon(_ daemon: DaemonClient, store: Store?, now: Instant) -> ReadinessNotes? {
        guard let path = try? daemon.call(ControlInterface.StatusRequest()).value.config,
              let text = try? ConfigFile.read(atPath: path)
        else { return nil }
        let systemZone = TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)
        guard let config = ConfigLoader.check(text, path: path, now: now, systemZone: systemZone).config else { return nil }
        return ReadinessNotes(config: config, systemZone: systemZone, store: store, now: now)
    }
}

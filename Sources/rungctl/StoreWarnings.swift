import RungCore
import RungStore
import RungTime

/// What `rungctl check-config` adds to the config's own warnings once something was tried:
/// readiness and rung-gap warnings from the default store, read without writing.
struct StoreWarnings {
    /// The store the warnings come from, as the warnings name it.
    var path: String
    var messages: [String]

    /// The warnings for every ladder of `config`; none when there is no store yet (it is
    /// never created here) or it cannot be read, which is said on stderr.
    init(config: Config, systemZone: TimeZoneRules, now: Instant) {
        path = StoreFile.defaultPath()
        do {
            let store = try Store(path: path, access: .readOnly)
            messages = try config.ladders.flatMap { ladder in
                CoachingText.recordWarnings(ladder, record: try store.ladderRecord(ladder, config: config), config: config, systemZone: systemZone, now: now)
            }
        } catch let error as StoreError where error.code == .noStore {
            messages = []
        } catch {
            TerminalOutput.warning("cannot check the ladders against what was tried: \(TerminalOutput.describe(error))")
            messages = []
        }
    }

    /// Each warning as compilers word a file's own: `PATH: warning: MESSAGE`.
    var lines: [String] { messages.map { "\(path): warning: \($0)" } }
}

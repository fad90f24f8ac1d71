import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungTime

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the config file and show what it plans.",
        discussion: """
            Prints every error and warning as PATH:LINE:COLUMN: error: MESSAGE, all at once, \
            and exits 1 when there is an error. A file with warnings only is usable. It \
            warns at the key when a command channel's program (argv) or an email channel's \
            mail command (sendmail) is not found in PATH or not executable. It \
            warns, as PATH: warning: MESSAGE without a line (the warning comes from the \
            plan, not from one key), when most attempts planned on a ladder in the two weeks \
            before a one-off high-stakes performance fall in its last 48 hours. When the \
            store exists (it is read, never created), also warns, as STORE: warning: \
            MESSAGE, about a high-stakes performance ahead on a ladder without the \
            medium-stakes successes it needs, and about neighbouring rungs whose \
            confidence ratings lie further apart than rung_gap. On success prints a \
            summary of channels, ladders and performances and the next five prompts.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let now = Instant.now()
        var loaded = try configOptions.check(now: now)
        let programWarnings = ChannelProgram.warnings(path: loaded.path, text: loaded.text, environment: ProcessInfo.processInfo.environment)
        loaded.check.diagnostics = (loaded.check.diagnostics + programWarnings).enumerated().sorted {
            ($0.element.position, $0.offset) < ($1.element.position, $1.offset)
        }.map(\.element)
        let zone = loaded.config.map { $0.timeZone ?? loaded.systemZone } ?? loaded.systemZone
        let next = loaded.config.map { nextOccurrences(of: $0, after: now, systemZone: loaded.systemZone) } ?? []
        let storeWarnings = loaded.config.map { StoreWarnings(config: $0, systemZone: loaded.systemZone, now: now) }
        let massed = loaded.config.map { MassedPractice.warnings(in: $0, systemZone: loaded.systemZone, at: now) } ?? []
        if output.json {
            print(json(loaded, next: next, massed: massed, zone: zone, storeWarnings: storeWarnings))
        } else {
            for diagnostic in loaded.check.diagnostics {
                TerminalOutput.writeError("\(diagnostic)")
            }
            for warning in massed {
                TerminalOutput.writeError("\(loaded.path): warning: \(warning.message(in: zone))")
            }
            for line in storeWarnings?.lines ?? [] {
                TerminalOutput.writeError(line)
            }
            if let config = loaded.config {
                let warnings = loaded.check.warnings.count + massed.count + (storeWarnings?.messages.count ?? 0)
                TerminalOutput.write(summary(config, path: loaded.path, warnings: warnings, next: next, zone: zone, now: now), terminator: "")
            }
        }
        if loaded.config == nil { throw ExitCode.failure }
    }

    /// The first five prompts after `now`, looking up to a year ahead.
    private func nextOccurrences(of config: Config, after now: Instant, systemZone: TimeZoneRules) -> [Occurrence] {
        let planner = Planner(config: config, systemZone: systemZone)
        var horizon = 7 * Int64(TimeSpanUnit.day)
        while true {
            let plan = planner.plan(from: now, through: now.adding(microseconds: horizon))
            if plan.count >= 5 || horizon >= 366 * Int64(TimeSpanUnit.day) { return Array(plan.prefix(5)) }
            horizon *= 4
        }
    }

    private func summary(_ config: Config, path: String, warnings: Int, next: [Occurrence], zone: TimeZoneRules, now: Instant) -> String {
        var text = "\(path): OK" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "") + "\n"
        text += "Time zone: \(zone.name)" + (config.quietHours.map { ", quiet hours \($0)" } ?? "") + "\n"
        text += "Channels (\(config.channelDefinitions.count)): "
            + config.channelDefinitions.map { "\($0.name) (\($0.kindName))" }.joined(separator: ", ")
            + "; default chain: " + config.channels.joined(separator: " > ") + "\n"
        text += "Ladders (\(config.ladders.count)):\n"
        for ladder in config.ladders {
            let checkIn = ladder.checkIn.map { ", check-in \($0.normalized)" } ?? ""
            text += "  \(ladder.id): \(ladder.skill), \(ladder.rungs.count) rungs\(checkIn)\n"
        }
        text += "Performances (\(config.performances.count)):\n"
        for performance in config.performances {
            let rung = performance.ladder.map {
                performance.followsLadder ? " (\($0), its current rung)" : " (\($0) rung \((performance.rung ?? 0) + 1))"
            } ?? ""
            text += "  \(performance.id): \(performance.title)\(rung), \(performance.stakes.rawValue) stakes, \(describe(performance, zone: zone))\n"
        }
        text += "Next prompts:\n"
        text += next.isEmpty ? "  none within a year\n" : UpcomingTable(rows: next.map { UpcomingRow($0, config: config) }, zone: zone, now: now).render(indent: "  ")
        return text
    }

    private func describe(_ performance: Performance, zone: TimeZoneRules) -> String {
        switch performance.schedule {
        case .instant(let instant): TimestampFormat.systemd(instant, in: zone)
        case .civil(_, let ownZone):
            performance.oneOffStart(in: zone).map { TimestampFormat.systemd($0, in: ownZone ?? zone) } ?? "never"
        case .recurring(let spec): spec.normalized
        }
    }

    /// The check for programs; `massed_practice` and `store_warnings` (a list of messages)
    /// only for a usable config.
    private func json(_ loaded: LoadedConfig, next: [Occurrence], massed: [MassedPractice], zone: TimeZoneRules, storeWarnings: StoreWarnings?) -> String {
        var members: [(String, String)] = [
            ("path", JSONText.string(loaded.path)),
            ("valid", loaded.config == nil ? "false" : "true"),
            ("diagnostics", JSONText.array(loaded.check.diagnostics.map { diagnostic in
                JSONText.object([
                    ("severity", JSONText.string(diagnostic.severity.rawValue)),
                    ("line", "\(diagnostic.position.line)"),
                    ("column", "\(diagnostic.position.column)"),
                    ("message", JSONText.string(diagnostic.message)),
                ])
            })),
        ]
        if let config = loaded.config {
            members.append(("channels", JSONText.array(config.channelDefinitions.map {
                JSONText.object([("name", JSONText.string($0.name)), ("kind", JSONText.string($0.kindName))])
            })))
            members.append(("default_chain", JSONText.array(config.channels.map(JSONText.string))))
            members.append(("ladders", JSONText.array(config.ladders.map {
                JSONText.object([("id", JSONText.string($0.id)), ("skill", JSONText.string($0.skill)), ("rungs", "\($0.rungs.count)")])
            })))
            members.append(("performances", JSONText.array(config.performances.map {
                JSONText.object([("id", JSONText.string($0.id)), ("title", JSONText.string($0.title))])
            })))
            members.append(("next", JSONText.array(next.map { UpcomingRow($0, config: config).json(zone: zone) })))
            members.append(("massed_practice", JSONText.array(massed.map {
                JSONText.object([
                    ("performance", JSONText.string($0.performance)), ("ladder", JSONText.string($0.ladder)),
                    ("start", JSONText.string(TimestampFormat.iso8601($0.start, in: zone))), ("attempts", "\($0.attempts)"),
                    ("in_last_48h", "\($0.inLastStretch)"), ("message", JSONText.string($0.message(in: zone))),
                ])
            })))
            members.append(("store_warnings", JSONText.array((storeWarnings?.messages ?? []).map(JSONText.string))))
        }
        return JSONText.object(members)
    }
}

/// A config file read and checked, with what was needed to check it.
struct LoadedConfig {
    var path: String
    var text: String
    var check: ConfigCheck
    var systemZone: TimeZoneRules
    var config: Config? { check.config }
}

/// A config that was read and has no errors, for commands that cannot work without one.
struct CheckedConfig {
    var path: String
    var config: Config
    var systemZone: TimeZoneRules
    /// The zone the config's times are read in: its own, else the system's.
    var zone: TimeZoneRules { config.timeZone ?? systemZone }

    /// The performance `id` names; a usage error listing the config's performances otherwise.
    func performance(_ id: String) throws -> Performance {
        if let performance = config.performances.first(where: { $0.id == id }) { return performance }
        let ids = config.performances.map(\.id)
        let known = ids.isEmpty ? "the config defines no performances" : "the config's performances are \(ids.joined(separator: ", "))"
        throw ValidationError("unknown performance '\(id)': \(known)\(ConfigSuggestion.hint(for: id, among: ids)).")
    }
}

extension ConfigOptions {
    /// `--config`, else `$XDG_CONFIG_HOME/rung/rung.toml`, else `~/.config/rung/rung.toml`.
    func resolvedPath(environment: [String: String]) -> String {
        config ?? ConfigFile.defaultPath(environment: environment)
    }

    /// Reads and checks the config file; throws only when it cannot be read at all.
    func check(now: Instant) throws -> LoadedConfig {
        try check(now: now, path: resolvedPath(environment: ProcessInfo.processInfo.environment))
    }

    /// Reads and checks the config file at `path`; throws only when it cannot be read at all.
    func check(now: Instant, path: String) throws -> LoadedConfig {
        let environment = ProcessInfo.processInfo.environment
        let text: String
        do {
            text = try ConfigFile.read(atPath: path)
        } catch {
            let place = error.position.map { "\(path):\($0)" } ?? path
            TerminalOutput.writeError("\(place): error: \(error.message)")
            throw ExitCode.failure
        }
        let systemZone = TimeZoneRules.system(environment: environment)
        return LoadedConfig(path: path, text: text, check: ConfigLoader.check(text, path: path, now: now, systemZone: systemZone), systemZone: systemZone)
    }

    /// The checked config, for a command that needs what it defines (`defines`, e.g.
    /// "ladders ([ladder.ID])"): `--config`, else the one rungd runs on when it runs (it may
    /// have been started with `--config`), else the default path.
    /// Without a file, or with errors in it, the command stops with a message naming the file.
    func checkedConfig(now: Instant, defines: String) throws -> CheckedConfig {
        let path = config ?? Self.runningDaemonConfig() ?? resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard FileManager.default.fileExists(atPath: path) else {
            TerminalOutput.error("no config at \(path): \(defines) are defined there")
            throw ExitCode.failure
        }
        let loaded = try check(now: now, path: path)
        guard let config = loaded.config else {
            TerminalOutput.error("the config \(path) has errors ('rungctl check-config' shows them)")
            throw ExitCode.failure
        }
        return CheckedConfig(path: path, config: config, systemZone: loaded.systemZone)
    }

    /// With a config, `skill` names one of its ladders and `rung` one of its rungs.
    /// Without one (a person keeping only an evidence log), any well-formed skill will do.
    /// The rung `text` names on `skill`'s ladder: a number as it is (checked by
    /// `checkSkill`), else the number of the rung with that title in the config.
    func rungNumber(_ text: String, skill: String, now: Instant) throws -> Int {
        if let number = Int(text) { return number }
        let loaded = try checkedConfig(now: now, defines: "ladders ([ladder.ID]) and their rungs' titles")
        return try LadderCommand.rung(named: text, on: LadderCommand.ladder(skill, in: loaded.config))
    }

    func checkSkill(_ skill: String, rung: Int?, now: Instant) throws {
        let path = resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard config != nil || FileManager.default.fileExists(atPath: path) else { return }
        guard let config = try check(now: now).config else {
            throw ValidationError("The config \(path) has errors ('rungctl check-config' shows them); fix it to check the skill.")
        }
        let ladders = config.ladders.map(\.id)
        guard let ladder = config.ladder(skill) else {
            let known = ladders.isEmpty ? "it defines no ladders" : "its ladders are \(ladders.joined(separator: ", "))"
            throw ValidationError("unknown skill '\(skill)': \(path) does not name it; \(known)\(ConfigSuggestion.hint(for: skill, among: ladders)).")
        }
        if let rung, !(1...ladder.rungs.count).contains(rung) {
            throw ValidationError("rung \(rung) is not on the \(skill) ladder, which has rungs 1 to \(ladder.rungs.count).")
        }
    }

    /// The config file rungd runs on, when it runs and answers at once; nil otherwise.
    static func runningDaemonConfig() -> String? {
        guard let daemon = try? DaemonClient.ifRunning(timeout: .seconds(2)) else { return nil }
        return try? daemon.call(ControlInterface.StatusRequest()).value.config
    }
}

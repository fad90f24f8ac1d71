import RungCore
import RungTime

extension Scheduler {
    /// Reads the config file again. A valid one replaces the running config; an invalid one
    /// is refused, its errors kept for `status` and returned, and the running config stays.
    public func reload(systemZone: TimeZoneRules) -> Result<Void, ConfigErrors> {
        switch Self.loadConfig(at: configPath, now: clock(), systemZone: systemZone) {
        case .success(let loaded):
            for warning in loaded.warnings { logger.warning("\(warning)") }
            replace(config: loaded.config)
            logger.info("reloaded the config", metadata: ["config": "\(configPath)"])
            return .success(())
        case .failure(let errors):
            refuse(configErrors: errors.diagnostics.map(\.description))
            logger.error("the new config is invalid; keeping the running one:\n\(errors)", metadata: [
                "message_id": "\(MessageID.reloadFailed)", "config": "\(configPath)",
            ])
            return .failure(errors)
        }
    }

    /// The config at `path`, checked, with its warnings; or every error in it.
    public static func loadConfig(at path: String, now: Instant, systemZone: TimeZoneRules) -> Result<(config: Config, warnings: [ConfigDiagnostic]), ConfigErrors> {
        let text: String
        do {
            text = try ConfigFile.read(atPath: path)
        } catch {
            return .failure(ConfigErrors(diagnostics: [error.diagnostic(path: path)]))
        }
        let check = ConfigLoader.check(text, path: path, now: now, systemZone: systemZone)
        guard let config = check.config, check.errors.isEmpty else {
            return .failure(ConfigErrors(diagnostics: check.errors))
        }
        return .success((config, check.warnings))
    }

    /// One line for `systemctl status`: what comes next, whether a reload was refused, and
    /// which ladders Rung proposes to move.
    public func statusLine() async -> String {
        statusLine(next: await nextDue(), coaching: coachingStatus())
    }

    /// The one-line status with `next` as the next prompt due and `coaching` as the ladders stand.
    func statusLine(next: Occurrence?, coaching: CoachingStatus) -> String {
        var line: String
        if let next {
            // In the system's zone, as the journal and the person's clock show time.
            let zone = systemZone
            let now = zone.localTime(at: clock().seconds)
            let due = zone.localTime(at: next.due.seconds)
            let sameDay = (now.year, now.month, now.day) == (due.year, due.month, due.day)
            let when = sameDay
                ? String(TimestampFormat.systemd(next.due, in: zone).split(separator: " ")[2].prefix(5))
                : HumanTimestamp.when(next.due, now: clock(), in: zone)
            line = "next: \(next.kind.rawValue) for '\(title(of: next.subject))' at \(when)"
        } else {
            line = "idle: nothing planned in the next 7 days"
        }
        let waiting = waitingDeliveries()
        if let first = waiting.first {
            line = "\(waiting.count) waiting for \(first.channel); " + line
        }
        if !configErrors.isEmpty {
            line = "config error (\(configErrors.count)), kept the previous config; " + line
        }
        if let proposed = Self.proposedClause(coaching) {
            line += "; " + proposed
        }
        return line
    }

    /// The performance's title or the ladder's skill.
    func title(of subject: PlanSubject) -> String {
        switch subject {
        case .performance(let id): config.performances.first { $0.id == id }?.title ?? id
        case .ladder(let id): config.ladder(id)?.skill ?? id
        }
    }
}

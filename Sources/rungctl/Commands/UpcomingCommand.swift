import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungReport
import RungStore
import RungTime

struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "Show the prompts planned from now on.",
        discussion: """
            Asks the running rungd, whose plan includes snoozes, pauses and answers; when it \
            is not running, plans from the config file alone and says so. Shows when each \
            prompt is due (after quiet hours), how long until then, its kind, what it is \
            about and the channels it will try, what a rehearsal prepares for and at which \
            rung, why a vicarious prompt will be skipped, and, under the first prompt about \
            a high-stakes performance whose ladder lacks the medium-stakes successes it \
            needs, a warning with the rung for reps at lower stakes (from the store as it is \
            now, read without writing).
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, parsing: .unconditional, help: "How many days ahead to look.")
    var days = 7

    func validate() throws {
        guard (1...ControlInterface.upcomingMaximumDays).contains(Int64(days)) else {
            throw ValidationError("--days must be between 1 and \(ControlInterface.upcomingMaximumDays), not \(days).")
        }
    }

    func run() throws {
        let now = Instant.now()
        let span = "in the next \(days) day\(days == 1 ? "" : "s")"
        let rows: [UpcomingRow]
        let zone: TimeZoneRules
        let source: String
        var truncatedAt: Instant?
        // rungd replies once it has planned every day asked for (at most 50 000 prompts):
        // wait longer than for other calls.
        if configOptions.config == nil, let daemon = try DaemonClient.ifRunning(timeout: .seconds(60)) {
            // Streamed: a year of hourly prompts is more than one message may hold.
            let replies = try daemon.callStreaming(ControlInterface.UpcomingRequest(days: Int64(days))).map(\.value)
            zone = (try? TimeZoneRules.named(replies.first?.zone ?? "UTC")) ?? .utc
            let planned = replies.flatMap(\.occurrences).compactMap(UpcomingRow.init(daemonOccurrence:))
            rows = ReadinessNotes.forRunningDaemon(daemon, store: Self.openStore(), now: now)?.annotate(planned) ?? planned
            truncatedAt = replies.first?.truncatedAt.flatMap(TimestampFormat.parseISO8601)
            source = "as rungd plans them"
        } else {
            let loaded = try configOptions.check(now: now)
            guard let config = loaded.config else {
                for diagnostic in loaded.check.diagnostics {
                    TerminalOutput.writeError("\(diagnostic)")
                }
                throw ExitCode.failure
            }
            zone = config.timeZone ?? loaded.systemZone
            let plan = Planner(config: config, systemZone: loaded.systemZone)
                .plan(from: now, through: now.adding(microseconds: Int64(days) * Int64(TimeSpanUnit.day)), limit: ControlInterface.upcomingLimit)
            let store = Self.openStore()
            rows = ReadinessNotes(config: config, systemZone: loaded.systemZone, store: store, now: now)
                .annotate(VicariousSkips(config: config, store: store).annotate(plan.occurrences.map { UpcomingRow($0, config: config) }))
            truncatedAt = plan.truncatedAt
            source = configOptions.config == nil
                ? "planned from \(loaded.path) alone: rungd is not running"
                : "planned from \(loaded.path) alone"
        }
        if output.json {
            print(JSONText.array(rows.map { $0.json(zone: zone) }))
            if let truncatedAt {
                TerminalOutput.error("the list stops at \(ControlInterface.upcomingLimit) prompts: it holds those due before \(TimestampFormat.iso8601(truncatedAt, in: zone)).")
            }
        } else if rows.isEmpty {
            TerminalOutput.write("No prompts \(span) (\(source)).")
        } else if let truncatedAt {
            TerminalOutput.write("\(rows.count) prompts \(span) due before \(PersonTime.text(truncatedAt, now: now)), where the list stops at \(ControlInterface.upcomingLimit) prompts (\(source)):")
            TerminalOutput.write(UpcomingTable(rows: rows, zone: zone, now: now).render(indent: ""), terminator: "")
        } else {
            TerminalOutput.write("\(rows.count) prompt\(rows.count == 1 ? "" : "s") \(span), \(source):")
            TerminalOutput.write(UpcomingTable(rows: rows, zone: zone, now: now).render(indent: ""), terminator: "")
        }
    }

    /// The default store, read only, to tell which vicarious prompts will be skipped; nil
    /// when there is none yet (nothing was tried) or it cannot be read. The plan does without
    /// it then; a store that cannot be read gets a warning, since skips go unshown.
    static func openStore() -> Store? {
        do {
            return try Store(path: StoreFile.defaultPath(), access: .readOnly)
        } catch let error as StoreError where error.code == .noStore {
            return nil
        } catch {
            TerminalOutput.warning("cannot tell which vicarious prompts will be skipped: \(TerminalOutput.describe(error))")
            return nil
        }
    }
}

/// Why each vicarious prompt will be skipped, as rungd will decide when it falls due, from
/// the store as it is now: one read per performance.
struct VicariousSkips {
    var config: Config
    var store: Store?

    func annotate(_ rows: [UpcomingRow]) -> [UpcomingRow] {
        guard let store else { return rows }
        var skips: [String: String?] = [:]
        return rows.map { row in
            guard row.kind == PromptKind.vicarious.rawValue, row.subjectKind == "performance",
                  let performance = config.performances.first(where: { $0.id == row.subjectID })
            else { return row }
            var row = row
            row.skip = skips[row.subjectID] ?? {
                guard case .skip(let reason)? = try? store.vicariousDecision(for: performance) else { return nil }
                return reason
            }()
            skips[row.subjectID] = row.skip
            return row
        }
    }
}

/// One planned prompt, from the local planner or from the daemon.
struct UpcomingRow {
    var id: String
    var kind: String
    var isRenudge: Bool
    var subjectKind: String
    var subjectID: String
    var title: String
    var scheduled: Instant
    var due: Instant
    var expires: Instant
    var channels: [String]
    var state: String
    /// Why the prompt will not be sent when it falls due; nil when it will be.
    var skip: String?
    /// The readiness warning of its high-stakes performance (low stakes first), when any.
    var warning: String?
    /// For a rehearsal: what it prepares for, and at which rung.
    var rehearsal: String?

    init(_ occurrence: Occurrence, config: Config) {
        id = occurrence.id.rawValue
        kind = occurrence.kind.rawValue
        isRenudge = occurrence.isRenudge
        (subjectKind, subjectID) = switch occurrence.subject {
        case .performance(let id): ("performance", id)
        case .ladder(let id): ("ladder", id)
        }
        title = UpcomingTable.subjectTitle(occurrence.subject, config: config)
        scheduled = occurrence.scheduledAt
        due = occurrence.due
        expires = occurrence.expires
        channels = occurrence.channels
        state = "planned"
        rehearsal = Rehearsal.label(of: occurrence, config: config)
    }

    init?(daemonOccurrence occurrence: ControlInterface.Occurrence) {
        guard let subject = PlanSubject(parsing: occurrence.subject),
              let due = TimestampFormat.parseISO8601(occurrence.due),
              let expires = TimestampFormat.parseISO8601(occurrence.expires)
        else { return nil }
        id = occurrence.id
        kind = occurrence.kind
        isRenudge = occurrence.renudge
        (subjectKind, subjectID) = switch subject {
        case .performance(let id): ("performance", id)
        case .ladder(let id): ("ladder", id)
        }
        title = subjectKind == "ladder" ? "\(occurrence.title) (ladder)" : occurrence.title
        scheduled = TimestampFormat.parseISO8601(occurrence.scheduled) ?? due
        self.due = due
        self.expires = expires
        channels = occurrence.channels
        state = occurrence.state
        skip = occurrence.skip
        rehearsal = occurrence.rehearsal
    }

    func json(zone: TimeZoneRules) -> String {
        JSONText.object([
            ("id", JSONText.string(id)),
            ("kind", JSONText.string(kind)),
            ("renudge", isRenudge ? "true" : "false"),
            ("subject", JSONText.object([
                ("kind", JSONText.string(subjectKind)), ("id", JSONText.string(subjectID)), ("title", JSONText.string(title)),
            ])),
            ("scheduled", JSONText.string(TimestampFormat.iso8601(scheduled, in: zone))),
            ("due", JSONText.string(TimestampFormat.iso8601(due, in: zone))),
            ("expires", JSONText.string(TimestampFormat.iso8601(expires, in: zone))),
            ("channels", JSONText.array(channels.map(JSONText.string))),
            ("state", JSONText.string(state)),
        ] + (skip.map { [("skip", JSONText.string($0))] } ?? []) + (rehearsal.map { [("rehearsal", JSONText.string($0))] } ?? [])
            + (warning.map { [("warning", JSONText.string($0))] } ?? []))
    }
}

/// Planned prompts as a table for people.
struct UpcomingTable {
    var rows: [UpcomingRow]
    var zone: TimeZoneRules
    var now: Instant

    /// The table, a line a prompt, times in the person's zone; on a terminal narrower than
    /// the table the subject is cut to fit and the notes under a row are wrapped.
    func render(indent: String, width: Int? = TerminalStyle.standardOutput.width) -> String {
        let header = ["WHEN", "IN", "ID", "KIND", "SUBJECT", "CHANNELS"]
        let subjectColumn = 4
        var cells = rows.map { row in
            [
                PersonTime.when(row.due, now: now),
                HumanTimestamp.relative(row.due, now: now),
                row.id,
                row.kind + (row.isRenudge ? " (again)" : ""),
                row.title,
                row.channels.joined(separator: ", "),
            ]
        }
        var widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        if let width {
            let total = indent.count + widths.reduce(0, +) + 2 * (widths.count - 1)
            let subjectWidth = max(header[subjectColumn].count, widths[subjectColumn] - max(0, total - width))
            for index in cells.indices {
                cells[index][subjectColumn] = TerminalStyle.fitted(cells[index][subjectColumn], to: subjectWidth)
            }
            widths[subjectColumn] = min(widths[subjectColumn], subjectWidth)
        }
        // Lines under a row: what a rehearsal prepares for, why it will be skipped, a readiness warning.
        let notes = [[]] + rows.map { [$0.rehearsal.map { "rehearsal \($0)" }, $0.skip, $0.warning.map { "Warning: \($0)" }].compactMap { $0 } }
        let noteIndent = indent + "  "
        return zip([header] + cells, notes).map { row, notes in
            indent + row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[column] - cell.count))
            }.joined(separator: "  ") + "\n"
                + notes.map { noteIndent + TerminalStyle.wrapped($0, width: width.map { $0 - noteIndent.count }, indent: noteIndent.count) + "\n" }.joined()
        }.joined()
    }

    static func subjectTitle(_ subject: PlanSubject, config: Config) -> String {
        switch subject {
        case .performance(let id): config.performances.first { $0.id == id }?.title ?? id
        case .ladder(let id): "\(config.ladder(id)?.skill ?? id) (ladder)"
        }
    }
}

import ArgumentParser
import Foundation
import RungCore

struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "Show the prompts planned from now on.",
        discussion: """
            Plans from the config file alone: when each prompt is due (after quiet hours), \
            how long until then, its kind, what it is about and the channels it will try.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "How many days ahead to look.")
    var days = 7

    func validate() throws {
        guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660.") }
    }

    func run() throws {
        let now = Instant.now()
        let loaded = try configOptions.check(now: now)
        guard let config = loaded.config else {
            for diagnostic in loaded.check.diagnostics {
                FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
            }
            throw ExitCode.failure
        }
        let zone = config.timeZone ?? loaded.systemZone
        let plan = Planner(config: config, systemZone: loaded.systemZone)
            .plan(from: now, through: now.adding(microseconds: Int64(days) * 86_400_000_000))
        if output.json {
            print(JSONText.array(plan.map { UpcomingTable.json($0, config: config, zone: zone) }))
        } else if plan.isEmpty {
            print("No prompts in the next \(days) day\(days == 1 ? "" : "s") (planned from \(loaded.path) alone).")
        } else {
            print("\(plan.count) prompt\(plan.count == 1 ? "" : "s") in the next \(days) day\(days == 1 ? "" : "s"), planned from \(loaded.path) alone:")
            print(UpcomingTable(occurrences: plan, config: config, zone: zone, now: now).render(indent: ""), terminator: "")
        }
    }
}

/// Planned prompts as a table for people, or as JSON objects for machines.
struct UpcomingTable {
    var occurrences: [Occurrence]
    var config: Config
    var zone: TimeZoneRules
    var now: Instant

    func render(indent: String) -> String {
        let header = ["WHEN", "IN", "KIND", "SUBJECT", "CHANNELS"]
        let rows = occurrences.map { occurrence in
            [
                TimestampFormat.systemd(occurrence.due, in: zone),
                TimestampFormat.relative(occurrence.due, now: now),
                occurrence.kind.rawValue + (occurrence.isRenudge ? " (again)" : ""),
                Self.subjectTitle(occurrence.subject, config: config),
                occurrence.channels.joined(separator: ", "),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            indent + row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ") + "\n"
        }.joined()
    }

    static func subjectTitle(_ subject: PlanSubject, config: Config) -> String {
        switch subject {
        case .performance(let id): config.performances.first { $0.id == id }?.title ?? id
        case .ladder(let id): "\(config.ladder(id)?.skill ?? id) (ladder)"
        }
    }

    static func json(_ occurrence: Occurrence, config: Config, zone: TimeZoneRules) -> String {
        let (subjectKind, subjectID): (String, String) = switch occurrence.subject {
        case .performance(let id): ("performance", id)
        case .ladder(let id): ("ladder", id)
        }
        return JSONText.object([
            ("id", JSONText.string(occurrence.id.rawValue)),
            ("kind", JSONText.string(occurrence.kind.rawValue)),
            ("renudge", occurrence.isRenudge ? "true" : "false"),
            ("subject", JSONText.object([
                ("kind", JSONText.string(subjectKind)), ("id", JSONText.string(subjectID)),
                ("title", JSONText.string(subjectTitle(occurrence.subject, config: config))),
            ])),
            ("scheduled", JSONText.string(TimestampFormat.iso8601(occurrence.scheduledAt, in: zone))),
            ("due", JSONText.string(TimestampFormat.iso8601(occurrence.due, in: zone))),
            ("expires", JSONText.string(TimestampFormat.iso8601(occurrence.expires, in: zone))),
            ("channels", JSONText.array(occurrence.channels.map(JSONText.string))),
        ])
    }
}

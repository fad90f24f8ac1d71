import ArgumentParser
import Foundation
import RungCore
import RungTime

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Normalize calendar expressions and show when they elapse next.",
        discussion: """
            Behaves like `systemd-analyze calendar`: the same normalized form and the same \
            elapses, in $TZ (or /etc/localtime) unless the expression names its own zone. \
            Put an expression that starts with '-' after '--'.
            """
    )

    /// More elapses than anyone reads; the bound keeps a typo from asking for memory without end.
    static let maximumIterations = 100_000

    @Option(name: .long, help: "How many elapses to show.")
    var iterations = 1

    @Option(name: .long, help: ArgumentHelp(
        "Compute elapses after this instant instead of now (ISO 8601 with an offset, e.g. 2026-11-25T09:30:00+01:00).",
        valueName: "time"))
    var baseTime: String?

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Calendar expressions, e.g. 'Mon..Fri 09:30'.", valueName: "expression"))
    var expressions: [String]

    func validate() throws {
        guard (1...Self.maximumIterations).contains(iterations) else {
            throw ValidationError("--iterations must be between 1 and \(Self.maximumIterations).")
        }
        if let baseTime, TimestampFormat.parseISO8601(baseTime) == nil {
            throw ValidationError("--base-time '\(baseTime)' is not ISO 8601 with an offset, e.g. 2026-11-25T09:30:00+01:00.")
        }
    }

    func run() throws {
        let now = Instant.now()
        let base = baseTime.flatMap(TimestampFormat.parseISO8601) ?? now
        let zone = TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)
        var failed = false
        for (index, expression) in expressions.enumerated() {
            if index > 0, !output.json { print() }
            let spec: CalendarSpec
            do {
                spec = try CalendarSpec(parsing: expression, localZone: zone)
            } catch {
                TerminalOutput.writeError("\(error.description)")
                failed = true
                continue
            }
            let elapses = spec.elapses(after: base, in: zone, count: iterations)
            if output.json {
                print(JSONText.object([
                    ("expression", JSONText.string(expression)),
                    ("normalized", JSONText.string(spec.normalized)),
                    ("next", JSONText.array(elapses.map { JSONText.string(TimestampFormat.iso8601($0, in: zone)) })),
                ]))
            } else {
                print(report(expression: expression, spec: spec, elapses: elapses, zone: zone, now: now), terminator: "")
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// The table `systemd-analyze calendar` prints for one expression.
    private func report(expression: String, spec: CalendarSpec, elapses: [Instant], zone: TimeZoneRules, now: Instant) -> String {
        var rows: [(String, String)] = []
        if spec.normalized != expression { rows.append(("Original form:", expression)) }
        rows.append(("Normalized form:", spec.normalized))
        if elapses.isEmpty { rows.append(("Next elapse:", "never")) }
        let showUTC = !zone.isUTCLike(at: now)
        for (index, elapse) in elapses.enumerated() {
            rows.append((index == 0 ? "Next elapse:" : "Iter. #\(index + 1):", TimestampFormat.systemd(elapse, in: zone)))
            if showUTC { rows.append(("(in UTC):", TimestampFormat.systemd(elapse, in: .utc))) }
            rows.append(("From now:", TimestampFormat.relative(elapse, now: now)))
        }
        return rows.map { label, value in
            String(repeating: " ", count: max(0, 16 - label.count)) + label + " " + value + "\n"
        }.joined()
    }
}

extension CalendarSpec {
    /// Up to `count` successive elapses after `instant`.
    func elapses(after instant: Instant, in zone: TimeZoneRules, count: Int) -> [Instant] {
        var result: [Instant] = []
        result.reserveCapacity(count)
        var cursor = instant
        while result.count < count, let next = nextElapse(after: cursor, in: zone) {
            result.append(next)
            cursor = next
        }
        return result
    }
}

extension TimeZoneRules {
    /// glibc's `timezone == 0 && daylight == 0`, which makes systemd omit "(in UTC)".
    func isUTCLike(at instant: Instant) -> Bool {
        daylightAbbreviation == nil && localTime(at: instant.seconds).utcOffset == 0
    }
}

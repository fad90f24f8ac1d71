import Foundation
import RungTestSupport

/// Runs the real `systemd-analyze`, the oracle of the differential tests.
enum SystemdAnalyze {
    static var path: String? {
        ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String], timeZone: String? = nil) throws -> ProcessRunner.Result {
        try ProcessRunner.run(
            path ?? "/usr/bin/systemd-analyze", arguments,
            environment: ["TZ": timeZone, "SYSTEMD_COLORS": "0", "LC_ALL": "C.UTF-8"])
    }

    /// What `systemd-analyze calendar` said about one expression.
    struct CalendarAnswer: Equatable {
        /// Nil when systemd rejected the expression.
        var normalized: String?
        /// "Next elapse:"/"Iter. #N:" values in the local zone, e.g. "Sun 2026-04-05 02:30:00 CEST".
        var localElapses: [String] = []
        /// The "(in UTC):" values, when systemd printed them.
        var utcElapses: [String] = []
        /// systemd parsed the expression but gave up computing an elapse (its
        /// 1000-step safety valve); it then prints nothing at all.
        var elapseFailed = false
    }

    static func calendar(_ expression: String, timeZone: String, baseTime: String, iterations: Int) throws -> CalendarAnswer {
        let result = try run(
            ["calendar", "--iterations", String(iterations), "--base-time", baseTime, "--", expression],
            timeZone: timeZone)
        guard result.status == 0 else {
            return CalendarAnswer(normalized: nil, elapseFailed: result.stderr.contains("Failed to determine next elapse"))
        }
        var answer = CalendarAnswer()
        for line in result.stdout.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let label = trimmed[..<colon]
            let value = String(trimmed[trimmed.index(after: colon)...].drop { $0 == " " })
            switch label {
            case "Normalized form": answer.normalized = value
            case "Next elapse" where value == "never": break
            case "Next elapse": answer.localElapses.append(value)
            case _ where label.hasPrefix("Iter. #"): answer.localElapses.append(value)
            case "(in UTC)": answer.utcElapses.append(value)
            default: break
            }
        }
        return answer
    }
}

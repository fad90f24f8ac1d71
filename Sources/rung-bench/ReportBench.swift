import Foundation
import RungPracticeHistory
import RungTime

/// The report over ten years of use: the generated practice history (5 000 attempts, 50 000
/// answers, 20 000 evidence entries) and its config written into a temporary directory, then
/// the release `rungctl` beside this binary run as a whole process, again and again, for each
/// way of reading it. Targets: `report` under 300 ms, `report --html` under 1 s, peak RSS
/// under 100 MiB. A command that fails is reported as failed, with what it said.
enum ReportBench {
    static let runs = 20

    static func run() throws {
        let directory = NSTemporaryDirectory() + "/rung-report-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/rung.sqlite3"
        let config = directory + "/rung.toml"
        // The history ends at the start of this hour: the report reads it as current, with
        // the keynote still ahead, whenever the benchmark runs.
        let end = Instant(seconds: Instant.now().seconds / 3600 * 3600)
        let size = PracticeHistory.Size.tenYears
        print("subject: report (ten years: \(size.performances) attempts, \(size.answers) answers, \(size.evidence) evidence entries; \(runs) runs each)")

        var summary = PracticeHistory.Summary()
        let generation = try measure {
            summary = try PracticeHistory.write(to: store, size: size, end: end)
            try PracticeHistory.configText(end: end).write(toFile: config, atomically: true, encoding: .utf8)
        }
        let storeSize = (try? FileManager.default.attributesOfItem(atPath: store)[.size] as? NSNumber)?.doubleValue ?? 0
        print(String(format: "  %@%8.2f s (%d occurrences, %d deliveries, %d debriefs; %.1f MiB)", label("generate the history"),
                     generation, summary.occurrences, summary.deliveries, summary.debriefs, storeSize / 1_048_576))

        let rungctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rungctl").path
        guard FileManager.default.isExecutableFile(atPath: rungctl) else {
            print("  no rungctl beside rung-bench (\(rungctl)): build it with rung-bench")
            return
        }
        let paths = ["--config", config, "--store", store]
        var htmlRun = 0
        let commands: [(name: String, arguments: () -> [String])] = [
            ("rungctl report", { ["report"] + paths }),
            ("rungctl report --html FILE", {
                htmlRun += 1
                return ["report", "--html", directory + "/report-\(htmlRun).html"] + paths
            }),
            ("rungctl report --json", { ["report", "--json"] + paths }),
            ("rungctl log --no-pager", { ["log", "--no-pager"] + paths }),
        ]
        // Linux starts a spawned child's high-water mark at its parent's, so a peak here is
        // never below this process's own (the history it generated): below that, measure
        // with `/usr/bin/time -f %M`.
        var own = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &own)
        print(String(format: "  (peak RSS of rung-bench itself: %.1f MiB, the floor of the figures below)", Double(own.ru_maxrss) / 1024))
        for command in commands {
            var times: [Double] = []
            var cpuTimes: [Double] = []
            var peak = 0
            var failure: String?
            for _ in 0..<runs {
                let result = try runProcess(rungctl, command.arguments())
                guard result.status == 0 else {
                    failure = "exit status \(result.status): " + result.errorText.split(separator: "\n").prefix(2).joined(separator: " ")
                    break
                }
                times.append(result.seconds)
                cpuTimes.append(result.cpuSeconds)
                peak = max(peak, result.maxRSSKiB)
            }
            if let failure {
                print("  \(label(command.name))failed (\(failure))")
            } else {
                times.sort()
                cpuTimes.sort()
                print(String(format: "  %@%8.1f ms median, %.1f ms max (CPU %.1f ms median), peak RSS %.1f MiB", label(command.name),
                             times[times.count / 2] * 1000, times[times.count - 1] * 1000, cpuTimes[cpuTimes.count / 2] * 1000,
                             Double(peak) / 1024))
            }
        }
    }

    private struct Finished {
        var status: Int32
        var seconds: Double
        /// User and system time: what the process cost, whatever else the machine ran.
        var cpuSeconds: Double
        var maxRSSKiB: Int
        var errorText: String
    }

    /// Runs `executable` to its end, its output thrown away and its errors kept, and
    /// measures its wall time and, from `wait4`, its CPU time and peak resident set.
    private static func runProcess(_ executable: String, _ arguments: [String]) throws -> Finished {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("rung-report-bench-\(getpid()).err").path
        defer { unlink(errors) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let exited = status & 0x7f == 0
        let errorText = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        return Finished(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), seconds: seconds,
            cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
            maxRSSKiB: usage.ru_maxrss, errorText: errorText)
    }

    private static func label(_ text: String) -> NSString {
        text.padding(toLength: 40, withPad: " ", startingAt: 0) as NSString
    }
}

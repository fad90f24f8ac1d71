import Foundation

/// `rung-bench`: the in-process benchmarks behind BENCHMARKS.md. Each subject is a
/// function in its own file; `rung-bench SUBJECT` runs one, `rung-bench` lists them.
@main
enum RungBench {
    static let subjects: [String: @Sendable () throws -> Void] = [
        "calendar": CalendarBench.run,
        "coaching": CoachingBench.run,
        "config": ConfigBench.run,
        "daemon": DaemonBench.run,
        "notify": NotifyBench.run,
        "report": ReportBench.run,
        "scheduler": SchedulerBench.run,
        "store": StoreBench.run,
        "timezone": TimeZoneBench.run,
    ]

    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let run = subjects[name] else {
            print("usage: rung-bench SUBJECT\nsubjects: \(subjects.keys.sorted().joined(separator: ", "))")
            exit(arguments.isEmpty ? 0 : 64)
        }
        try run()
    }
}

import Foundation
import Glibc
import RungTestSupport
import Testing

/// Every config of the bad-input corpus is refused with `FILE:LINE:COL: error:` and exit 1,
/// without a crash or a hang; a running rungd asked to reload one keeps its config and
/// still answers.
@Suite("Bad-input corpus: configs", .serialized)
struct ConfigCorpusTests {
    /// A bound on a hang, not a measure of speed: the machine may be busy.
    static let limit = Duration.seconds(20)

    @Test("rungctl check-config refuses every corpus config, naming file, line and column")
    func checkConfigRefusesEach() async throws {
        let files = try BadInputCorpus.configFiles()
        try #require(!files.isEmpty, "the corpus is missing")
        let tally = CorpusTally("config")
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Two at a time: the machine's cores, shared with the rest of the test run.
            var pending = files[...]
            for _ in 0..<2 {
                guard let file = pending.popFirst() else { break }
                group.addTask { try await Self.check(file, into: tally) }
            }
            while try await group.next() != nil {
                guard let file = pending.popFirst() else { continue }
                group.addTask { try await Self.check(file, into: tally) }
            }
        }
        print(tally.summary)
        for problem in tally.problems { Issue.record(Comment(rawValue: problem)) }
    }

    private static func check(_ file: String, into tally: CorpusTally) async throws {
        let name = URL(fileURLWithPath: file).lastPathComponent
        let category = BadInputCorpus.category(ofConfig: file)
        guard let head = FileManager.default.contents(atPath: file)?.prefix(2), head.first == UInt8(ascii: "#") else {
            tally.record(category, "\(name): the first line is not a comment saying what is wrong")
            return
        }
        let outcome = try await LimitedRun.run(
            ProcessRunner.product("rungctl"), ["check-config", "--config", file], environment: ["TZ": "UTC"], limit: limit)
        tally.record(category, problem(outcome, file: file).map { "\(name): \($0)" })
    }

    /// What is wrong with how check-config answered `file`, or nil.
    static func problem(_ outcome: LimitedRun.Outcome, file: String) -> String? {
        if let end = outcome.abnormalEnd { return end }
        if outcome.status == 0 { return "accepted (exit 0)" }
        let stderr = outcome.stderrText
        let located = stderr.split(separator: "\n").contains { line in
            guard line.hasPrefix(file + ":") else { return false }
            let fields = line.dropFirst(file.count + 1).split(separator: ":", maxSplits: 2)
            return fields.count == 3 && Int(fields[0]) != nil && Int(fields[1]) != nil && fields[2].hasPrefix(" error: ")
        }
        if !located { return "exit \(outcome.status) without FILE:LINE:COL: error: \(stderr.prefix(200).debugDescription)" }
        return nil
    }

    /// Representative bad configs: a span beyond any plan, a calendar repetition of a
    /// microsecond, a year beyond any plan, deep nesting, a syntax error, bytes that are not UTF-8.
    static let reloaded = [
        "span-debrief-escalate_after-300000y.toml", "calendar-check_in-00.toml", "year-at-string-300000.toml",
        "nesting-arrays-20000.toml", "toml-unclosed-array.toml", "toml-invalid-utf8.toml",
    ]

    @Test("rungd asked to reload a corpus config refuses it, keeps its own and still answers")
    func reloadKeepsTheRunningConfig() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("""
            [performance.talk]
            title = "Team talk"
            at = \(RungdHarness.tomlDate(secondsFromNow: 86_400))
            duration = "30min"
            """)
        let good = try String(contentsOfFile: rungd.configPath, encoding: .utf8)
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let planned = await Self.next(rungd)
        #expect(planned != nil)
        let folder = BadInputCorpus.directory.appendingPathComponent("config")
        for name in Self.reloaded {
            try FileManager.default.removeItem(atPath: rungd.configPath)
            try FileManager.default.copyItem(atPath: folder.appendingPathComponent(name).path, toPath: rungd.configPath)
            let reload = try await LimitedRun.run(ProcessRunner.product("rungctl"), ["reload"], environment: rungd.environment, limit: Self.limit)
            #expect(reload.abnormalEnd == nil && reload.status == 1, "\(name): reload exit \(reload.status): \(reload.stderrText)")
            #expect(reload.stderrText.contains("error"), "\(name): \(reload.stderrText)")
            let status = try await LimitedRun.run(ProcessRunner.product("rungctl"), ["status", "--json"], environment: rungd.environment, limit: Self.limit)
            let document = try? JSONSerialization.jsonObject(with: status.stdout) as? [String: Any]
            if rungd.process?.isRunning != true || status.status != 0 {
                Issue.record("\(name): rungd \(rungd.process?.isRunning == true ? "no longer answers" : "ended: \(rungd.crashSummary)")")
                try good.write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
                rungd.signal(SIGKILL)
                _ = await rungd.waitForExit()
                #expect(try await rungd.startUntilReady(), "stderr: \(rungd.crashSummary)")
                continue
            }
            #expect((document?["config_errors"] as? [String])?.isEmpty == false, "\(name): status shows no refused reload: \(String(decoding: status.stdout.prefix(300), as: UTF8.self))")
            #expect(await Self.next(rungd) == planned, "\(name): rungd no longer plans as it did")
            // Each case starts from the good config, even after one rungd took.
            try good.write(toFile: rungd.configPath, atomically: true, encoding: .utf8)
            let restore = try await rungd.rungctl(["reload"])
            #expect(restore.status == 0, "\(restore.stderr)")
        }
        #expect(await rungd.stop() == 0)
    }

    /// The id of the next prompt rungd plans, from `rungctl status --json`.
    static func next(_ rungd: RungdHarness) async -> String? {
        guard let status = try? await rungd.rungctl(["status", "--json"]) else { return nil }
        let document = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        return (document?["next"] as? [String: Any])?["id"] as? String
    }
}

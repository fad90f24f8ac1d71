import Foundation
import Glibc
import RungCore
import RungTestSupport
import RungTime

/// A real `rungd` in a private world: temporary XDG directories, a config, a hook script
/// that records every prompt it receives, and a notification socket standing in for
/// systemd's. Each test owns one and stops it, even when the test fails.
final class RungdHarness: @unchecked Sendable {
    // Safe: a harness belongs to one test; the process and files it holds are touched
    // from that test's task only (the NOTIFY socket is read on demand, never concurrently).
    let root: URL
    var process: Process?
    private let notify: NotifyListener

    var configPath: String { root.appendingPathComponent("config/rung/rung.toml").path }
    var storePath: String { root.appendingPathComponent("data/rung/rung.sqlite3").path }
    var runtimeDirectory: String { root.appendingPathComponent("runtime").path }
    var hookLog: String { root.appendingPathComponent("hook.jsonl").path }
    var hookPath: String { root.appendingPathComponent("hook.sh").path }
    var stderrPath: String { root.appendingPathComponent("rungd.stderr").path }
    var notifyPath: String { root.appendingPathComponent("notify").path }

    /// The environment rungd and rungctl run in.
    var environment: [String: String?] {
        [
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
            "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_RUNTIME_DIR": runtimeDirectory,
            "NOTIFY_SOCKET": notifyPath,
            "TZ": "UTC",
            "JOURNAL_STREAM": nil,
            // Colour and width as a terminal gives them, whatever the test run was started with.
            "NO_COLOR": nil, "COLUMNS": nil,
        ]
    }

    init() throws {
        root = URL(fileURLWithPath: "/tmp").appendingPathComponent("rungd-test-\(UUID().uuidString.prefix(8))")
        for directory in ["config/rung", "data", "runtime"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        chmod(root.appendingPathComponent("runtime").path, 0o700)
        try "#!/bin/sh\nline=$(tr -d '\\n')\nprintf '%s\\n' \"$line\" >> '\(root.path)/hook.jsonl'\n"
            .write(toFile: root.appendingPathComponent("hook.sh").path, atomically: true, encoding: .utf8)
        chmod(root.appendingPathComponent("hook.sh").path, 0o755)
        notify = try NotifyListener(path: root.appendingPathComponent("notify").path)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// A config whose one channel is the recording hook, plus `body`; `rung` adds keys to
    /// the `[rung]` table (e.g. `quiet_hours`).
    func writeConfig(_ body: String, timezone: String = "UTC", rung: String = "") throws {
        let text = """
            [rung]
            timezone = "\(timezone)"\(rung.isEmpty ? "" : "\n" + rung)
            channels = ["hook"]

            [channel.hook]
            kind = "command"
            argv = ["\(hookPath)"]
            timeout = "10s"

            \(body)
            """
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// A hook script `NAME.sh` that appends each prompt it receives to `NAME.jsonl`, then
    /// runs `behaviour` (shell; `$n` is how many prompts it has received, this one
    /// included), e.g. `exit 1` or `[ "$n" -ge 2 ] || exit 75`. Returns its path.
    @discardableResult
    func writeHook(_ name: String, _ behaviour: String = "") throws -> String {
        let path = root.appendingPathComponent("\(name).sh").path
        let log = root.appendingPathComponent("\(name).jsonl").path
        try """
            #!/bin/sh
            line=$(tr -d '\\n')
            printf '%s\\n' "$line" >> '\(log)'
            n=$(wc -l < '\(log)')
            \(behaviour)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// A config whose default chain is the hooks `chain` (written with `writeHook`), each
    /// with `timeout`, plus `body`.
    func writeConfig(chain: [String], timeout: String = "10s", _ body: String) throws {
        var text = "[rung]\ntimezone = \"UTC\"\nchannels = [\(chain.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        for name in chain {
            text += "\n[channel.\(name)]\nkind = \"command\"\nargv = [\"\(root.appendingPathComponent("\(name).sh").path)\"]\ntimeout = \"\(timeout)\"\n"
        }
        try (text + "\n" + body + "\n").write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The prompts the hook `name` (written with `writeHook`) received, in order.
    func deliveries(toHook name: String) -> [[String: Any]] {
        let log = root.appendingPathComponent("\(name).jsonl").path
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Starts rungd with `extraEnvironment` added; `launcher` (a program and its arguments,
    /// e.g. `setpriv …`) runs it when given.
    func start(extraEnvironment: [String: String] = [:], launcher: [String] = []) async throws {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [ProcessRunner.product("rungd")]
        } else {
            process.executableURL = URL(fileURLWithPath: ProcessRunner.product("rungd"))
        }
        var merged = ProcessEnvironment.current
        for (name, value) in environment { merged[name] = value }
        merged.merge(extraEnvironment) { $1 }
        process.environment = merged
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)  // if it fails, opening it throws
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        try await process.runLockingEnvironment()
        self.process = process
    }

    /// Starts rungd and waits for its `READY=1`; whether it came (the n-th time for the
    /// n-th start of this harness).
    func startUntilReady(extraEnvironment: [String: String] = [:]) async throws -> Bool {
        let readies = notifications().filter { $0.hasPrefix("READY=1") }.count
        try await start(extraEnvironment: extraEnvironment)
        return await eventually { notifications().filter { $0.hasPrefix("READY=1") }.count > readies }
    }

    /// SIGTERM, then rungd's exit status.
    func stop() async -> Int32 {
        signal(SIGTERM)
        return await waitForExit()
    }

    /// Sends `signal` to rungd.
    func signal(_ signal: Int32) {
        if let process { kill(process.processIdentifier, signal) }
    }

    /// Waits for rungd to exit and returns its status; SIGKILLs it after `timeout`.
    func waitForExit(timeout: Duration = .seconds(20)) async -> Int32 {
        guard let process else { return -1 }
        let exited = await eventually(timeout: timeout) { !process.isRunning }
        if !exited {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// The names of rungd's threads, as the kernel lists them.
    func threadNames() -> [String] {
        guard let pid = process?.processIdentifier else { return [] }
        let tasks = "/proc/\(pid)/task"
        return ((try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []).compactMap {
            try? String(contentsOfFile: "\(tasks)/\($0)/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Every datagram rungd sent to the notification socket so far.
    func notifications() -> [String] {
        notify.received
    }

    /// The prompts the hook received, as JSON objects, in order.
    func hookDeliveries() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: hookLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// The environment that has rungd report each pass it ends (a debug line), for
    /// `quietPass(after:)`.
    static let passReports = ["RUNG_LOG_LEVEL": "debug"]

    /// What rungd said at the end of one pass.
    struct PassReport {
        /// When the pass began: it acted on everything recorded before then.
        var began: Instant
        /// Deliveries still going when it ended, those it started included.
        var underWay: Int
        /// When rungd will pass next, unless something wakes it earlier.
        var nextDue: Instant
    }

    /// Every pass rungd has reported, oldest first (only when started with `passReports`);
    /// with `line`, only those reported after the last line that contains it.
    func passes(afterLine line: String? = nil) -> [PassReport] {
        var log = Substring(stderr)
        if let line, let found = log.range(of: line, options: .backwards) { log = log[found.upperBound...] }
        return log.split(separator: "\n").filter { $0.hasSuffix("] pass done") }.compactMap { line in
            let fields = Dictionary(line.split(separator: " ").compactMap { word -> (Substring, Int64)? in
                let parts = word.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int64(parts[1]) else { return nil }
                return (parts[0], value)
            }, uniquingKeysWith: { $1 })
            guard let began = fields["pass_began_us"], let underWay = fields["under_way"], let next = fields["next_due_us"] else { return nil }
            return PassReport(began: Instant(microseconds: began), underWay: Int(underWay), nextDue: Instant(microseconds: next))
        }
    }

    /// Waits for a pass that began at or after `instant` and left no delivery under way;
    /// nil if none came. Such a pass means rungd has acted on everything before `instant`
    /// and started nothing that could still arrive: the fact a test of "nothing more
    /// happens" waits for, instead of a while.
    ///
    /// With `through`, the pass must also have begun at or after `through`, or planned
    /// the next one after it: rungd had nothing to do up to `through`.
    /// With `line`, only passes reported after the last log line that contains it count.
    func quietPass(
        after instant: Instant = Instant(microseconds: 0), through: Instant? = nil, afterLine line: String? = nil,
        timeout: Duration = .seconds(60)
    ) async -> PassReport? {
        var found: PassReport?
        _ = await eventually(timeout: timeout, poll: .milliseconds(50)) {
            found = passes(afterLine: line).first { pass in
                pass.began >= instant && pass.underWay == 0 && through.map { pass.began >= $0 || pass.nextDue > $0 } ?? true
            }
            return found != nil
        }
        return found
    }

    /// Runs the built rungctl in this harness's environment.
    func rungctl(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.runDetached(ProcessRunner.product("rungctl"), arguments, environment: environment)
    }

    /// The whole second `seconds` from now, as a TOML offset date-time.
    static func tomlDate(secondsFromNow seconds: Int64) -> String {
        tomlDate(Instant(seconds: Instant.now().seconds + seconds))
    }

    /// `instant` as a TOML offset date-time.
    static func tomlDate(_ instant: Instant) -> String {
        TimestampFormat.iso8601(instant, in: .utc).replacingOccurrences(of: "+00:00", with: "Z")
    }
}

import Foundation
import Glibc
import GRDB
import RungCore
import RungStore
import RungTime

/// The daemon as systemd runs it, measured from outside: how late prompts fire, how much
/// memory it holds idle, how often it wakes when idle, and how it starts with a large store.
enum DaemonBench {
    static func run() throws {
        print("subject: daemon (release rungd beside this binary)")
        try fireLatency(prompts: 200)
        try idle(seconds: 60)
        try startUp(ledgerRows: 100_000)
    }

    /// A private world for one rungd.
    final class World {
        let root = URL(fileURLWithPath: "/tmp/rung-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var process: Process?
        let notify: Int32

        var config: String { root.appendingPathComponent("rung.toml").path }
        var store: String { root.appendingPathComponent("data/rung.sqlite3").path }

        init() throws {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("runtime"), withIntermediateDirectories: true)
            chmod(root.appendingPathComponent("runtime").path, 0o700)
            notify = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = root.appendingPathComponent("notify").path
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(notify, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }

        func start(extra: [String: String] = [:]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rungd")
            process.arguments = ["--config", config, "--store", store]
            var environment = ProcessInfo.processInfo.environment
            environment["XDG_RUNTIME_DIR"] = root.appendingPathComponent("runtime").path
            environment["NOTIFY_SOCKET"] = root.appendingPathComponent("notify").path
            environment["RUNG_LOG_LEVEL"] = "error"
            environment.merge(extra) { $1 }
            process.environment = environment
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
        }

        /// Blocks until READY=1 arrives, then keeps draining the socket on another thread
        /// as systemd would: an undrained notification socket blocks the daemon's sd_notify.
        func waitUntilReady() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(notify, &buffer, buffer.count, 0)
                if count > 0, String(decoding: buffer[..<count], as: UTF8.self).hasPrefix("READY=1") { break }
            }
            let notify = self.notify
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while recv(notify, &buffer, buffer.count, 0) > 0 {}
            }
        }

        /// `field` of /proc/PID/status, in KiB: VmRSS (all resident), RssAnon (the daemon's
        /// own heap and stacks), RssFile (code and data mapped from its binary and libraries).
        func residentKiB(_ field: String = "VmRSS") -> Int {
            guard let pid = process?.processIdentifier,
                  let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
            else { return -1 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }

        /// How the running daemon has the Swift libraries: linked in, as `make install` and
        /// `make bench` build it, or loaded as shared libraries, which touches more pages.
        var swiftLinkage: String {
            guard let pid = process?.processIdentifier,
                  let maps = try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8) else { return "unknown" }
            return maps.contains("/libswiftCore.so") ? "shared (built without --static-swift-stdlib)" : "static"
        }

        /// Context switches of all the daemon's threads so far: every wake-up is one.
        func contextSwitches() -> Int {
            guard let pid = process?.processIdentifier,
                  let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return -1 }
            return tasks.reduce(0) { total, task in
                guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else { return total }
                return total + status.split(separator: "\n")
                    .filter { $0.hasPrefix("voluntary_ctxt_switches:") || $0.hasPrefix("nonvoluntary_ctxt_switches:") }
                    .compactMap { Int($0.split(separator: "\t").last ?? "") }.reduce(0, +)
            }
        }

        func stop() {
            guard let process else { return }
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }

        deinit {
            stop()
            shutdown(notify, Int32(SHUT_RDWR))
            close(notify)
            try? FileManager.default.removeItem(at: root)
        }
    }

    static func header(channelArgv: String) -> String {
        """
        [rung]
        timezone = "UTC"
        channels = ["hook"]

        [channel.hook]
        kind = "command"
        argv = \(channelArgv)

        [prompts.reframe]
        offset = "-5min"

        """
    }

    /// Due instant → command hook started (the delivery's recorded start, just before the
    /// spawn), for `prompts` reframes 150 ms apart.
    static func fireLatency(prompts: Int) throws {
        let world = try World()
        let first = Instant.now().adding(microseconds: 5 * Int64(TimeSpanUnit.minute) + 3 * Int64(TimeSpanUnit.second))
        var text = header(channelArgv: "[\"/bin/true\"]")
        for index in 0..<prompts {
            let at = first.adding(microseconds: Int64(index) * 150_000)
            let stamp = TimestampFormat.iso8601(at, in: .utc).replacingOccurrences(of: "+00:00", with: "Z")
            text += "[performance.p\(index)]\ntitle = \"P\(index)\"\nat = \(stamp)\nduration = \"1min\"\n\n"
        }
        try text.write(toFile: world.config, atomically: true, encoding: .utf8)
        try world.start()
        world.waitUntilReady()
        let store = try Store(path: world.store)
        let deadline = Date().addingTimeInterval(Double(prompts) * 0.15 + 30)
        while (try store.occurrences(in: [.delivered]).count) < prompts, Date() < deadline {
            usleep(200_000)
        }
        var latencies: [Int64] = []
        for record in try store.occurrences(in: [.delivered, .failed]) {
            guard let started = try store.deliveries(of: record.id).first?.startedAt else { continue }
            latencies.append(started.microseconds - record.dueAt.microseconds)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1000
        }
        print(String(format: "  fire latency over %d prompts: p50 %.2f ms, p99 %.2f ms, max %.2f ms", latencies.count, percentile(0.5), percentile(0.99), percentile(1.0)))
    }

    /// Resident memory with the example config, and wake-ups in `seconds` of idling with
    /// the watchdog at 20 s (so 10 s pings) and without it.
    static func idle(seconds: UInt32) throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/rung.toml").standardized.path
        for watchdog in [false, true] {
            let world = try World()
            try String(contentsOfFile: example, encoding: .utf8).write(toFile: world.config, atomically: true, encoding: .utf8)
            try world.start(extra: watchdog ? ["WATCHDOG_USEC": "20000000"] : [:])
            world.waitUntilReady()
            sleep(2)
            let before = world.contextSwitches()
            sleep(seconds)
            let wakeUps = world.contextSwitches() - before
            print("  idle with Config/rung.toml\(watchdog ? ", WatchdogSec=20s" : ""): RSS \(world.residentKiB()) KiB (anonymous \(world.residentKiB("RssAnon")) KiB, file-backed code \(world.residentKiB("RssFile")) KiB), \(wakeUps) context switches in \(seconds) s; Swift libraries \(world.swiftLinkage)")
        }
    }

    /// Time to READY=1 and RSS with a ledger of `ledgerRows` past occurrences and 1 000
    /// performances planned.
    static func startUp(ledgerRows: Int) throws {
        let world = try World()
        var text = header(channelArgv: "[\"/bin/true\"]")
        let now = Instant.now()
        for index in 0..<1000 {
            let at = now.adding(microseconds: Int64(index + 1) * Int64(TimeSpanUnit.hour))
            text += "[performance.p\(index)]\ntitle = \"P\(index)\"\nat = \(TimestampFormat.iso8601(at, in: .utc).replacingOccurrences(of: "+00:00", with: "Z"))\npeer = \"Jo\"\nobserver = \"Mi\"\n\n"
        }
        try text.write(toFile: world.config, atomically: true, encoding: .utf8)
        _ = try Store(path: world.store)
        // Years of history, written in one transaction straight into the ledger table.
        try DatabaseQueue(path: world.store).write { db in
            for row in 0..<ledgerRows {
                let due = now.microseconds - Int64(row + 1) * 600_000_000
                try db.execute(
                    sql: "INSERT INTO occurrence (id, kind, subject, state, due_at, delivered_at, updated_at) VALUES (?, 'reframe', ?, ?, ?, ?, ?)",
                    arguments: [String(format: "%016x", row), "performance:p\(row % 1000)", row % 3 == 0 ? "answered" : "delivered", due, due, due])
            }
        }
        let start = ContinuousClock.now
        try world.start()
        world.waitUntilReady()
        let elapsed = ContinuousClock.now - start
        print("  start-up with \(ledgerRows) ledger rows and 1000 performances: READY after \(elapsed.formatted(.units(allowed: [.milliseconds]))), RSS \(world.residentKiB() / 1024) MiB")
    }
}

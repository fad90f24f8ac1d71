import Foundation
import Glibc
import RungCore
import RungStore
import RungTime

/// The desktop channel against a real notification server: a private session bus and dunst
/// on an Xvfb display of their own, with a release rungd delivering reframes to it.
enum NotifyBench {
    static func run() throws {
        print("subject: desktop notifications (release rungd, dbus-daemon, dunst under Xvfb)")
        let peers = try Peers()
        defer { peers.stop() }
        try notifyLatency(prompts: 200, peers: peers)
    }

    /// dbus-daemon, Xvfb and dunst, each a child of this benchmark.
    final class Peers {
        let root = URL(fileURLWithPath: "/tmp/rung-bench-bus-\(getpid())")
        var processes: [Process] = []
        var busAddress = ""

        init() throws {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("config/dunst"), withIntermediateDirectories: true)
            try "[global]\n    notification_limit = 5\n".write(
                to: root.appendingPathComponent("config/dunst/dunstrc"), atomically: true, encoding: .utf8)
            let bus = root.appendingPathComponent("bus").path
            busAddress = "unix:path=\(bus)"
            _ = try start("/usr/bin/dbus-daemon", ["--session", "--nofork", "--address=\(busAddress)", "--print-address=1"], firstLine: true)
            let display = try start("/usr/bin/Xvfb", ["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"], firstLine: true)
            _ = try start("/usr/bin/dunst", [], environment: [
                "DISPLAY": ":" + display, "DBUS_SESSION_BUS_ADDRESS": busAddress,
                "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
            ])
            // dunst owns org.freedesktop.Notifications once it answers GetServerInformation.
            for _ in 0..<100 {
                let answered = try run("/usr/bin/busctl", [
                    "--address=\(busAddress)", "call", "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications", "GetServerInformation",
                ])
                if answered { return }
                usleep(100_000)
            }
            throw BenchError("dunst did not appear on the bus")
        }

        /// Starts `path`; with `firstLine`, returns the first line it prints (an address, a
        /// display number) once it has printed it.
        private func start(_ path: String, _ arguments: [String], environment: [String: String] = [:], firstLine: Bool = false) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = Pipe()
            process.standardOutput = firstLine ? output : FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            guard firstLine else { return "" }
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { throw BenchError("\(path) ended before it printed its first line") }
                line.append(chunk)
            }
            return String(decoding: line.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        }

        /// Runs `path` against this bus, waits for it, and says whether it exited 0.
        @discardableResult
        func run(_ path: String, _ arguments: [String]) throws -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["DBUS_SESSION_BUS_ADDRESS": busAddress]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        }

        func stop() {
            for process in processes.reversed() where process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// Due instant → `Notify` returned (the delivery's recorded end), for `prompts` reframes
    /// 150 ms apart through a desktop channel; and rungd's memory before and after.
    static func notifyLatency(prompts: Int, peers: Peers) throws {
        let world = try DaemonBench.World()
        let first = Instant.now().adding(microseconds: 5 * Int64(TimeSpanUnit.minute) + 4 * Int64(TimeSpanUnit.second))
        var text = """
            [rung]
            timezone = "UTC"
            channels = ["desktop"]

            [channel.desktop]
            kind = "desktop"
            expire_timeout = "2s"

            [prompts.reframe]
            offset = "-5min"


            """
        for index in 0..<prompts {
            let at = first.adding(microseconds: Int64(index) * 150_000)
            let stamp = TimestampFormat.iso8601(at, in: .utc).replacingOccurrences(of: "+00:00", with: "Z")
            text += "[performance.p\(index)]\ntitle = \"P\(index)\"\nat = \(stamp)\nduration = \"1min\"\n\n"
        }
        try text.write(toFile: world.config, atomically: true, encoding: .utf8)
        try world.start(extra: ["DBUS_SESSION_BUS_ADDRESS": peers.busAddress])
        world.waitUntilReady()
        let before = world.residentKiB()
        let store = try Store(path: world.store)
        let deadline = Date().addingTimeInterval(Double(prompts) * 0.15 + 30)
        while try store.occurrences(in: [.delivered, .failed]).count < prompts, Date() < deadline {
            usleep(200_000)
        }
        var latencies: [Int64] = []
        var failed = 0
        for record in try store.occurrences(in: [.delivered, .failed]) {
            guard let delivery = try store.deliveries(of: record.id).last, let ended = delivery.endedAt, delivery.outcome == .sent else {
                failed += 1
                continue
            }
            latencies.append(ended.microseconds - record.dueAt.microseconds)
        }
        latencies.sort()
        guard !latencies.isEmpty else { throw BenchError("no prompt reached the notification server") }
        func percentile(_ p: Double) -> Double {
            Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1000
        }
        print(String(format: "  due → Notify returned over %d prompts (%d not delivered): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                     latencies.count, failed, percentile(0.5), percentile(0.99), percentile(1.0)))
        sleep(3)
        print("  rungd RSS: \(before) KiB before the first notification, \(world.residentKiB()) KiB with the desktop channel connected (anonymous \(world.residentKiB("RssAnon")) KiB)")
        // dunst closes what it showed as it expires, and each close is a signal rungd reads:
        // close everything, then count what wakes rungd with nothing happening.
        try peers.run("/usr/bin/dunstctl", ["close-all"])
        sleep(3)
        let switches = world.contextSwitches()
        sleep(30)
        print("  idle afterwards, bus connection open: \(world.contextSwitches() - switches) context switches in 30 s")
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import RungTestSupport
import RungCore
import RungStore
import RungTime

/// The store at the scale of years of use: 100 000 evidence entries and 100 000 responses,
/// each written in its own transaction as rungctl and rungd write them; then the file
/// size, full-text search (in process and as a whole `rungctl` process) and JSON export.
enum StoreBench {
    static let entries = 100_000
    static let words = [
        "presented", "update", "standup", "meeting", "question", "answered", "slides", "notes",
        "audience", "voice", "steady", "pause", "eye", "contact", "team", "manager", "client",
        "demo", "story", "opening", "closing", "budget", "feedback", "asked", "volunteered",
    ]

    static func run() throws {
        let directory = NSTemporaryDirectory() + "/rung-store-bench-\(getpid())"
        let path = directory + "/rung.sqlite3"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(path: path)
        var generator = SplitMix64(seed: 42)
        let base = Instant(seconds: 1_577_836_800)
        print("subject: store (\(entries) evidence entries, \(entries) responses, one transaction each)")

        let evidenceTime = try measure {
            for index in 0..<entries {
                // One entry in a thousand mentions a rare word, for a selective search.
                let rare = index % 1000 == 0 ? " zeppelin" : ""
                let when = base.adding(microseconds: Int64(index) * 600_000_000)
                try store.addEvidence(Evidence(
                    skill: ["public-speaking", "negotiation", "assertiveness"][index % 3], rung: 1 + index % 7,
                    what: sentence(8, &generator) + rare, detail: sentence(14, &generator),
                    happenedAt: when, recordedAt: when))
            }
        }
        report("evidence insert", count: entries, seconds: evidenceTime)

        let responseTime = try measure {
            for index in 0..<entries {
                let when = base.adding(microseconds: Int64(index) * 600_000_000)
                let id = String(UInt64(index) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
                try store.recordPlanned(OccurrenceRecord(id: id, kind: .debrief, subject: "performance:standup", dueAt: when, updatedAt: when))
                try store.recordResponse(Response(occurrenceID: id, answer: "success", via: .button, channel: "desktop", answeredAt: when))
            }
        }
        report("occurrence + response (2 transactions)", count: entries, seconds: responseTime)

        let size = fileSize(path) + fileSize(path + "-wal")
        print(String(format: "  %@%8.1f MiB (database + WAL)", label("file size"), Double(size) / 1_048_576))

        for query in ["zeppelin", "steady voice", "presented"] {
            var found = 0
            let times = try (0..<30).map { _ in
                try measure { found = try store.searchEvidence(query).count }
            }
            print(String(format: "  %@%8.2f ms median, %.2f ms max (%d shown)",
                         label("search '\(query)'"), median(times) * 1000, (times.max() ?? 0) * 1000, found))
        }

        let rungctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rungctl").path
        if FileManager.default.isExecutableFile(atPath: rungctl) {
            for query in ["zeppelin", "steady voice"] {
                let times = try (0..<20).map { _ in
                    try measure { try runQuietly(rungctl, ["evidence", "search", "--store", path] + query.split(separator: " ").map(String.init)) }
                }
                print(String(format: "  %@%8.2f ms median, %.2f ms max (whole process)",
                             label("rungctl evidence search '\(query)'"), median(times) * 1000, (times.max() ?? 0) * 1000))
            }
        }

        var bytes = 0
        let exportTime = try measure {
            try store.exportJSON(since: nil, exportedAt: base) { bytes += $0.utf8.count }
        }
        print(String(format: "  %@%8.2f s (%.1f MiB)", label("export --format json"), exportTime, Double(bytes) / 1_048_576))
    }

    private static func sentence(_ count: Int, _ generator: inout SplitMix64) -> String {
        (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
    }

    private static func report(_ name: String, count: Int, seconds: Double) {
        print(String(format: "  %@%8.0f per second (%.1f s)", label(name), Double(count) / seconds, seconds))
    }

    private static func label(_ text: String) -> NSString {
        text.padding(toLength: 40, withPad: " ", startingAt: 0) as NSString
    }

    private static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func runQuietly(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }
}

import Foundation
import Glibc
import RungTestSupport
import Testing

/// rungd's log entries as journald receives them: in a private mount namespace the test
/// puts its own listener at /run/systemd/journal/socket, where libsystemd sends them.
@Suite("Journal logging")
struct JournalLoggingTests {
    static let script = #"""
        set -euo pipefail
        root=$1 rungd=$2
        mount --bind "$root/fakerun" /run/systemd
        python3 - "$root" <<'PY' &
        import socket, sys
        root = sys.argv[1]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind("/run/systemd/journal/socket")
        s.settimeout(120)
        open(root + "/listening", "w").close()
        with open(root + "/journal.bin", "ab") as out:
            while True:
                data = s.recv(1 << 20)
                out.write(len(data).to_bytes(4, "big") + data)
                out.flush()
        PY
        listener=$!
        trap 'kill -KILL "$listener" 2>/dev/null || true' EXIT
        for _ in $(seq 400); do [ -e "$root/listening" ] && break; sleep 0.05; done
        : > "$root/rungd.stderr"
        stream=$(stat -c %d:%i "$root/rungd.stderr")
        JOURNAL_STREAM=$stream XDG_RUNTIME_DIR="$root/runtime" "$rungd" --config "$root/rung.toml" --store "$root/rung.sqlite3" 2>> "$root/rungd.stderr" &
        pid=$!
        for _ in $(seq 400); do grep -qa "MESSAGE=started" "$root/journal.bin" 2>/dev/null && break; sleep 0.05; done
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" || true
        """#

    /// The entries in the listener's file: each datagram's `NAME=value` fields.
    static func entries(in data: Data) -> [[String: String]] {
        var entries: [[String: String]] = []
        var offset = 0
        let bytes = [UInt8](data)
        while offset + 4 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            let datagram = bytes[offset..<min(offset + length, bytes.count)]
            offset += length
            var fields: [String: String] = [:]
            for line in datagram.split(separator: UInt8(ascii: "\n")) {
                let text = String(decoding: line, as: UTF8.self)
                if let equals = text.firstIndex(of: "=") {
                    fields[String(text[..<equals])] = String(text[text.index(after: equals)...])
                }
            }
            entries.append(fields)
        }
        return entries
    }

    @Test("with JOURNAL_STREAM naming its stderr, rungd writes structured entries to the journal and nothing to stderr", .enabled(if: getuid() == 0, "needs root for a private mount namespace (CI runs as root)"))
    func entriesReachTheJournal() async throws {
        let root = URL(fileURLWithPath: "/tmp").appendingPathComponent("rung-journal-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        for directory in ["fakerun/journal", "runtime"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        chmod(root.appendingPathComponent("runtime").path, 0o700)
        try "[rung]\ntimezone = \"UTC\"\n".write(to: root.appendingPathComponent("rung.toml"), atomically: true, encoding: .utf8)
        let result = try await ProcessRunner.runDetached(
            "/usr/bin/unshare", ["-m", "--propagation", "private", "bash", "-c", Self.script, "bash", root.path, ProcessRunner.product("rungd")])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = Self.entries(in: (try? Data(contentsOf: root.appendingPathComponent("journal.bin"))) ?? Data())
        let started = try #require(entries.first { $0["MESSAGE"] == "started" }, "entries: \(entries)")
        #expect(started["PRIORITY"] == "6")
        #expect(started["SYSLOG_IDENTIFIER"] == "rungd")
        #expect(started["MESSAGE_ID"] == "6f1b3e0c2a9d4b7e8c5a1f3d2e4b6a80")
        #expect(started["CODE_FILE"]?.hasSuffix("Daemon.swift") == true)
        #expect(started["CODE_FUNC"]?.isEmpty == false)
        #expect(Int(started["CODE_LINE"] ?? "") != nil)
        #expect(started["CONFIG"] == root.appendingPathComponent("rung.toml").path)
        #expect(entries.contains { $0["MESSAGE"] == "stopping" })
        let stderr = try String(contentsOf: root.appendingPathComponent("rungd.stderr"), encoding: .utf8)
        #expect(stderr == "", "logs went to stderr as well: \(stderr)")
    }
}

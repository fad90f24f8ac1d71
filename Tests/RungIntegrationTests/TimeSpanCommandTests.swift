import Foundation
import RungTestSupport
import Testing

@Suite("rungctl timespan")
struct TimeSpanCommandTests {
    @Test("prints each span as systemd-analyze timespan does")
    func humanOutput() async throws {
        let result = try await rungctl(["timespan", "1h 30min", "2.5"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            Original: 1h 30min
                  μs: 5400000000
               Human: 1h 30min

            Original: 2.5
                  μs: 2500000
               Human: 2.500000s

            """)
    }

    @Test("prints the same bytes as systemd-analyze timespan, down to how the Original: line trims and indents", arguments: [
        "5min  ", "5min\t", "  5min", "5\nmin", "1h\n30min\n", "\n5min", "5\n\nmin", "1h\n\n", "5min \n ",
        "5\r\nmin", "5min\r", "5\rmin", "5min \r\n\t", "5µs", "5μs", "\u{0B}5min", "\u{0C}+5 \u{0B}-0.5s",
    ])
    func sameBytesAsSystemd(span: String) async throws {
        let systemdAnalyze = try #require(
            ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "systemd-analyze is needed: make test installs it")
        let theirs = try await ProcessRunner.runDetached(
            systemdAnalyze, ["timespan", "--", span, "1h"], environment: ["SYSTEMD_COLORS": "0", "LC_ALL": "C.UTF-8"])
        let ours = try await rungctl(["timespan", "--", span, "1h"])
        #expect(theirs.status == 0, "\(theirs.stderr)")
        #expect(ours.status == theirs.status)
        #expect(Array(ours.stdout.utf8) == Array(theirs.stdout.utf8), "rungctl:\n\(ours.stdout)systemd-analyze:\n\(theirs.stdout)")
    }

    @Test("--json prints one object per span")
    func jsonOutput() async throws {
        let result = try await rungctl(["timespan", "--json", "15min", "500ms"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            {"original": "15min", "microseconds": 900000000, "normalized": "15min"}
            {"original": "500ms", "microseconds": 500000, "normalized": "500ms"}

            """)
    }

    @Test("stops at the first bad span with a message naming it and exit 1")
    func badSpan() async throws {
        let result = try await rungctl(["timespan", "1h", "5x", "2"])
        #expect(result.status == 1)
        #expect(result.stdout == "Original: 1h\n      μs: 3600000000\n   Human: 1h\n\n")
        #expect(result.stderr == "Failed to parse time span '5x': unknown unit 'x'\n")
    }
}

/// Runs the built `rungctl` with `arguments`.
func rungctl(_ arguments: [String], environment: [String: String?] = [:]) async throws -> ProcessRunner.Result {
    try await ProcessRunner.runDetached(ProcessRunner.product("rungctl"), arguments, environment: environment)
}

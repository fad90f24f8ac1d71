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

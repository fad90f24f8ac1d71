import Testing
import RungTestSupport

@Suite("rungctl calendar")
struct CalendarCommandTests {
    @Test("--iterations beyond its bound is refused before any elapse is computed", arguments: ["0", "100001", "9223372036854775807"])
    func iterationsOutOfRange(iterations: String) async throws {
        let result = try await rungctl(["calendar", "--iterations", iterations, "daily"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--iterations must be between 1 and 100000."), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("--iterations at its bound is served")
    func iterationsAtTheBound() async throws {
        let result = try await rungctl(["calendar", "--iterations", "100000", "--base-time", "2027-01-01T00:00:00+00:00", "minutely"], environment: ["TZ": "UTC"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Iter. #100000: Thu 2027-03-11 10:40:00 UTC"), "\(result.stdout.suffix(200))")
    }
}

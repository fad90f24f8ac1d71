import RungCore
import RungTestSupport
import Testing

@Suite("--version")
struct VersionTests {
    @Test("rungd and rungctl print the one version they share, and exit 0", arguments: ["rungd", "rungctl"])
    func version(program: String) async throws {
        let result = try await ProcessRunner.runDetached(ProcessRunner.product(program), ["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "\(program) 0.17.0\n")
        #expect(result.stdout == "\(program) \(RungVersion.current)\n")
        #expect(result.stderr == "")
    }
}

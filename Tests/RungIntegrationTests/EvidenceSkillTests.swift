import Foundation
import RungTestSupport
import Testing

/// With a config, `rungctl evidence add` knows which skills (ladders) and rungs exist.
@Suite("Evidence skills from the config")
struct EvidenceSkillTests {
    @Test("an unknown skill or rung is refused with the ladders named; nothing is written")
    func skillsComeFromTheConfig() async throws {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("rung-skill-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("rung.toml").path
        try """
            [ladder.talks]
            skill = "giving a talk"
            rungs = [
                { title = "Explain it to a friend", stakes = "low" },
                { title = "Stand-up update", stakes = "low" },
                { title = "Team demo", stakes = "medium" },
            ]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let store = directory.appendingPathComponent("rung.sqlite3").path
        let common = ["evidence", "add", "--config", config, "--store", store]

        let unknown = try await rungctl(common + ["--skill", "talk", "explained property tests to Sam"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown skill 'talk'"))
        #expect(unknown.stderr.contains("its ladders are talks (did you mean 'talks'?)"))

        let offLadder = try await rungctl(common + ["--skill", "talks", "--rung", "4", "gave the demo"])
        #expect(offLadder.status != 0)
        #expect(offLadder.stderr.contains("rung 4 is not on the talks ladder, which has rungs 1 to 3"))

        let added = try await rungctl(common + ["--skill", "talks", "--rung", "2", "gave the stand-up update without notes"])
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try await rungctl(["evidence", "list", "--store", store, "--json"])
        #expect(listed.stdout.components(separatedBy: "\"what\"").count - 1 == 1, "\(listed.stdout)")
    }
}

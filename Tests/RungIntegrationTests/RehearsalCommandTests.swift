import Foundation
import Testing

@Suite("rungctl upcoming and check-config with rehearsals")
struct RehearsalCommandTests {
    /// A config with a keynote `daysAhead` days from now at 09:00 UTC, on a ladder with a
    /// medium rung below it, and `extra` after it.
    private func write(daysAhead: Int, _ extra: String = "") throws -> String {
        let keynote = Date().addingTimeInterval(Double(daysAhead) * 86_400)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rung-rehearsal-\(UUID().uuidString).toml").path
        try """
            [rung]
            timezone = "UTC"
            [channel.desk]
            kind = "desktop"
            [ladder.talks]
            skill = "giving a talk"
            rungs = [
                { title = "Tell a friend", stakes = "low" }, { title = "Stand-up", stakes = "low" },
                { title = "Lunch talk", stakes = "low" }, { title = "Team demo", stakes = "medium" },
                { title = "Keynote", stakes = "high" },
            ]
            [performance.keynote]
            title = "Conference keynote"
            ladder = "talks"
            rung = "Keynote"
            at = \(formatter.string(from: keynote))T09:00:00Z
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("upcoming names each rehearsal's performance, lead and rung, in the table and in JSON")
    func upcoming() async throws {
        let path = try write(daysAhead: 12)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try await rungctl(["upcoming", "--config", path, "--days", "14"])
        #expect(text.status == 0)
        for days in [10, 4, 1] {
            let lead = days == 1 ? "1 day" : "\(days) days"
            #expect(text.stdout.contains("  rehearsal \(lead) before Conference keynote: rung 4, Team demo (medium stakes)\n"), "\(text.stdout)")
        }
        let json = try await rungctl(["upcoming", "--json", "--config", path, "--days", "14"])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let rehearsals = objects.filter { $0["kind"] as? String == "rehearsal" }
        #expect(rehearsals.map { $0["rehearsal"] as? String } == [10, 4, 1].map {
            "\($0 == 1 ? "1 day" : "\($0) days") before Conference keynote: rung 4, Team demo (medium stakes)"
        })
        #expect(objects.filter { $0["kind"] as? String != "rehearsal" }.allSatisfy { $0["rehearsal"] == nil })
    }

    @Test("check-config warns when most attempts before a high-stakes date fall in its last 48 hours")
    func massedPractice() async throws {
        let spaced = try write(daysAhead: 12)
        defer { try? FileManager.default.removeItem(atPath: spaced) }
        let calm = try await rungctl(["check-config", "--config", spaced])
        #expect(calm.status == 0)
        #expect(calm.stderr == "")
        let massed = try write(daysAhead: 12, """
            [prompts.rehearsal]
            days_before = [2, 1]
            """)
        defer { try? FileManager.default.removeItem(atPath: massed) }
        let warned = try await rungctl(["check-config", "--config", massed])
        #expect(warned.status == 0)
        #expect(warned.stderr.hasPrefix("\(massed): warning: 2 of the 2 attempts planned on ladder 'talks' in the 14 days before Conference keynote ("), "\(warned.stderr)")
        #expect(warned.stdout.hasPrefix("\(massed): OK (1 warning)\n"))
        let json = try await rungctl(["check-config", "--json", "--config", massed])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["massed_practice"] as? [[String: Any]])
        #expect(warnings.map { [$0["performance"] as? String, $0["ladder"] as? String] } == [["keynote", "talks"]])
        #expect(warnings.map { [$0["attempts"] as? Int, $0["in_last_48h"] as? Int] } == [[2, 2]])
    }
}

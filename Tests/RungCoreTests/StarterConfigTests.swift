import RungCore
import Testing

/// The first config `rungctl init` writes: ids from the person's words, and text that the
/// config reader reads back to exactly what was given, whatever the words hold.
@Suite("Starter config")
struct StarterConfigTests {
    @Test("ids come from the words, in lower-case ASCII joined by '-'", arguments: [
        ("Giving a talk", "giving-a-talk"), ("Piano", "piano"), ("Talks @ work, 2027!", "talks-work-2027"),
        ("Schwierige Gespräche führen", "schwierige-gespr-che-f"), ("日本語", "skill"),
        ("one two three four five", "one-two-three-four"),
    ])
    func idFromWords(text: String, id: String) {
        #expect(StarterConfig.id(for: text) == id)
    }

    @Test("the text reads back to the ladder, rungs, performance and channels given")
    func roundTrips() throws {
        let titles = ["Say \"hi\" first", "Back\\slash", "Tab\there", "Line\nbreak", "Ünïcödé ✓", "Bell\u{07}"]
        let starter = StarterConfig(
            ladderID: "talks", skill: "giving a talk",
            rungs: titles.enumerated().map { StarterConfig.Step(title: $0.element, stakes: $0.offset < 4 ? .low : .medium) },
            checkIn: "Sun 18:00",
            performance: StarterConfig.NextPerformance(id: "meetup", title: "Meetup \"talk\"", when: .at("2099-03-18 19:00"), rung: 2),
            channels: [.desktop, .email(to: "me@example.org", sendmail: ["msmtp", "-t"])])
        let check = ConfigLoader.check(starter.text, path: "rung.toml")
        #expect(check.errors.isEmpty, "\(check.errors)")
        let config = try #require(check.config)
        let ladder = try #require(config.ladder("talks"))
        #expect(ladder.skill == "giving a talk")
        #expect(ladder.rungs.map(\.title) == titles)
        #expect(ladder.rungs.map(\.stakes) == [.low, .low, .low, .low, .medium, .medium])
        #expect(config.performances.map(\.title) == ["Meetup \"talk\""])
        #expect(config.channels == ["desktop", "email"])
    }

    @Test("every part of the file is explained by a comment before it")
    func commented() {
        let starter = StarterConfig(
            ladderID: "piano", skill: "piano", rungs: [StarterConfig.Step(title: "Scales", stakes: .low)], checkIn: "Sun 18:00",
            performance: nil, channels: [.desktop])
        let lines = starter.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.hasPrefix("[") && !line.hasPrefix("[rung]") {
            #expect(lines[index - 1].hasPrefix("#") || lines[index + 1].hasPrefix("#"), "\(line) has no comment")
        }
        #expect(!starter.text.contains("[performance."))
    }
}

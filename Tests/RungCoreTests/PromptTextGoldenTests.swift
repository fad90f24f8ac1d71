import Foundation
import RungTestSupport
import RungTime
import Testing
@testable import RungCore

/// Every prompt's words, rendered from one fixture config and the person's own record and
/// checked against golden files, so that a change of wording is a visible diff (COACHING.md:
/// short, specific, warm). Rewrite them with RUNG_UPDATE_GOLDEN=1.
@Suite("Prompt texts")
struct PromptTextGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let config = """
        [ladder.talks]
        skill = "giving a talk"
        rungs = [
          { title = "Two minutes to a friend", stakes = "low" },
          { title = "Stand-up update", stakes = "low" },
          { title = "Team demo", stakes = "medium" },
          { title = "Keynote at a conference", stakes = "high" },
        ]

        [performance.standup]
        title = "Monday stand-up"
        ladder = "talks"
        rung = "Stand-up update"
        peer = "Priya"
        observer = "Sam"
        on = "Mon 09:30"

        [performance.demo]
        title = "Friday demo"
        ladder = "talks"
        rung = "current"
        on = "Fri 15:00"

        [performance.keynote]
        title = "DevConf keynote"
        ladder = "talks"
        rung = "Keynote at a conference"
        at = 2026-12-01T10:00:00Z
        """

    /// One prompt to render: its golden file's name, the prompt and the record it draws on.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var kind: PromptKind
        var performance: String
        var renudge = false
        /// For a rehearsal: how many days before its performance it comes.
        var daysBefore = 0
        var context = PromptText.Context()
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "vicarious", kind: .vicarious, performance: "standup"),
        Case(name: "reframe", kind: .reframe, performance: "standup"),
        Case(
            name: "reframe-evidence", kind: .reframe, performance: "standup",
            context: PromptText.Context(
                evidence: ["Answered Lee's question about the deadline without looking at my notes", "Spoke for two minutes, then paused and asked for questions"],
                lastChange: "Open with the one number that matters")),
        Case(
            name: "reframe-predicted", kind: .reframe, performance: "standup",
            context: PromptText.Context(predicted: PromptText.Predicted(confidence: 40, fear: "I lose my place and go silent"))),
        Case(name: "debrief", kind: .debrief, performance: "standup"),
        Case(name: "debrief-renudge", kind: .debrief, performance: "standup", renudge: true),
        Case(name: "affirmation", kind: .affirmation, performance: "standup"),
        Case(name: "check-in", kind: .checkIn, performance: "ladder"),
        Case(name: "check-in-performance", kind: .checkIn, performance: "demo", context: PromptText.Context(currentRung: 2)),
        Case(name: "vicarious-following-ladder", kind: .vicarious, performance: "demo", context: PromptText.Context(currentRung: 3)),
        Case(name: "rehearsal", kind: .rehearsal, performance: "keynote", daysBefore: 4),
        Case(name: "rehearsal-day-before", kind: .rehearsal, performance: "keynote", daysBefore: 1),
    ]

    static func occurrence(_ promptCase: Case) -> Occurrence {
        let start = Instant(seconds: 1_796_000_000)
        let subject: PlanSubject = promptCase.performance == "ladder" ? .ladder("talks") : .performance(promptCase.performance)
        let schedule = "\(subject)/\(promptCase.kind.rawValue)" + (promptCase.renudge ? "/renudge" : "")
            + (promptCase.daysBefore > 0 ? "/\(promptCase.daysBefore)d" : "")
        let first = OccurrenceID(schedule: "\(subject)/\(promptCase.kind.rawValue)", instant: start)
        let scheduledAt = start.adding(microseconds: -Int64(promptCase.daysBefore) * 86_400_000_000)
        return Occurrence(
            kind: promptCase.kind, subject: subject, schedule: schedule, scheduledAt: scheduledAt, expires: scheduledAt.adding(microseconds: 3_600_000_000),
            channels: ["desktop"], performanceStart: start, follows: promptCase.renudge ? first : nil)
    }

    /// The prompt as a person sees it: title, body, then each button as `id  label`.
    static func rendered(_ text: PromptText) -> String {
        ([text.title, "", text.body, ""] + text.actions.map { "[\($0.id)] \($0.label)" }).joined(separator: "\n") + "\n"
    }

    @Test("a prompt's words match its golden file", arguments: cases)
    func promptMatchesGolden(_ promptCase: Case) throws {
        let config = try ConfigLoader.load(Self.config, path: "rung.toml")
        let occurrence = Self.occurrence(promptCase)
        try Self.checkGolden(promptCase.name, PromptText.render(occurrence, config: config, context: promptCase.context))
    }

    @Test("the sample prompt of test-notify matches its golden file")
    func channelTestMatchesGolden() throws {
        try Self.checkGolden("channel-test", PromptText.channelTest("desktop"))
    }

    /// Compares `text` with `Golden/prompt-NAME.txt`, first rewriting it under RUNG_UPDATE_GOLDEN=1.
    static func checkGolden(_ name: String, _ text: PromptText) throws {
        let actual = rendered(text)
        let golden = goldenDirectory.appendingPathComponent("prompt-\(name).txt")
        if ProcessEnvironment.current["RUNG_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        let difference = lineDiff(expected: try String(contentsOf: golden, encoding: .utf8), actual: actual)
        #expect(difference.isEmpty, "the \(name) prompt changed; rerun with RUNG_UPDATE_GOLDEN=1 if intended:\n\(difference)")
    }

    @Test("the prompts that ask for a prediction or a debrief name the real ids to type")
    func commandsNameRealIDs() throws {
        let config = try ConfigLoader.load(Self.config, path: "rung.toml")
        for kind in [PromptKind.vicarious, .reframe] {
            let body = PromptText.render(Self.occurrence(Case(name: "", kind: kind, performance: "standup")), config: config).body
            #expect(body.contains("rungctl predict standup --confidence N --fear \"…\""))
            #expect(body.contains("can do it"))
        }
        let reframe = Self.occurrence(Case(name: "", kind: .reframe, performance: "standup"))
        let reframeBody = PromptText.render(reframe, config: config).body
        #expect(reframeBody.hasSuffix("did this help, 0–10?\n    rungctl respond \(reframe.id.rawValue) done --rating N"))
        let debrief = Self.occurrence(Case(name: "", kind: .debrief, performance: "standup"))
        #expect(PromptText.render(debrief, config: config).body.contains("rungctl debrief \(debrief.id.rawValue)"))
    }

    @Test("a rehearsal names the rung below its performance, and offers done, snooze and skip")
    func rehearsalNamesItsRung() throws {
        let config = try ConfigLoader.load(Self.config, path: "rung.toml")
        let occurrence = Self.occurrence(Case(name: "", kind: .rehearsal, performance: "keynote", daysBefore: 10))
        let text = PromptText.render(occurrence, config: config)
        #expect(text.title == "10 days before DevConf keynote: a low-stakes rep")
        #expect(text.body.contains("rung 3 of your giving a talk ladder: Team demo, where only medium stakes ride on it"))
        #expect(text.body.contains("Skipping is fine"))
        #expect(text.actions.map(\.id) == ["done", "snooze", "skip"])
        #expect(AnswerRule.check("skip", to: occurrence, config: config, at: occurrence.scheduledAt) == nil)
        #expect(AnswerRule.check("climb", to: occurrence, config: config, at: occurrence.scheduledAt) != nil)
        #expect(Rehearsal.label(of: occurrence, config: config) == "10 days before DevConf keynote: rung 3, Team demo (medium stakes)")
    }
}

import Foundation
import RungTime
import Testing
@testable import RungCore

@Suite("What a prompt takes as an answer")
struct AnswerRuleTests {
    /// A talk at 18:30 UTC lasting 1 h (the default), with an observer, and a ladder with a check-in.
    static func plan() throws -> (Config, [Occurrence]) {
        let config = try ConfigLoader.load("""
            [rung]
            timezone = "UTC"
            channels = ["desk"]
            [channel.desk]
            kind = "desktop"
            [ladder.talks]
            skill = "Public speaking"
            check_in = "Mon 09:00"
            rungs = [{ title = "Ask a question", stakes = "low" }]
            [performance.talk]
            title = "Meetup talk"
            at = 2026-06-12T18:30:00
            observer = "Mira"
            """, path: "test.toml")
        let plan = Planner(config: config, systemZone: .utc)
            .plan(from: Instant(seconds: 1_780_000_000), through: Instant(seconds: 1_782_000_000))
        return (config, plan)
    }

    static let performanceEnd = TimestampFormat.parseISO8601("2026-06-12T19:30:00Z")!

    @Test("a prompt takes the answers its buttons offer, and no other")
    func offered() throws {
        let (config, plan) = try Self.plan()
        let reframe = try #require(plan.first { $0.kind == .reframe })
        let debrief = try #require(plan.first { $0.kind == .debrief })
        let checkIn = try #require(plan.first { $0.kind == .checkIn })
        let after = Self.performanceEnd.adding(microseconds: 1)
        #expect(AnswerRule.offered(by: reframe, config: config) == ["done", "snooze", "skip"])
        #expect(AnswerRule.check("climb", to: reframe, config: config, at: after)
            == .notOffered(answer: "climb", offered: ["done", "snooze", "skip"]))
        #expect(AnswerRule.check("done", to: reframe, config: config, at: after) == nil)
        #expect(AnswerRule.check("done", to: debrief, config: config, at: after)
            == .notOffered(answer: "done", offered: ["success", "partial", "miss"]))
        #expect(AnswerRule.check("step_back", to: checkIn, config: config, at: after) == nil)
        #expect(AnswerRule.check("snooze", to: debrief, config: config, at: after) == nil, "snooze postpones any prompt")
        #expect(AnswerRule.check("I felt ready", to: checkIn, config: config, at: after) != nil)
        #expect(AnswerRule.check(nil, to: checkIn, config: config, at: after) == nil, "a note alone suits any prompt")
    }

    @Test("a debrief or affirmation takes nothing, not even a note, before its performance ended")
    func notBeforeTheEnd() throws {
        let (config, plan) = try Self.plan()
        let before = Self.performanceEnd.adding(microseconds: -1)
        for kind in [PromptKind.debrief, .affirmation] {
            let occurrence = try #require(plan.first { $0.kind == kind })
            #expect(AnswerRule.performanceEnd(of: occurrence, config: config) == Self.performanceEnd)
            #expect(AnswerRule.check(nil, to: occurrence, config: config, at: before) == .tooEarly(kind: kind, endsAt: Self.performanceEnd))
        }
        let debrief = try #require(plan.first { $0.kind == .debrief })
        #expect(AnswerRule.check("success", to: debrief, config: config, at: before) == .tooEarly(kind: .debrief, endsAt: Self.performanceEnd))
        #expect(AnswerRule.check("success", to: debrief, config: config, at: Self.performanceEnd) == nil)
        let reframe = try #require(plan.first { $0.kind == .reframe })
        #expect(AnswerRule.check("done", to: reframe, config: config, at: before) == nil, "a reframe is answered before")
    }

    @Test("only a reframe takes a rating, and only from 0 to 10")
    func rating() {
        for kind in PromptKind.allCases where kind != .reframe {
            #expect(!AnswerRule.asksRating(kind))
            #expect(AnswerRule.check(rating: 5, for: kind) == .ratingNotAsked(kind: kind))
        }
        #expect(AnswerRule.asksRating(.reframe))
        for rating in [0, 1, 5, 10] { #expect(AnswerRule.check(rating: rating, for: .reframe) == nil) }
        for rating in [-1, 11, 100] { #expect(AnswerRule.check(rating: rating, for: .reframe) == .ratingOffScale(rating: rating)) }
    }
}

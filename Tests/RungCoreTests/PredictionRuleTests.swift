import RungTime
import Testing
@testable import RungCore

@Suite("When a prediction can be made, and for which attempt")
struct PredictionRuleTests {
    static func instant(_ text: String) -> Instant { TimestampFormat.parseISO8601(text)! }

    static let start = instant("2026-06-12T16:30:00Z")

    @Test("before the attempt a prediction is recorded, or replaces the earlier one; from its start on it is refused")
    func window() {
        let before = Self.start.adding(microseconds: -1)
        #expect(PredictionRule.write(forAttemptStartingAt: Self.start, at: before, hasPrediction: false) == .success(.record))
        #expect(PredictionRule.write(forAttemptStartingAt: Self.start, at: before, hasPrediction: true) == .success(.replace))
        #expect(PredictionRule.write(forAttemptStartingAt: Self.start, at: Self.start, hasPrediction: false) == .failure(.attemptStarted(Self.start)))
        #expect(PredictionRule.write(forAttemptStartingAt: Self.start, at: Self.start.adding(microseconds: 1), hasPrediction: true)
            == .failure(.attemptStarted(Self.start)))
    }

    @Test("any whole number from 0 to 100 is a confidence, not only multiples of 10")
    func confidenceScale() {
        #expect(PredictionRule.checked(confidence: 0) == .success(0))
        #expect(PredictionRule.checked(confidence: 75) == .success(75))
        #expect(PredictionRule.checked(confidence: 100) == .success(100))
        #expect(PredictionRule.checked(confidence: 101) == .failure(.confidenceOutOfRange(101)))
        #expect(PredictionRule.checked(confidence: -1) == .failure(.confidenceOutOfRange(-1)))
        #expect(PredictionRule.Refusal.confidenceOutOfRange(101).message(in: .utc)
            == "101 is not on the scale; answer 0 (cannot do at all) to 100 (highly certain I can)")
    }

    /// A talk at 18:30 Berlin civil time (16:30 UTC in June), a launch at an exact instant,
    /// a stand-up every weekday at 09:30 Berlin time, and a workshop whose only date is past.
    static func planner() throws -> Planner {
        let berlin = try TimeZoneRules.named("Europe/Berlin")
        return Planner(
            config: Config(timeZone: berlin, performances: [
                Performance(id: "talk", title: "Meetup talk", schedule: .civil(BrokenDownTime(year: 2026, month: 6, day: 12, hour: 18, minute: 30), zone: nil)),
                Performance(id: "launch", title: "Launch", schedule: .instant(instant("2026-06-15T08:00:00Z"))),
                Performance(id: "standup", title: "Stand-up", schedule: .recurring(try CalendarSpec(parsing: "Mon..Fri 09:30"))),
                Performance(id: "workshop", title: "Workshop", schedule: .recurring(try CalendarSpec(parsing: "2026-06-01 10:00"))),
            ]),
            systemZone: .utc)
    }

    @Test("a one-time performance is predicted for its own start, read in the config's zone, until it starts")
    func oneTime() throws {
        let planner = try Self.planner()
        #expect(planner.attemptToPredict("talk", at: Self.instant("2026-06-12T16:29:59Z")) == .success(Self.start))
        #expect(planner.attemptToPredict("talk", at: Self.start) == .failure(.attemptStarted(Self.start)))
        let launch = Self.instant("2026-06-15T08:00:00Z")
        #expect(planner.attemptToPredict("launch", at: Self.start) == .success(launch))
        #expect(planner.attemptToPredict("launch", at: launch.adding(microseconds: 1)) == .failure(.attemptStarted(launch)))
    }

    @Test("a recurring performance is predicted for its next start after now")
    func recurring() throws {
        let planner = try Self.planner()
        // Friday 12 June, 10:00 Berlin: today's stand-up has begun, so Monday's is next.
        #expect(planner.attemptToPredict("standup", at: Self.instant("2026-06-12T08:00:00Z"))
            == .success(Self.instant("2026-06-15T07:30:00Z")))
        // Friday 07:29:59 UTC is a second before today's stand-up.
        #expect(planner.attemptToPredict("standup", at: Self.instant("2026-06-12T07:29:59Z"))
            == .success(Self.instant("2026-06-12T07:30:00Z")))
        #expect(planner.attemptToPredict("workshop", at: Self.start) == .failure(.noUpcomingAttempt(performance: "workshop")))
    }

    @Test("an unknown performance is refused by name")
    func unknown() throws {
        let refusal = PredictionRule.Refusal.unknownPerformance("tlak")
        #expect(try Self.planner().attemptToPredict("tlak", at: Self.start) == .failure(refusal))
        #expect(refusal.message(in: .utc) == "unknown performance 'tlak'; the config names each one as [performance.ID]")
    }

    @Test("a prediction after the start says when the attempt began and where its record goes")
    func startedMessage() throws {
        let message = PredictionRule.Refusal.attemptStarted(Self.start).message(in: try TimeZoneRules.named("Europe/Berlin"))
        #expect(message.hasPrefix("this attempt started at Fri 2026-06-12 18:30:00 CEST;"), "\(message)")
        #expect(message.contains("debrief"))
    }
}

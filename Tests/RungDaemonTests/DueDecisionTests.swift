import RungCore
import RungDaemon
import RungTime
import Testing

@Suite("Due decisions (catch-up rules)")
struct DueDecisionTests {
    static let start = Instant(seconds: 1_800_000_000)
    static let minute: Int64 = 60_000_000

    static func occurrence(_ kind: PromptKind, dueOffsetMinutes: Int64, expiresOffsetMinutes: Int64) -> Occurrence {
        let subject: PlanSubject = kind == .checkIn ? .ladder("talks") : .performance("talk")
        let due = start.adding(microseconds: dueOffsetMinutes * minute)
        return Occurrence(
            kind: kind, subject: subject, schedule: "\(subject)/\(kind.rawValue)", scheduledAt: due,
            expires: start.adding(microseconds: expiresOffsetMinutes * minute),
            channels: ["hook"], performanceStart: kind == .checkIn ? nil : start)
    }

    @Test("each kind follows its rule", arguments: [
        // kind, due (min from performance start), expires, now, decision
        (PromptKind.reframe, -15 as Int64, -5 as Int64, -20 as Int64, DueDecision.wait),
        (.reframe, -15, -5, -15, .deliver(late: false)),
        (.reframe, -15, -5, -14, .deliver(late: false)),
        (.reframe, -15, -5, -10, .deliver(late: true)),
        (.reframe, -15, -5, -5, .expire),
        (.reframe, -15, 0, 0, .miss),
        (.reframe, -15, 0, 90, .miss),
        (.vicarious, -1440, 0, -60, .deliver(late: true)),
        (.vicarious, -1440, 0, 1, .miss),
        (.debrief, 70, 1510, 71, .deliver(late: false)),
        (.debrief, 70, 1510, 600, .deliver(late: true)),
        (.debrief, 70, 1510, 1510, .expire),
        (.affirmation, 120, 3000, 2999, .deliver(late: true)),
        (.affirmation, 120, 3000, 3001, .expire),
        (.checkIn, 0, 1440, 0, .deliver(late: false)),
        (.checkIn, 0, 1440, 1000, .deliver(late: true)),
        (.checkIn, 0, 1440, 1440, .expire),
        (.checkIn, 0, 1440, 10_000, .expire),
        // A rehearsal 4 days before, at the performance's time of day, whose day ends 6 hours later.
        (.rehearsal, -5760, -5400, -5761, .wait),
        (.rehearsal, -5760, -5400, -5760, .deliver(late: false)),
        (.rehearsal, -5760, -5400, -5500, .deliver(late: true)),
        (.rehearsal, -5760, -5400, -5400, .miss),
        (.rehearsal, -5760, -5400, -1000, .miss),
        (.rehearsal, -60, 0, 0, .miss),
    ])
    func rule(kind: PromptKind, due: Int64, expires: Int64, now: Int64, expected: DueDecision) {
        let occurrence = Self.occurrence(kind, dueOffsetMinutes: due, expiresOffsetMinutes: expires)
        #expect(DueDecision.decide(occurrence, at: Self.start.adding(microseconds: now * Self.minute)) == expected)
    }

    @Test("a missed rehearsal says whether its day passed or its performance began")
    func rehearsalMissReason() {
        let occurrence = Self.occurrence(.rehearsal, dueOffsetMinutes: -5760, expiresOffsetMinutes: -5400)
        #expect(DueDecision.missReason(occurrence, at: Self.start.adding(microseconds: -5400 * Self.minute)) == "its day has passed")
        #expect(DueDecision.missReason(occurrence, at: Self.start) == "its performance has begun")
    }
}

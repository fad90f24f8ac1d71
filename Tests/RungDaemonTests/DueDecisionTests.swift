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
    ])
    func rule(kind: PromptKind, due: Int64, expires: Int64, now: Int64, expected: DueDecision) {
        let occurrence = Self.occurrence(kind, dueOffsetMinutes: due, expiresOffsetMinutes: expires)
        #expect(DueDecision.decide(occurrence, at: Self.start.adding(microseconds: now * Self.minute)) == expected)
    }
}

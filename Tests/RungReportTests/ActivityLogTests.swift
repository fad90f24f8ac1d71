import Foundation
import RungCore
@testable import RungStore
import RungTime
import Testing
@testable import RungReport

@Suite("The activity log: one line per thing that happened")
struct ActivityLogTests {
    /// 2024-05-01T07:30:00Z, a Wednesday.
    static let start = Instant(seconds: 1_714_548_600)
    static func at(_ minutes: Int64) -> Instant { start.adding(microseconds: minutes * Int64(TimeSpanUnit.minute)) }

    static let config = Config(
        ladders: [Ladder(id: "talks", skill: "giving a talk", rungs: [
            Rung(title: "Explain it to a friend", stakes: .low), Rung(title: "Stand-up update", stakes: .low), Rung(title: "Team demo", stakes: .medium),
        ])],
        performances: [Performance(id: "standup", title: "Team stand-up", ladder: "talks", rung: 1, schedule: .instant(start))])

    static let debrief = TimelinePrompt(id: "debrief-1", kind: .debrief, subject: "performance:standup")
    static let checkIn = TimelinePrompt(id: "check-1", kind: .checkIn, subject: "ladder:talks")

    static let entries: [TimelineEntry] = [
        TimelineEntry(at: at(0), event: .promptDue(debrief, state: .answered, reason: nil), row: 1),
        TimelineEntry(at: at(0), event: .delivery(debrief, channel: "desktop", purpose: .first, outcome: .failed, error: "no server"), row: 1),
        TimelineEntry(at: at(1), event: .delivery(debrief, channel: "email", purpose: .retry, outcome: .sent, error: nil), row: 2),
        TimelineEntry(at: at(2), event: .answer(debrief, answer: "success", via: .button, note: "calm\nmostly", rating: nil, replacedAt: nil), row: 1),
        TimelineEntry(at: at(3), event: .debriefRecorded(TimelineDebrief(id: 4, performance: "standup", skill: "talks", rung: 2, outcome: .success), completed: false), row: 4),
        TimelineEntry(at: at(4), event: .evidenceRecorded(TimelineEvidence(id: 7, skill: "talks", rung: 2, what: "no notes", source: .feedback(from: "Ana"), happenedAt: at(0))), row: 7),
        TimelineEntry(at: at(5), event: .ladderMove(LadderMove(ladder: "talks", kind: .climb, fromRung: 2, toRung: 3, reason: "two good runs", movedAt: at(5))), row: 1),
        TimelineEntry(at: at(6), event: .promptDue(checkIn, state: .missed, reason: "rungd was not running"), row: 2),
        TimelineEntry(at: at(17 * 60), event: .pauseStarted(RungStore.Pause(subject: nil, startsAt: at(17 * 60), endsAt: at(48 * 60), reason: "ill")), row: 1),
    ]

    @Test("lines under day headings, titles from the config, in the person's zone")
    func text() throws {
        let log = ActivityLog(entries: Self.entries, names: SubjectNames(config: Self.config))
        #expect(log.text(in: try TimeZoneRules.named("Europe/Berlin")) == """
            Wed 1 May 2024
            2024-05-01 09:30  prompt    debrief of Team stand-up came due: answered
            2024-05-01 09:30  delivery  debrief of Team stand-up by desktop: failed: no server
            2024-05-01 09:31  delivery  debrief of Team stand-up by email (retry): sent
            2024-05-01 09:32  answer    debrief of Team stand-up: success (by button), note “calm\\nmostly”
            2024-05-01 09:33  debrief   Team stand-up, rung 2 “Stand-up update”: success (outcome only, not yet completed)
            2024-05-01 09:34  evidence  #7 giving a talk, rung 2 “Stand-up update”: no notes (feedback from Ana)
            2024-05-01 09:35  ladder    giving a talk: climbed from rung 2 to rung 3 “Team demo” (two good runs)
            2024-05-01 09:36  prompt    check-in of giving a talk came due: missed (rungd was not running)

            Thu 2 May 2024
            2024-05-02 02:30  pause     everything paused until 2024-05-03 09:30 (ill)

            """)
    }

    @Test("without a config, everything by its id; store text on one line, with what a terminal would act on escaped")
    func idsWithoutConfig() {
        let hostile = TimelineEntry(
            at: Self.at(0), event: .evidenceEdited(TimelineEvidence(id: 3, skill: "talks", what: "\u{1B}[2Jgone\tand\r", source: .manual, happenedAt: Self.at(0))), row: 3)
        let log = ActivityLog(entries: [Self.entries[0], hostile], names: SubjectNames(config: nil))
        #expect(log.text(in: .utc) == """
            Wed 1 May 2024
            2024-05-01 07:30  prompt    debrief of standup came due: answered
            2024-05-01 07:30  edit      #3 talks: \\x1b[2Jgone\\tand\\r

            """)
        #expect(!log.text(in: .utc).contains("\u{1B}"))
    }

    @Test("no entries, no text and an empty JSON array")
    func empty() {
        let log = ActivityLog(entries: [], names: SubjectNames(config: nil))
        #expect(log.text(in: .utc) == "")
        #expect(log.json() == "[]")
    }

    @Test("JSON: one object per line, at and type first, every documented key of the type, ids not titles")
    func json() throws {
        let log = ActivityLog(entries: Self.entries, names: SubjectNames(config: Self.config))
        let text = log.json()
        #expect(text.split(separator: "\n").count == Self.entries.count + 2)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["type"] as? String } == [
            "prompt_due", "delivery", "delivery", "answer", "debrief", "evidence", "ladder_move", "prompt_due", "pause_started",
        ])
        #expect(objects[0]["at"] as? String == "2024-05-01T07:30:00.000000Z")
        #expect(Set(objects[0].keys) == ["at", "type", "occurrence", "kind", "subject", "state", "reason"])
        #expect(objects[0]["subject"] as? String == "performance:standup" && objects[0]["reason"] is NSNull)
        #expect(Set(objects[1].keys) == ["at", "type", "occurrence", "kind", "subject", "channel", "purpose", "outcome", "error"])
        #expect(objects[3]["note"] as? String == "calm\nmostly" && objects[3]["replaced_at"] is NSNull)
        #expect(Set(objects[4].keys) == ["at", "type", "debrief", "occurrence", "performance", "skill", "rung", "outcome", "self_efficacy", "completed"])
        #expect(objects[4]["completed"] as? Bool == false)
        #expect(objects[5]["source"] as? String == "feedback" && objects[5]["given_by"] as? String == "Ana")
        #expect(objects[6]["move"] as? String == "climb" && objects[6]["to_rung"] as? Int == 3)
        #expect(objects[8]["subject"] is NSNull && objects[8]["ends_at"] as? String == "2024-05-03T07:30:00.000000Z")
        #expect(text.hasPrefix("[\n{\"at\": \"2024-05-01T07:30:00.000000Z\", \"type\": \"prompt_due\", "))
    }
}

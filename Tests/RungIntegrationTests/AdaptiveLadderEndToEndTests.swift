import Foundation
import RungTestSupport
import RungTime
import Testing

/// A month of one person's practice against the real rungd, compressed into minutes: daily
/// stand-ups seconds apart, weekly check-ins brought forward by a reload once the week's
/// stand-ups are debriefed, and a high-stakes talk twelve days away in real time. Every
/// answer goes through rungctl, as the person would give it.
///
/// rungd has no clock to fake, and its config refuses stand-ups closer than five minutes
/// and check-ins closer than an hour: so each week's stand-ups are one-off performances
/// added to the config, and each check-in a date set a few seconds ahead.
@Suite("the adaptive ladder end to end")
struct AdaptiveLadderEndToEndTests {
    static let rungTitles = [
        "Say one thing at the stand-up", "Give the whole stand-up update", "Present a slide at the team meeting",
        "Run the team demo", "Give the conference talk",
    ]

    /// The person's config in the week that has `standups` (every stand-up so far, by id and
    /// start) and a check-in at `checkIn`, with the talk at `talk`; with `watching`, a
    /// vicarious prompt comes seconds before each stand-up.
    static func config(standups: [(id: String, at: Instant)], checkIn: Instant?, talk: Instant, watching: Bool = false) -> String {
        var text = """
            [ladder.speaking]
            skill = "speaking up at work"\(checkIn.map { "\ncheck_in = \"\(calendarDate($0))\"" } ?? "")
            rungs = [
                { title = "\(rungTitles[0])", stakes = "low" },
                { title = "\(rungTitles[1])", stakes = "low" },
                { title = "\(rungTitles[2])", stakes = "medium" },
                { title = "\(rungTitles[3])", stakes = "medium" },
                { title = "\(rungTitles[4])", stakes = "high" },
            ]

            [performance.talk]
            title = "Conference talk"
            ladder = "speaking"
            rung = 5
            at = \(RungdHarness.tomlDate(talk))
            duration = "30min"

            [prompts.debrief]
            offset = "+1s"
            renudge_after = "0"

            [prompts.vicarious]
            \(watching ? "offset = \"-8s\"\nexpires_after = \"7s\"" : "enabled = false")

            [prompts.reframe]
            enabled = false

            [prompts.affirmation]
            enabled = false

            """
        for standup in standups {
            text += """

                [performance.\(standup.id)]
                title = "Stand-up"
                ladder = "speaking"
                rung = "current"
                stakes = "low"
                at = \(RungdHarness.tomlDate(standup.at))
                duration = "2s"
                peer = "Priya"

                """
        }
        return text
    }

    /// `instant` as a calendar expression that elapses once, as `check_in` takes it.
    static func calendarDate(_ instant: Instant) -> String {
        TimestampFormat.iso8601(instant, in: .utc).prefix(19).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// Runs rungctl and requires it to succeed; its standard output.
    @discardableResult
    static func rungctl(_ rungd: RungdHarness, _ arguments: [String]) async throws -> String {
        let result = try await rungd.rungctl(arguments)
        try #require(result.status == 0, "rungctl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stdout)\(result.stderr)")
        return result.stdout
    }

    /// The JSON rungctl printed.
    static func json(_ rungd: RungdHarness, _ arguments: [String]) async throws -> Any {
        let output = try await rungctl(rungd, arguments)
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }

    /// What `rungctl ladder show speaking --explain` proposes now.
    static func proposal(_ rungd: RungdHarness) async throws -> [String: Any] {
        let ladder = try #require(try await json(rungd, ["ladder", "show", "speaking", "--explain", "--json"]) as? [String: Any])
        return try #require(ladder["proposal"] as? [String: Any], "no proposal in \(ladder)")
    }

    /// The rung the ladder stands on, as `rungctl ladder show` reports it.
    static func position(_ rungd: RungdHarness) async throws -> Int {
        let ladder = try #require(try await json(rungd, ["ladder", "show", "speaking", "--json"]) as? [String: Any])
        return try #require(ladder["current_rung"] as? Int, "\(ladder)")
    }

    /// The prompt of `kind` about `subject` the hook received, waiting for it.
    static func delivered(_ kind: String, about subject: String, _ rungd: RungdHarness) async throws -> [String: Any] {
        var found: [String: Any]?
        _ = await eventually(timeout: .seconds(90)) {
            found = rungd.hookDeliveries().first { $0["kind"] as? String == kind && $0["subject"] as? String == subject }
            return found != nil
        }
        return try #require(found, "no \(kind) prompt about \(subject) arrived; stderr: \(rungd.stderr)")
    }

    /// Answers the debrief of `standup` by its button, then in full, as the person does.
    static func debrief(
        _ standup: String, _ rungd: RungdHarness, outcome: String, happened: String, confidence: Int, fearedHappened: Bool
    ) async throws {
        let prompt = try await delivered("debrief", about: "performance:\(standup)", rungd)
        let id = try #require(prompt["occurrence_id"] as? String)
        try await rungctl(rungd, ["respond", id, outcome])
        try await rungctl(rungd, [
            "debrief", id, "--happened", happened, "--keep", "write the first sentence down before", "--change", "stop after the blocker",
            "--confidence", "\(confidence)", "--feared-happened", fearedHappened ? "yes" : "no",
        ])
    }

    /// A new week of stand-ups: `new` join the config `lead` seconds from now and six
    /// seconds apart, the person predicts each (rungctl reads the config file), and then
    /// rungd reloads. Predicting before the reload keeps each prediction ahead of its
    /// stand-up's start however slowly rungd answers on a busy machine.
    static func week(
        _ rungd: RungdHarness, _ standups: inout [(id: String, at: Instant)], adding new: [(id: String, confidence: Int)], fear: String,
        talk: Instant, watching: Bool = false, lead: Int64 = 12
    ) async throws {
        let now = Instant.now().seconds
        for (index, standup) in new.enumerated() {
            standups.append((standup.id, Instant(seconds: now + lead + 6 * Int64(index))))
        }
        try rungd.writeConfig(config(standups: standups, checkIn: nil, talk: talk, watching: watching))
        for standup in new {
            try await rungctl(rungd, ["predict", standup.id, "--confidence", "\(standup.confidence)", "--fear", fear])
        }
        try await rungctl(rungd, ["reload"])
    }

    /// The check-in of this week: rungd reloads a config whose check-in falls due a few
    /// seconds later (time for the reload, even on a busy machine), and the hook receives
    /// it; its prompt.
    static func checkIn(
        _ rungd: RungdHarness, week: Int, standups: [(id: String, at: Instant)], talk: Instant, watching: Bool = false
    ) async throws -> [String: Any] {
        let due = Instant(seconds: Instant.now().seconds + 6)
        try rungd.writeConfig(config(standups: standups, checkIn: due, talk: talk, watching: watching))
        try await rungctl(rungd, ["reload"])
        var found: [String: Any]?
        _ = await eventually(timeout: .seconds(90)) {
            found = rungd.hookDeliveries().filter { $0["kind"] as? String == "check_in" }.dropFirst(week - 1).first
            return found != nil
        }
        return try #require(found, "the check-in of week \(week) did not arrive; stderr: \(rungd.stderr)")
    }

    /// The ids of a prompt's buttons and their labels, in order.
    static func actions(_ prompt: [String: Any]) -> [(id: String, label: String)] {
        ((prompt["actions"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["label"] as? String ?? "") }
    }

    @Test("stand-ups, debriefs, predictions and feedback through rungctl: the proposal follows the record and says why, the ladder moves only on an answer, the check-in names the week, the talk gets spaced rehearsals")
    func month() async throws {
        let rungd = try RungdHarness()
        let now = Instant.now().seconds
        let talk = Instant(seconds: now + 12 * 86_400)
        var standups: [(id: String, at: Instant)] = []
        try rungd.writeConfig(Self.config(standups: standups, checkIn: nil, talk: talk))
        #expect(try await rungd.startUntilReady(extraEnvironment: RungdHarness.passReports), "stderr: \(rungd.stderr)")

        // The talk, twelve days away, is rehearsed 10, 4 and 1 days before: the earlier the
        // rehearsal, the farther from the talk and from the next rehearsal.
        let upcoming = try #require(try await Self.json(rungd, ["upcoming", "--days", "14", "--json"]) as? [[String: Any]])
        let aboutTalk = upcoming.filter { ($0["subject"] as? [String: Any])?["id"] as? String == "talk" }
        let rehearsalRows = aboutTalk.filter { $0["kind"] as? String == "rehearsal" }
        #expect(rehearsalRows.compactMap { ($0["rehearsal"] as? String)?.components(separatedBy: ":").first }
            == ["10 days before Conference talk", "4 days before Conference talk", "1 day before Conference talk"], "\(rehearsalRows)")
        let rehearsals = rehearsalRows.compactMap { ($0["due"] as? String).flatMap(TimestampFormat.parseISO8601) }.sorted()
        let distances = rehearsals.map { talk.seconds - $0.seconds }
        #expect(distances == [10, 4, 1].map { $0 * 86_400 }, "\(upcoming)")
        let points = rehearsals + [talk]
        let gaps = zip(points, points.dropFirst()).map { $1.seconds - $0.seconds }
        #expect(zip(gaps, gaps.dropFirst()).allSatisfy { $0 > $1 }, "gaps between rehearsals shrink toward the talk: \(gaps)")
        // Low stakes first: the ladder has no medium-stakes success before the high-stakes talk.
        let readiness = "Conference talk is high-stakes, and your speaking up at work ladder has no success at medium stakes or above (2 first)"
        #expect(aboutTalk.first?["warning"] as? String == readiness + ": do reps at lower stakes first, at rung 4 \u{201C}\(Self.rungTitles[3])\u{201D} (medium stakes)",
                "\(aboutTalk)")

        let table = try await Self.rungctl(rungd, ["upcoming", "--days", "14"])
        #expect(table.contains("rehearsal 10 days before Conference talk") && table.contains("Warning: " + readiness), "\(table)")

        // Week 1, nothing tried yet: hold, saying so. Before each stand-up the person says
        // how sure they are.
        var proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "hold" && (proposal["reason"] as? String)?.contains("no attempts") == true, "\(proposal)")
        try await Self.week(rungd, &standups, adding: [("standup1", 60), ("standup2", 65)], fear: "I freeze and say nothing", talk: talk)

        try await Self.debrief("standup1", rungd, outcome: "success", happened: "said what I finished and what blocks me in two sentences",
                               confidence: 70, fearedHappened: false)
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "hold", "\(proposal)")
        #expect((proposal["reason"] as? String)?.contains("1 of your last 1 attempts at \u{201C}\(Self.rungTitles[0])\u{201D} went as planned; a climb needs 2") == true, "\(proposal)")
        try await Self.rungctl(rungd, [
            "feedback", "add", "--from", "Mira", "--performance", "standup1", "--saw", "you named the blocker first and Sam offered help at once",
            "clear and short",
        ])

        try await Self.debrief("standup2", rungd, outcome: "success", happened: "gave my update and asked Sam a question",
                               confidence: 75, fearedHappened: false)
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "hold", "\(proposal)")
        #expect((proposal["reason"] as? String)?.contains("rate the next rung before climbing") == true, "\(proposal)")
        #expect((proposal["suggestion"] as? String)?.contains("rungctl ladder rate speaking --confidence N") == true, "\(proposal)")

        try await Self.rungctl(rungd, ["ladder", "rate", "speaking", "--confidence", "70", "--rung", "2"])
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "climb" && proposal["from_rung"] as? Int == 1 && proposal["to_rung"] as? Int == 2, "\(proposal)")
        #expect((proposal["reason"] as? String)?.contains(
            "2 of your last 2 attempts at \u{201C}\(Self.rungTitles[0])\u{201D} went as planned, what you feared did not happen, and you rated the next rung 70") == true,
            "\(proposal)")
        #expect((proposal["facts"] as? [String])?.contains("latest confidence for rung 2: 70") == true, "\(proposal)")
        #expect(try await Self.position(rungd) == 1, "a proposal alone never moves the ladder")
        #expect(try await Self.rungctl(rungd, ["status"]).contains("proposed: speaking climb"), "rungd's status names the pending proposal")

        // The first check-in names the week and proposes the climb, its button first.
        let firstCheckIn = try await Self.checkIn(rungd, week: 1, standups: standups, talk: talk)
        let firstBody = try #require(firstCheckIn["body"] as? String)
        #expect(firstBody.hasPrefix(
            "So far: 2 attempts \u{2014} 2 as planned; what you feared did not happen 2 times; 3 new evidence entries; your confidence for this rung is 75."),
            "\(firstBody)")
        #expect(firstBody.contains("Proposed: climb to rung 2 \u{201C}\(Self.rungTitles[1])\u{201D}, because 2 of your last 2 attempts"), "\(firstBody)")
        #expect(Self.actions(firstCheckIn).first?.id == "climb" && Self.actions(firstCheckIn).first?.label == "Climb (proposed)", "\(firstCheckIn)")
        #expect(Set(Self.actions(firstCheckIn).map(\.id)) == ["climb", "hold", "step_back"])
        let firstDue = try #require((firstCheckIn["due"] as? String).flatMap(TimestampFormat.parseISO8601))
        #expect(await rungd.quietPass(after: firstDue) != nil, "rungd went on after the delivery; stderr: \(rungd.stderr)")
        #expect(rungd.notifications().last { $0.hasPrefix("STATUS=") }?.contains("proposed: speaking climb") == true,
                "systemd's status line names the pending proposal: \(rungd.notifications().suffix(3))")
        #expect(try await Self.position(rungd) == 1, "delivered and unanswered, the check-in has not moved the ladder")
        try await Self.rungctl(rungd, ["respond", try #require(firstCheckIn["occurrence_id"] as? String), "climb"])
        #expect(try await Self.position(rungd) == 2, "the person's answer moves it")
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "hold" && (proposal["reason"] as? String)?.contains("no attempts at \u{201C}\(Self.rungTitles[1])\u{201D} yet") == true,
                "\(proposal)")

        // Week 2, on the new rung: two stand-ups that do not go as planned.
        try await Self.week(rungd, &standups, adding: [("standup3", 55), ("standup4", 50)], fear: "I lose the thread", talk: talk)
        try await Self.debrief("standup3", rungd, outcome: "miss", happened: "lost the thread after the second item and stopped",
                               confidence: 45, fearedHappened: true)
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "hold" && (proposal["reason"] as? String)?.contains("0 of your last 1 attempts") == true, "\(proposal)")
        try await Self.debrief("standup4", rungd, outcome: "miss", happened: "read the update from my notes and skipped the blocker",
                               confidence: 45, fearedHappened: true)
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "step_back" && proposal["from_rung"] as? Int == 2 && proposal["to_rung"] as? Int == 1, "\(proposal)")
        #expect((proposal["reason"] as? String) == "your last 2 attempts at \u{201C}\(Self.rungTitles[1])\u{201D} did not go as planned", "\(proposal)")
        #expect((proposal["suggestion"] as? String)?.contains("add a rung between") == true, "\(proposal)")

        // The second check-in counts from the first: the week's two misses, and the step back.
        let secondCheckIn = try await Self.checkIn(rungd, week: 2, standups: standups, talk: talk)
        let secondBody = try #require(secondCheckIn["body"] as? String)
        #expect(secondBody.hasPrefix(
            "Since your last check-in: 2 attempts \u{2014} 2 not as planned; no new evidence; your confidence for this rung went from 70 to 45."),
            "\(secondBody)")
        #expect(secondBody.contains("Proposed: step back to rung 1 \u{201C}\(Self.rungTitles[0])\u{201D}, because your last 2 attempts"), "\(secondBody)")
        #expect(Self.actions(secondCheckIn).first?.id == "step_back" && Self.actions(secondCheckIn).first?.label == "Step back (proposed)",
                "\(secondCheckIn)")
        let secondDue = try #require((secondCheckIn["due"] as? String).flatMap(TimestampFormat.parseISO8601))
        #expect(await rungd.quietPass(after: secondDue) != nil, "rungd went on after the delivery; stderr: \(rungd.stderr)")
        #expect(try await Self.position(rungd) == 2, "a step back proposed and delivered is not a step back taken")
        try await Self.rungctl(rungd, ["respond", try #require(secondCheckIn["occurrence_id"] as? String), "step_back"])
        #expect(try await Self.position(rungd) == 1)
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "hold" && (proposal["reason"] as? String)?.contains("since stepping back") == true, "\(proposal)")
        #expect(try await !Self.rungctl(rungd, ["status"]).contains("proposed: speaking"), "a hold is nothing to act on")

        // Week 3, back on the first rung: unsure again, the person watches a peer who
        // struggled and recovered, then does it twice.
        try await Self.week(rungd, &standups, adding: [("standup5", 40), ("standup6", 60)], fear: "I freeze again", talk: talk, watching: true, lead: 25)
        let vicarious = try await Self.delivered("vicarious", about: "performance:standup5", rungd)
        #expect((vicarious["body"] as? String)?.contains("watch Priya \u{2014} or anyone about your level \u{2014} at something like it, and look for a time they struggled and recovered") == true,
                "after a step back the person is asked for a coping model: \(vicarious)")
        try await Self.rungctl(rungd, ["respond", try #require(vicarious["occurrence_id"] as? String), "watched"])
        proposal = try await Self.proposal(rungd)
        #expect(proposal["own_attempt_by"] is String, "watching proposes the person's own attempt: \(proposal)")
        #expect((proposal["facts"] as? [String])?.contains { $0.hasPrefix("you watched a peer and have not attempted since") } == true, "\(proposal)")
        try await Self.debrief("standup5", rungd, outcome: "success", happened: "said my one thing first, before anyone else",
                               confidence: 70, fearedHappened: false)
        try await Self.debrief("standup6", rungd, outcome: "success", happened: "said my one thing and answered Sam's question",
                               confidence: 80, fearedHappened: false)
        proposal = try await Self.proposal(rungd)
        #expect(proposal["own_attempt_by"] is NSNull, "the person has had their turn: \(proposal)")
        #expect(proposal["step"] as? String == "hold", "\(proposal)")
        #expect(proposal["reason"] as? String == "you rated \u{201C}\(Self.rungTitles[1])\u{201D} at 45 of 100; a climb waits for 60",
                "the confidence the last debrief gave the next rung still holds the climb back: \(proposal)")

        // The third check-in proposes to hold; the person holds, and that is a move too.
        let thirdCheckIn = try await Self.checkIn(rungd, week: 3, standups: standups, talk: talk, watching: true)
        let thirdBody = try #require(thirdCheckIn["body"] as? String)
        #expect(thirdBody.hasPrefix(
            "Since your last check-in: 2 attempts \u{2014} 2 as planned; what you feared did not happen 2 times; 2 new evidence entries; your confidence for this rung went from 75 to 80."),
            "\(thirdBody)")
        #expect(thirdBody.contains("Proposed: hold on rung 1 \u{201C}\(Self.rungTitles[0])\u{201D}, because you rated"), "\(thirdBody)")
        #expect(Self.actions(thirdCheckIn).first?.label == "Hold (proposed)", "\(thirdCheckIn)")
        try await Self.rungctl(rungd, ["respond", try #require(thirdCheckIn["occurrence_id"] as? String), "hold"])
        #expect(try await Self.position(rungd) == 1)

        // Week 4, a quiet week: no stand-up, but the person now feels ready for the next
        // rung, and says so. The check-in names the empty week and proposes the climb; the
        // person climbs.
        try await Self.rungctl(rungd, ["ladder", "rate", "speaking", "--confidence", "65"])
        proposal = try await Self.proposal(rungd)
        #expect(proposal["step"] as? String == "climb" && (proposal["reason"] as? String)?.hasSuffix("and you rated the next rung 65") == true, "\(proposal)")
        let fourthCheckIn = try await Self.checkIn(rungd, week: 4, standups: standups, talk: talk, watching: true)
        let fourthBody = try #require(fourthCheckIn["body"] as? String)
        #expect(fourthBody.hasPrefix("Since your last check-in: no attempts; no new evidence; your confidence for this rung is 80."), "\(fourthBody)")
        #expect(Self.actions(fourthCheckIn).first?.label == "Climb (proposed)", "\(fourthCheckIn)")
        try await Self.rungctl(rungd, ["respond", try #require(fourthCheckIn["occurrence_id"] as? String), "climb"])
        #expect(try await Self.position(rungd) == 2)
        let moves = try #require(try await Self.json(rungd, ["ladder", "show", "speaking", "--json"]) as? [String: Any])["moves"] as? [[String: Any]]
        #expect(moves?.map { $0["move"] as? String } == ["start", "climb", "step_back", "hold", "climb"],
                "only the person's four answers moved it (the first also started it): \(moves ?? [])")

        // A month of low-stakes stand-ups is still no medium-stakes success: the warning stands.
        let ladder = try #require(try await Self.json(rungd, ["ladder", "show", "speaking", "--json"]) as? [String: Any])
        #expect((ladder["warnings"] as? [String])?.contains { $0.hasPrefix(readiness) } == true, "\(ladder)")

        #expect(await rungd.stop() == 0)
    }
}

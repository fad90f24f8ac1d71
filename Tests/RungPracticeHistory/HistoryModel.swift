import Foundation
import RungTime

/// The person's practice as the history's config describes it: ladders, the performances
/// on them and the words the person writes about them.
enum HistoryModel {
    struct Rung {
        var title: String
        var stakes: String
    }

    struct Ladder {
        var id: String
        var skill: String
        var rungs: [Rung]
        /// The weekly check-in, Sunday at this minute of the day.
        var checkInMinute: Int
        var wins: [String]
        var fears: [String]
    }

    struct Performance {
        var id: String
        var title: String
        var ladder: Int
        /// The calendar expression, as the config writes it.
        var on: String
        /// The weekdays it elapses on, 0 Monday … 6 Sunday.
        var weekdays: Set<Int>
        var minuteOfDay: Int
        var durationMinutes: Int
        var peer: String
        var observer: String
    }

    static let weekdaysOnly: Set<Int> = [0, 1, 2, 3, 4]
    static let everyDay: Set<Int> = [0, 1, 2, 3, 4, 5, 6]

    static let ladders = [
        Ladder(
            id: "talks", skill: "giving a talk",
            rungs: [
                Rung(title: "Explain the idea to a friend over coffee", stakes: "low"),
                Rung(title: "Three-minute update at stand-up", stakes: "low"),
                Rung(title: "Ten-minute demo to my team", stakes: "medium"),
                Rung(title: "Run the team retrospective", stakes: "medium"),
                Rung(title: "Lightning talk at the local meetup", stakes: "medium"),
                Rung(title: "Thirty-minute talk to another department", stakes: "high"),
                Rung(title: "Conference talk", stakes: "high"),
            ],
            checkInMinute: 18 * 60, wins: ["kept to time", "paused before the key point", "answered a hard question calmly", "looked up from my notes", "opened with the story"],
            fears: ["going blank", "my voice shaking", "a question I cannot answer", "running over time"]),
        Ladder(
            id: "calls", skill: "phone calls",
            rungs: [
                Rung(title: "Call a shop to ask the opening hours", stakes: "low"),
                Rung(title: "Book an appointment by phone", stakes: "low"),
                Rung(title: "Call a colleague instead of writing", stakes: "medium"),
                Rung(title: "Complain about a wrong bill", stakes: "medium"),
                Rung(title: "Cold call a possible client", stakes: "high"),
                Rung(title: "Negotiate a contract by phone", stakes: "high"),
            ],
            checkInMinute: 18 * 60 + 30, wins: ["said what I wanted in the first sentence", "asked for what I needed", "did not apologise twice", "wrote three points first and used them"],
            fears: ["being put on hold and forgetting", "stammering my name", "them being annoyed", "not understanding them"]),
        Ladder(
            id: "smalltalk", skill: "small talk with strangers",
            rungs: [
                Rung(title: "Greet the neighbour by name", stakes: "low"),
                Rung(title: "Ask the barista how their day is", stakes: "low"),
                Rung(title: "Chat in the lunch queue", stakes: "low"),
                Rung(title: "Join a table of people I barely know", stakes: "medium"),
                Rung(title: "Start a conversation at a meetup", stakes: "medium"),
                Rung(title: "Introduce two people to each other", stakes: "medium"),
                Rung(title: "Host a dinner for new acquaintances", stakes: "high"),
                Rung(title: "Give a toast at a wedding", stakes: "high"),
            ],
            checkInMinute: 19 * 60, wins: ["asked a follow-up question", "shared something about myself", "stayed after the first silence", "remembered a name"],
            fears: ["an awkward silence", "saying something stupid", "being ignored", "blushing"]),
    ]

    static let performances = [
        Performance(id: "standup", title: "Stand-up update", ladder: 0, on: "Mon..Fri 09:30", weekdays: weekdaysOnly, minuteOfDay: 9 * 60 + 30, durationMinutes: 15, peer: "Jonas", observer: "Mira"),
        Performance(id: "demo", title: "Team demo", ladder: 0, on: "Tue,Thu 16:00", weekdays: [1, 3], minuteOfDay: 16 * 60, durationMinutes: 20, peer: "Priya", observer: "Mira"),
        Performance(id: "call", title: "The daily call", ladder: 1, on: "*-*-* 11:00", weekdays: everyDay, minuteOfDay: 11 * 60, durationMinutes: 10, peer: "Sam", observer: "Lea"),
        Performance(id: "followup", title: "Follow-up call", ladder: 1, on: "Mon..Fri 15:00", weekdays: weekdaysOnly, minuteOfDay: 15 * 60, durationMinutes: 10, peer: "Sam", observer: "Lea"),
        Performance(id: "lunch", title: "Lunch with someone new", ladder: 2, on: "*-*-* 12:30", weekdays: everyDay, minuteOfDay: 12 * 60 + 30, durationMinutes: 30, peer: "Noor", observer: "Ben"),
        Performance(id: "evening", title: "An evening out", ladder: 2, on: "Fri,Sat 19:00", weekdays: [4, 5], minuteOfDay: 19 * 60, durationMinutes: 45, peer: "Noor", observer: "Ben"),
    ]

    /// The one-off high-stakes performance after the history: its id, ladder and rung.
    static let keynote = (id: "keynote", ladder: "talks", rung: 7)

    /// How many days after the history's end the keynote is.
    static let keynoteDaysAfter: Int64 = 21

    static let feedbackPhrases = [
        "You slowed down at the important part and everyone followed",
        "The example you opened with made it click for me",
        "You handled the interruption without losing your thread",
        "Your question at the end got everyone talking",
        "You sounded sure of yourself",
        "Great job!",
    ]

    static let manualPhrases = [
        "Spoke up first in a meeting without preparing",
        "Asked a stranger for directions and chatted on",
        "Called the landlord about the heating right away",
        "Told a colleague their idea would not work, kindly",
        "Said no to an extra task and gave my reason",
        "Kept talking after my mind went blank for a second",
    ]

    static let changes = ["start with the main point", "breathe out before I begin", "write one question down beforehand", "stay for five more minutes", "stand up while I talk"]
    static let notes = ["Said it before I could talk myself out of it", "Better than last time", "Tired, but I went", "Only half there today"]
    static let aids = ["notes", "a written opener", "a friend nearby", "slides", "none"]

    static func configText(end: Instant) -> String {
        let keynoteDay = end.microseconds / HistoryCalendar.microsecondsPerDay + keynoteDaysAfter
        var text = """
            # The practice of the generated history: three ladders, six recurring performances
            # that follow them, and a one-off keynote after the history ends.

            [rung]
            timezone = "UTC"
            quiet_hours = "22:00-07:30"
            channels = ["desktop", "email"]

            [channel.desktop]
            kind = "desktop"

            [channel.email]
            kind = "email"
            to = "ana@example.org"
            sendmail = ["msmtp", "-t"]

            """
        for ladder in ladders {
            let hour = ladder.checkInMinute / 60, minute = ladder.checkInMinute % 60
            text += """

                [ladder.\(ladder.id)]
                skill = "\(ladder.skill)"
                check_in = "Sun \(String(format: "%02d:%02d", hour, minute))"
                climb_after = 2
                rungs = [

                """
            for rung in ladder.rungs {
                text += "    { title = \"\(rung.title)\", stakes = \"\(rung.stakes)\" },\n"
            }
            text += "]\n"
        }
        for performance in performances {
            text += """

                [performance.\(performance.id)]
                title = "\(performance.title)"
                ladder = "\(ladders[performance.ladder].id)"
                rung = "current"
                on = "\(performance.on)"
                duration = "\(performance.durationMinutes)min"
                peer = "\(performance.peer)"
                observer = "\(performance.observer)"

                """
        }
        text += """

            [performance.\(keynote.id)]
            title = "Keynote at the yearly conference"
            ladder = "\(keynote.ladder)"
            rung = \(keynote.rung)
            at = \(HistoryCalendar.date(ofDay: keynoteDay))T17:00:00
            duration = "40min"
            peer = "Priya"
            observer = "Mira"

            [prompts.vicarious]
            offset = "-1d"
            expires_after = "1d"

            [prompts.reframe]
            offset = "-15min"
            expires_after = "10min"

            [prompts.debrief]
            offset = "+10min"
            renudge_after = "0"
            expires_after = "24h"
            escalate_after = "1h"

            [prompts.affirmation]
            offset = "+1h"
            expires_after = "2d"

            [prompts.check_in]
            expires_after = "1d"
            escalate_after = "4h"

            [prompts.rehearsal]
            days_before = [10, 4, 1]

            """
        return text
    }
}

import Foundation
import RungTime

/// A seeded generator of a person's practice history, written into a real store, so that the
/// report, its tests and its benchmark read years of use without anyone living them.
///
/// The person practises three skills, each on a ladder of its own (``configText(end:)``):
/// giving talks, phone calls and small talk. Six recurring performances follow the ladders
/// (`rung = "current"`), every weekday or every day, and one one-off keynote waits a few weeks
/// after the history ends. The person does a share of the scheduled performances (the
/// attempts, ``Size/performances`` of them, chosen evenly over the span) and lets the others
/// pass; no attempt falls in a pause.
///
/// Skill grows with every attempt, a little more after a success. The chance that an attempt
/// goes as planned is a logistic curve of skill minus the rung's difficulty: about three in
/// four on arrival at a rung, more as practice goes on, less after a climb. Outcomes are
/// success, partial or miss; a miss is when the feared thing most often happened, distress
/// falls as the chance rises. Before most attempts the person predicts how sure they are
/// (0–100): about 15 points under their real chance, so calibration finds that they
/// under-predict. After an attempt the debrief prompt is mostly answered (its outcome), then
/// usually completed with `rungctl debrief`; its own confidence for next time under-predicts
/// too.
///
/// Every scheduled performance brings its prompts, as rungd plans them: the vicarious prompt
/// the day before, the reframe 15 minutes before, the debrief 10 minutes and the affirmation
/// an hour after its end; each ladder has a weekly check-in. ``Size/answers`` of them are
/// answered (a skipped performance's reframe and affirmation with `skip`); the rest expire,
/// a few are missed while rungd was not running, and a few fail on every channel. Deliveries
/// go to the desktop, a few fail and are retried, an unanswered debrief or check-in is
/// escalated by email. Some answers come after a snooze; when there are more answers than
/// prompts, the rest replace an earlier answer (`rungctl respond --replace`).
///
/// At a check-in the person climbs after two successes in the last three attempts at the
/// rung, steps back after two misses in a row, and holds otherwise; the first answered
/// check-in starts the ladder. Now and then, after a climb, they rate the next rung
/// (`rungctl ladder rate`). ``Size/evidence`` entries are kept: one from most completed
/// debriefs, the observer's feedback after some attempts (now and then praise only), and
/// the rest written by hand. A couple of times a year the person pauses everything for a
/// holiday, sometimes resuming early, and now and then pauses one performance.
///
/// Every instant derives from `end` and the seed, never from the clock: the same seed, size
/// and end write the same rows.
public enum PracticeHistory {
    /// How much history to write.
    public struct Size: Sendable, Hashable {
        /// The span of the history, ending at its `end`; 0 for the few days around a single
        /// attempt.
        public var years: Int
        /// Attempts: performances done, each with its debrief prompt.
        public var performances: Int
        /// Responses to prompts, replaced ones included.
        public var answers: Int
        /// Evidence entries.
        public var evidence: Int

        public init(years: Int, performances: Int, answers: Int, evidence: Int) {
            self.years = years
            self.performances = performances
            self.answers = answers
            self.evidence = evidence
        }

        /// A year of use by someone who practises a few times a week.
        public static let oneYear = Size(years: 1, performances: 150, answers: 1_500, evidence: 600)
        /// Ten years of steady use: the scale the report must stay fast at.
        public static let tenYears = Size(years: 10, performances: 5_000, answers: 50_000, evidence: 20_000)
        /// A single debriefed attempt with one evidence entry: the smallest history a report has
        /// something to say about.
        public static let oneEntry = Size(years: 0, performances: 1, answers: 1, evidence: 1)
    }

    /// What a history holds, row by row.
    public struct Summary: Sendable, Hashable {
        public var occurrences = 0
        public var deliveries = 0
        public var attempts = 0
        public var answers = 0
        public var debriefs = 0
        public var predictions = 0
        public var evidence = 0
        public var ladderMoves = 0
        public var rungRatings = 0
        public var pauses = 0
        public var snoozes = 0

        public init() {}
    }

    /// A history is only ever written into a new store: `path` held a file already.
    public struct StoreExists: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) exists already; a practice history is written into a new store" }
    }

    /// The documented default seed.
    public static let seed: UInt64 = 20_261_207

    /// The config the history belongs to (TOML text, time zone UTC): three ladders of six to
    /// eight rungs with weekly check-ins, six recurring performances that follow them, and a
    /// one-off high-stakes keynote three weeks after `end`.
    public static func configText(end: Instant) -> String {
        HistoryModel.configText(end: end)
    }

    /// Writes the history ending at `end` into a new store at `path` (which must not hold a
    /// store yet) and returns what it wrote.
    public static func write(to path: String, size: Size, seed: UInt64 = seed, end: Instant) throws -> Summary {
        let plan = HistoryPlan(size: size, seed: seed, end: end)
        var simulation = HistorySimulation(plan: plan)
        let rows = simulation.run()
        return try HistoryWriter.write(rows, to: path)
    }
}

import RungCore
import RungTime

/// `io.rung.Control`: what `rungctl` asks of the running daemon, in varlink's IDL, with the
/// names both sides use.
public enum ControlInterface {
    public static let name = "io.rung.Control"

    /// The methods, as `io.rung.Control.NAME`.
    public enum Method: String, CaseIterable, Sendable {
        case status = "Status"
        case upcoming = "Upcoming"
        case snooze = "Snooze"
        case pause = "Pause"
        case resume = "Resume"
        case reload = "Reload"
        case respond = "Respond"
        case testNotify = "TestNotify"

        public var qualifiedName: String { "\(ControlInterface.name).\(rawValue)" }
    }

    /// The errors, as `io.rung.Control.NAME`.
    public enum ErrorName: String, CaseIterable, Sendable {
        case occurrenceNotFound = "OccurrenceNotFound"
        case subjectNotFound = "SubjectNotFound"
        case channelNotFound = "ChannelNotFound"
        case invalidRequest = "InvalidRequest"
        case configInvalid = "ConfigInvalid"
        case storeFailed = "StoreFailed"
        case malformedMessage = "MalformedMessage"
        case replyTooLarge = "ReplyTooLarge"
        case answerNotOffered = "AnswerNotOffered"
        case answerTooEarly = "AnswerTooEarly"
        case alreadyAnswered = "AlreadyAnswered"
        case ratingNotAsked = "RatingNotAsked"

        public var qualifiedName: String { "\(ControlInterface.name).\(rawValue)" }
    }

    /// How many occurrences each reply of a streamed `Upcoming` (called with `more`) holds
    /// at most: about 200 KiB, well under the 1 MiB a message may have.
    public static let upcomingPerReply = 500

    /// How many days `Upcoming` looks ahead, at most.
    public static let upcomingMaximumDays: Int64 = 366

    /// How many occurrences `Upcoming` lists, at most: a year of a prompt every ten minutes.
    /// When the days asked for hold more, the list stops there and says where
    /// (`truncated_at`).
    public static let upcomingLimit = 50_000

    /// The interface description `GetInterfaceDescription` returns.
    public static let description = """
        # Rung's daemon, as rungctl steers it. Instants are ISO 8601 with an offset.
        interface io.rung.Control

        # One planned prompt; title names its performance or ladder, renudge marks a debrief's reminder,
        # skip (Upcoming only) says why a vicarious prompt will not be sent when it falls due, as the
        # store reads now; rehearsal says what a rehearsal prepares for and at which rung.
        type Occurrence (
          id: string,
          kind: string,
          subject: string,
          title: string,
          renudge: bool,
          scheduled: string,
          due: string,
          expires: string,
          channels: []string,
          state: string,
          skip: ?string,
          rehearsal: ?string
        )

        # A pause in force: of one subject, or of everything when subject is absent; until resumed when
        # until is absent. (Not named Pause: a varlink interface's types, methods and errors share
        # one namespace, and Pause is the method.)
        type ActivePause (
          subject: ?string,
          until: ?string
        )

        # A prompt every channel of its chain failed to deliver, with each channel's reason.
        type Failure (
          id: string,
          kind: string,
          subject: string,
          title: string,
          due: string,
          reasons: []string
        )

        # A prompt waiting for a channel that cannot deliver yet (no notification server): it goes
        # out through that channel when it can, or on to the next one at until.
        type Waiting (
          id: string,
          kind: string,
          subject: string,
          title: string,
          due: string,
          channel: string,
          until: string,
          reason: string
        )

        # A step Rung proposes for a ladder that would move it: step is climb or step_back, to_rung
        # the rung it leads to (from 1) and to_title its title, reason why in plain words. The
        # person decides at the check-in.
        type Proposal (
          ladder: string,
          step: string,
          to_rung: int,
          to_title: string,
          reason: string
        )

        # How well predictions matched outcomes over every ladder: attempts had a prediction, needed
        # are wanted before the figures mean anything; then the Brier score, the bias (negative: the
        # person under-predicts) and a summary in words.
        type Calibration (
          attempts: int,
          needed: int,
          brier: ?float,
          bias: ?float,
          summary: ?string
        )

        # The daemon's state, as `rungctl status` shows it; failures lists the failed prompts of the
        # last 7 days, waiting the prompts held for a channel, snoozed the first 100 snoozed prompts
        # (snoozed_count counts them all), snoozed_until the end of a snooze of everything in force.
        # proposals lists the ladders Rung proposes to climb or step back (not those it proposes to
        # hold), warnings the high-stakes performances ahead without enough medium-stakes successes.
        method Status() -> (
          status: string,
          config: string,
          store: string,
          config_errors: []string,
          next: ?Occurrence,
          delivered: int,
          answered: int,
          failed: int,
          missed: int,
          paused: int,
          snoozed: []Occurrence,
          snoozed_count: int,
          snoozed_until: ?string,
          pauses: []ActivePause,
          failures: []Failure,
          waiting: []Waiting,
          proposals: []Proposal,
          warnings: []string,
          calibration: Calibration
        )

        # The prompts planned from now on, for `days` days (default 7, at most 366; more is
        # InvalidParameter), in time order, at most 50000: when the days hold more, the list stops
        # there and truncated_at says where (every prompt due before it is listed). Call it with
        # more to get them streamed: replies of at most 500 occurrences each (at least one reply),
        # each with zone, all but the last with continues. Without more, the one reply is refused
        # with ReplyTooLarge when it would be longer than a message may be (1 MiB, a few thousand
        # occurrences: an hourly prompt over several months).
        method Upcoming(days: ?int) -> (zone: string, occurrences: []Occurrence, truncated_at: ?string)

        # Postpones one occurrence by seconds or until an instant; or, with all, everything: one
        # record says that every prompt due before the end comes then, and the prompts delivered
        # and unanswered come again then (snoozed lists them; expire_first those that expire first).
        method Snooze(occurrence: ?string, all: ?bool, seconds: ?int, until: ?string) -> (
          all: ?bool,
          snoozed: []string,
          until: string,
          expire_first: []string
        )

        # Holds back the prompts of one subject (performance:ID, ladder:ID), or all, for seconds or until resumed.
        method Pause(subject: ?string, seconds: ?int) -> (pause: ActivePause)

        # Ends the pauses of one subject, or all pauses.
        method Resume(subject: ?string) -> (resumed: int)

        # Reads the config again; a bad config is refused and the running one kept.
        method Reload() -> (status: string)

        # Records an answer to a prompt: one of its own (answer), your words (note), or both;
        # the first answer stands unless replace. A reframe also takes rating, 0 to 10 for "did
        # this help?" (alone it answers done). Says what was recorded: answer is "note" for a
        # note alone; snooze postpones the prompt until snoozed_until and records no answer.
        method Respond(occurrence: string, answer: ?string, note: ?string, replace: ?bool, rating: ?int) -> (
          occurrence: string,
          answer: string,
          note: ?string,
          rating: ?int,
          via: string,
          at: string,
          snoozed_until: ?string
        )

        # Sends a sample prompt once through a channel (default: the first of the default chain),
        # without retry or fallback, and says what came of it: outcome is delivered, failed or
        # unavailable; detail says how it was delivered, reason why not. Nothing is recorded.
        method TestNotify(channel: ?string) -> (
          channel: string,
          kind: string,
          outcome: string,
          detail: ?string,
          reason: ?string,
          milliseconds: int
        )

        error OccurrenceNotFound (occurrence: string)
        error SubjectNotFound (subject: string)
        error ChannelNotFound (channel: string, channels: []string)
        # A call that cannot be carried out as asked; expires says when the prompt of a snooze that
        # would end too late expires.
        error InvalidRequest (reason: string, expires: ?string)
        error ConfigInvalid (errors: []string)
        error StoreFailed (reason: string)
        error MalformedMessage (reason: string)
        # A reply to method would be size bytes, longer than the limit a message may have; nothing
        # of it was sent. Call with more where the method streams (Upcoming), or ask for less.
        error ReplyTooLarge (method: string, size: int, limit: int)
        error AnswerNotOffered (occurrence: string, answer: string, offered: []string)
        error AnswerTooEarly (occurrence: string, kind: string, ends: string)
        error AlreadyAnswered (occurrence: string, answer: string, note: ?string, via: string, channel: ?string, at: string)
        # Only a reframe asks "did this help?"; a prompt of kind takes no rating.
        error RatingNotAsked (occurrence: string, kind: string)

        """
}

extension ControlInterface {
    /// The error for an answer `AnswerRule` refuses; `time` writes an instant.
    public static func refusal(_ refusal: AnswerRule.Refusal, occurrence: String, time: (Instant) -> String) -> any ControlError {
        switch refusal {
        case .notOffered(let answer, let offered):
            AnswerNotOffered(occurrence: occurrence, answer: answer, offered: offered)
        case .tooEarly(let kind, let endsAt):
            AnswerTooEarly(occurrence: occurrence, kind: kind.rawValue, ends: time(endsAt))
        case .ratingNotAsked(let kind):
            RatingNotAsked(occurrence: occurrence, kind: kind.rawValue)
        case .ratingOffScale(let rating):
            InvalidRequest(
                reason: "a rating is \(AnswerRule.ratingScale.lowerBound) to \(AnswerRule.ratingScale.upperBound), not \(rating)")
        }
    }
}

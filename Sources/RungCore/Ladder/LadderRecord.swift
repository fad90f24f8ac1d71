import RungTime

/// What the coaching rules know of one ladder: where it stands, each attempt the person
/// debriefed, each confidence rating, and the last time they watched a peer. The store
/// gathers it; the rules (`LadderProposal`, `Calibration`, `Readiness`) only read it, so
/// they can be tested as tables of records.
public struct LadderRecord: Sendable, Hashable {
    /// How an attempt went, as its debrief recorded it. Skips, pauses and expired prompts
    /// are not attempts, so they are never failures.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case success, partial, miss

        /// The outcome as a number for calibration: done as defined 1, partly 0.5, not 0.
        public var score: Double {
            switch self {
            case .success: 1
            case .partial: 0.5
            case .miss: 0
            }
        }
    }

    /// One debriefed attempt.
    public struct Attempt: Sendable, Hashable {
        /// The rung it was an attempt at, from 1; nil when the debrief named none.
        public var rung: Int?
        public var outcome: Outcome
        /// How much rode on it.
        public var stakes: Stakes
        /// Whether the feared outcome happened; nil when the debrief did not say.
        public var fearedHappened: Bool?
        /// Distress during the attempt, 0–100, when given: logged, never a gate.
        public var distress: Int?
        /// The aids used (notes, a friend present), when any.
        public var aids: String?
        /// The confidence predicted for this attempt beforehand, 0–100, when there was a prediction.
        public var predicted: Int?
        /// When it happened (its start when known, else when its outcome was recorded).
        public var at: Instant

        public init(
            rung: Int?, outcome: Outcome, stakes: Stakes = .medium, fearedHappened: Bool? = nil, distress: Int? = nil,
            aids: String? = nil, predicted: Int? = nil, at: Instant
        ) {
            self.rung = rung
            self.outcome = outcome
            self.stakes = stakes
            self.fearedHappened = fearedHappened
            self.distress = distress
            self.aids = aids
            self.predicted = predicted
            self.at = at
        }

        /// Whether aids were named.
        public var usedAids: Bool { !(aids?.allSatisfy(\.isWhitespace) ?? true) }
    }

    /// A rating of how sure the person was that they can do a rung, 0–100: a prediction
    /// before an attempt, a debrief's confidence for the next attempt, or a rating given
    /// to the rung itself.
    public struct Rating: Sendable, Hashable {
        public var rung: Int
        public var confidence: Int
        public var at: Instant

        public init(rung: Int, confidence: Int, at: Instant) {
            self.rung = rung
            self.confidence = confidence
            self.at = at
        }
    }

    /// The rung the ladder stands on, from 1 (1 before its first move).
    public var currentRung: Int
    /// When the ladder arrived at `currentRung`; nil when it never moved. Attempts at the
    /// rung from an earlier stay on it do not count toward this one.
    public var since: Instant?
    /// Whether the ladder arrived at `currentRung` by stepping back.
    public var arrivedBySteppingBack: Bool
    /// Every attempt on the ladder, oldest first.
    public var attempts: [Attempt]
    /// Every confidence rating on the ladder, oldest first.
    public var ratings: [Rating]
    /// When the person last answered that they watched a peer before an attempt on this ladder.
    public var lastWatched: Instant?

    public init(
        currentRung: Int = 1, since: Instant? = nil, arrivedBySteppingBack: Bool = false, attempts: [Attempt] = [],
        ratings: [Rating] = [], lastWatched: Instant? = nil
    ) {
        self.currentRung = currentRung
        self.since = since
        self.arrivedBySteppingBack = arrivedBySteppingBack
        self.attempts = attempts
        self.ratings = ratings
        self.lastWatched = lastWatched
    }

    /// The attempts at the current rung during this stay on it, oldest first.
    public var attemptsAtCurrentRung: [Attempt] {
        attempts.filter { attempt in attempt.rung == currentRung && (since.map { attempt.at >= $0 } ?? true) }
    }

    /// The latest confidence rated for `rung`, if any.
    public func latestConfidence(for rung: Int) -> Rating? {
        ratings.last { $0.rung == rung }
    }

    /// The attempts that had a prediction: what calibration is computed from.
    public var predictedAttempts: [Attempt] { attempts.filter { $0.predicted != nil } }
}

import RungTime

/// One entry of the evidence log as the reframe sees it: the store's record reduced to what
/// decides whether and how early it is quoted.
public struct EvidenceCandidate: Hashable, Sendable {
    /// Where the entry came from.
    public enum Source: Hashable, Sendable {
        /// Written by the person.
        case manual
        /// Drawn from a debrief.
        case debrief
        /// Feedback from an observer.
        case feedback
    }

    /// The entry's number in the log.
    public var id: Int64
    /// The skill, as the log names it: the id of its ladder.
    public var skill: String
    /// The rung, numbered from 1 as the log numbers them; nil when the entry names none.
    public var rung: Int?
    public var source: Source
    /// For feedback: whether the observer actually saw the attempt; nil when not asked.
    public var observed: Bool?
    /// Whether the text names something a camera could have recorded (`SpecificText`) and,
    /// for feedback, is more than praise (`PraiseOnly`).
    public var isSpecific: Bool
    public var happenedAt: Instant
    /// The words to quote.
    public var text: String

    public init(
        id: Int64, skill: String, rung: Int? = nil, source: Source = .manual, observed: Bool? = nil, isSpecific: Bool,
        happenedAt: Instant, text: String
    ) {
        self.id = id
        self.skill = skill
        self.rung = rung
        self.source = source
        self.observed = observed
        self.isSpecific = isSpecific
        self.happenedAt = happenedAt
        self.text = text
    }
}

/// Which of the person's own entries a reframe quotes (COACHING.md §6: "1–2 of the
/// person's own entries from this rung or below"; §7: only observed, specific feedback).
///
/// The rules, in order:
/// - only entries on the same skill;
/// - never an entry from a rung above the attempt's: evidence is of what the person has
///   already done at this step or an easier one;
/// - feedback only when the observer saw the attempt and named something specific;
/// - the person's own vague entries ("went fine") only when no specific one is left: they
///   are still their own words about this skill, but one specific entry says more than a
///   specific one beside "went fine";
/// - then the same rung before lower rungs before entries that name no rung (an entry
///   without a rung may be about any rung of the skill, so it is allowed but comes last);
/// - then the most recent first (ties: the later-added entry first).
public enum EvidenceRanking {
    /// How many entries a reframe quotes by default: COACHING.md §6, "quote 1–2".
    public static let defaultLimit = 2

    /// At most `limit` entries of `candidates` to quote before an attempt on `skill`, most
    /// relevant first. `rung` counts from 1, as the log numbers rungs (a performance's
    /// 0-based `rung` plus one); nil when the attempt is not a rung of a ladder, and then
    /// every rung of the skill qualifies and none is preferred.
    public static func quotable(
        _ candidates: [EvidenceCandidate], skill: String, rung: Int?, limit: Int = defaultLimit
    ) -> [EvidenceCandidate] {
        guard limit > 0 else { return [] }
        let eligible = candidates.filter { candidate in
            guard candidate.skill == skill else { return false }
            if let rung, let entryRung = candidate.rung, entryRung > rung { return false }
            if candidate.source == .feedback { return candidate.observed == true && candidate.isSpecific }
            return true
        }
        let specific = eligible.filter(\.isSpecific)
        let ranked = (specific.isEmpty ? eligible : specific).sorted { a, b in
            let rankA = rungRank(a, target: rung), rankB = rungRank(b, target: rung)
            if rankA != rankB { return rankA < rankB }
            if a.happenedAt != b.happenedAt { return a.happenedAt > b.happenedAt }
            return a.id > b.id
        }
        return Array(ranked.prefix(limit))
    }

    /// 0 for the attempt's own rung, 1 for a lower rung, 2 for no rung; all 0 when the
    /// attempt has no rung.
    private static func rungRank(_ candidate: EvidenceCandidate, target: Int?) -> Int {
        guard let target else { return 0 }
        guard let rung = candidate.rung else { return 2 }
        return rung == target ? 0 : 1
    }
}

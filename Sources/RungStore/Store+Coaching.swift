import Foundation
import GRDB
import RungCore
import RungTime

extension EvidenceCandidate {
    /// `entry` as the reframe's ranking weighs it: specific when its words name something a
    /// camera could have recorded and, for feedback, more than praise (COACHING.md §3, §7):
    /// the flag recorded with it, or for feedback from before the flag, its words.
    public init(_ entry: Evidence) {
        let text = Self.quote(of: entry)
        let source: Source
        var isSpecific = !SpecificText.isVague(text)
        switch entry.source {
        case .manual: source = .manual
        case .debrief: source = .debrief
        case .feedback:
            source = .feedback
            isSpecific = isSpecific && !(entry.praiseOnly ?? PraiseOnly.isPraiseOnly(text))
        }
        self.init(
            id: entry.id ?? 0, skill: entry.skill, rung: entry.rung, source: source, observed: entry.observed,
            isSpecific: isSpecific, happenedAt: entry.happenedAt, text: text)
    }

    /// What happened and the detail that makes it evidence, as a prompt quotes them beside
    /// other text: a sentence or two (`EvidenceQuote`).
    static func quote(of entry: Evidence) -> String {
        let what = entry.what.trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = entry.detail.trimmingCharacters(in: .whitespacesAndNewlines)
        return EvidenceQuote.excerpt(detail.isEmpty ? what : "\(what): \(detail)")
    }
}

/// What the coaching rules read about one performance: the rung it is an attempt at, the
/// evidence a reframe quotes, the change chosen last time, and whether watching a peer is
/// still worth suggesting. Only reads; the answer reflects the store as it is now.
extension Store {
    /// The rung (numbered from 1, as the log numbers them) `performance` is an attempt at:
    /// its configured rung, or for one that follows its ladder the rung the ladder stands on
    /// now (rung 1 before its first move); nil when it is not a rung of a ladder.
    public func attemptRung(of performance: Performance) throws -> Int? {
        guard let ladder = performance.ladder else { return nil }
        if performance.followsLadder { return try ladderPosition(ladder)?.rung ?? 1 }
        return performance.rung.map { $0 + 1 }
    }

    /// The person's own entries a reframe before `performance` quotes, most relevant first,
    /// as `EvidenceRanking` chooses them among the entries of its ladder; none without a ladder.
    public func reframeQuotes(for performance: Performance, limit: Int = EvidenceRanking.defaultLimit) throws -> [String] {
        guard let ladder = performance.ladder else { return [] }
        let rung = try attemptRung(of: performance)
        let candidates = try read("reading evidence to quote") { db in
            var request = Evidence.all().forSkill(ladder)
            // Entries above the attempt's rung are never quoted: leave them in the store.
            if let rung { request = request.filter(Column("rung") == nil || Column("rung") <= rung) }
            return try request.fetchAll(db).map(EvidenceCandidate.init)
        }
        return EvidenceRanking.quotable(candidates, skill: ladder, rung: rung, limit: limit).map(\.text)
    }

    /// The one thing the person chose to change in the latest debrief on `performance`'s
    /// ladder (of the performance itself, when it has no ladder); nil when that debrief
    /// chose nothing or there is none: "last time" is the latest completed debrief, not an
    /// older one (an outcome given by a button alone chose nothing yet).
    public func lastChange(for performance: Performance) throws -> String? {
        let latest: Debrief? = try read("reading the latest debrief") { db in
            try debriefsOf(performance).filter(Column("completed_at") != nil).order(Column("recorded_at").desc, Column("id").desc).fetchOne(db)
        }
        guard let change = latest?.change.trimmingCharacters(in: .whitespacesAndNewlines), !change.isEmpty else { return nil }
        return change
    }

    /// Whether the vicarious prompt before `performance` is worth sending now
    /// (`VicariousSuggestion`): the attempts are the debriefs at its rung of its ladder (of the
    /// performance itself when it names no rung), and the latest confidence the newer of
    /// the newest debrief that gave one and the newest prediction for the performance.
    public func vicariousDecision(for performance: Performance) throws -> VicariousSuggestion.Decision {
        let rung = try attemptRung(of: performance)
        let (attempts, latest): (Int, Int?) = try read("reading the attempts at a rung") { db in
            var request = Debrief.filter(Column("performance") == performance.id)
            if let ladder = performance.ladder, let rung {
                request = Debrief.filter(Column("skill") == ladder && Column("rung") == rung)
            }
            let rated = try request.filter(Column("self_efficacy") != nil).order(Column("recorded_at").desc, Column("id").desc).fetchOne(db)
            let predicted = try Prediction.filter(Column("performance") == performance.id && Column("replaced_at") == nil)
                .order(Column("recorded_at").desc, Column("id").desc).fetchOne(db)
            let latest: Int? = switch (rated, predicted) {
            case let (debrief?, prediction?):
                prediction.recordedAt > (debrief.completedAt ?? debrief.recordedAt) ? prediction.selfEfficacy : debrief.selfEfficacy
            case let (debrief?, nil): debrief.selfEfficacy
            case let (nil, prediction?): prediction.selfEfficacy
            case (nil, nil): nil
            }
            return (try request.fetchCount(db), latest)
        }
        return VicariousSuggestion.decide(attempts: attempts, latestConfidence: latest)
    }

    /// The debriefs of `performance`'s ladder, or of the performance itself without one.
    private func debriefsOf(_ performance: Performance) -> QueryInterfaceRequest<Debrief> {
        if let ladder = performance.ladder { return Debrief.filter(Column("skill") == ladder) }
        return Debrief.filter(Column("performance") == performance.id)
    }
}

import GRDB
import RungCore
import RungTime

extension LadderMove.Kind {
    /// The kind of move a step records.
    public init(_ step: LadderStep) {
        self = switch step {
        case .climb: .climb
        case .hold: .hold
        case .stepBack: .stepBack
        }
    }
}

/// Moving a ladder by a step from wherever it stands: by hand (`rungctl ladder`) and by
/// answering a check-in (`Store.answer`). A ladder never started stands on rung 1.
extension Store {
    /// The step, rung and reason a move records, decided from the ladder's current rung.
    public typealias LadderDecision = (_ current: Int) throws -> (step: LadderStep, rung: Int, reason: String)

    /// Moves `ladder` as `decide` says from its current rung, in one transaction, and
    /// returns the moves recorded, oldest first. A ladder without a position starts on
    /// rung 1: its `start` is recorded in the same transaction, before the move. When
    /// `decide` throws, nothing is written and its error is thrown as it is.
    @discardableResult
    public func stepLadder(_ ladder: String, at instant: Instant, decide: LadderDecision) throws -> [LadderMove] {
        guard !ladder.isEmpty else { throw StoreError.invalid("a ladder move needs the ladder") }
        return try write("moving ladder \(ladder)") { db in
            try Store.stepLadder(ladder, at: instant, decide: decide, db)
        }
    }

    /// `stepLadder` inside a transaction the caller holds.
    static func stepLadder(_ ladder: String, at instant: Instant, decide: LadderDecision, _ db: Database) throws -> [LadderMove] {
        var moves: [LadderMove] = []
        var current = try LadderPosition.fetchOne(db, key: ladder)
        let decision = try decide(current?.rung ?? 1)
        guard decision.rung >= 1 else { throw StoreError.invalid("rung \(decision.rung) is not a rung; rungs are numbered from 1") }
        let from = current?.rung ?? 1
        let consistent = switch decision.step {
        case .climb: decision.rung > from
        case .hold: decision.rung == from
        case .stepBack: decision.rung < from
        }
        guard consistent else {
            throw StoreError.conflict("ladder \(ladder) is at rung \(from); a \(LadderMove.Kind(decision.step).rawValue) cannot lead to rung \(decision.rung)")
        }
        if current == nil {
            var start = LadderMove(id: nil, ladder: ladder, kind: .start, fromRung: nil, toRung: 1, reason: "started on rung 1", movedAt: instant)
            try start.insert(db)
            let position = LadderPosition(ladder: ladder, rung: 1, since: instant)
            try position.insert(db)
            moves.append(start)
            current = position
        }
        var move = LadderMove(
            id: nil, ladder: ladder, kind: LadderMove.Kind(decision.step), fromRung: current?.rung, toRung: decision.rung,
            reason: decision.reason, movedAt: instant)
        try move.insert(db)
        if current?.rung != decision.rung {
            try LadderPosition(ladder: ladder, rung: decision.rung, since: instant).upsert(db)
        }
        moves.append(move)
        return moves
    }
}

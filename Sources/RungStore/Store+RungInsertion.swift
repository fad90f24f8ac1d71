import GRDB

/// A rung inserted into a ladder (`rungctl rung add`) moves every rung above it up by one;
/// the store numbers rungs, so its record moves with them.
extension Store {
    /// The tables that number a ladder's rungs, each with the column naming the ladder and
    /// the columns holding rung numbers. Predictions and the ledger name performances, not
    /// rungs, and need nothing.
    static let rungColumns: [(table: String, ladder: String, rungs: [String])] = [
        ("ladder_position", "ladder", ["rung"]),
        ("ladder_move", "ladder", ["from_rung", "to_rung"]),
        ("rung_rating", "ladder", ["rung"]),
        ("debrief", "skill", ["rung"]),
        ("evidence", "skill", ["rung"]),
    ]

    /// Renumbers what the store records for `ladder` as a rung is inserted after rung
    /// `after` (0: before the first): every rung number above `after` becomes one more, so
    /// that a person's debriefs, evidence, ratings and moves stay with the rung they
    /// happened at. `beforeCommit` runs last inside the same transaction, for the change
    /// that must land together with this one (the config file naming the new rung); when it
    /// throws, nothing is changed and its error is thrown. Returns how many rows changed.
    @discardableResult
    public func shiftRungs(ofLadder ladder: String, after: Int, beforeCommit: () throws -> Void) throws -> Int {
        try write("renumbering the rungs of ladder \(ladder)") { db in
            var changed = 0
            for (table, ladderColumn, rungs) in Self.rungColumns {
                for rung in rungs {
                    try db.execute(sql: "UPDATE \(table) SET \(rung) = \(rung) + 1 WHERE \(ladderColumn) = ? AND \(rung) > ?", arguments: [ladder, after])
                    changed += db.changesCount
                }
            }
            try beforeCommit()
            return changed
        }
    }
}

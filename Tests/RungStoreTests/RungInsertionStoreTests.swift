import Foundation
import RungCore
import RungTime
import RungTestSupport
import Testing
@testable import RungStore

@Suite("Renumbering a ladder's rungs in the store")
struct RungInsertionStoreTests {
    private func at(_ minutes: Int64) -> Instant { testInstant.adding(microseconds: minutes * 60_000_000) }

    /// A store with a record on rungs 1 and 3 of "talks" and on rung 3 of "chess".
    private func seeded(_ directory: TemporaryDirectory) throws -> Store {
        let store = try Store(path: directory.file("rung.sqlite3"))
        try store.stepLadder("talks", at: at(1)) { _ in (.climb, 3, "by hand") }
        _ = try store.rateRung(RungRating(ladder: "talks", rung: 3, selfEfficacy: 70, recordedAt: at(2)))
        _ = try store.addEvidence(Evidence(skill: "talks", rung: 1, what: "explained it to Jo", happenedAt: at(3), recordedAt: at(3)))
        _ = try store.addEvidence(Evidence(skill: "talks", rung: 3, what: "gave the demo", happenedAt: at(4), recordedAt: at(4)))
        _ = try store.addEvidence(Evidence(skill: "chess", rung: 3, what: "won a game", happenedAt: at(5), recordedAt: at(5)))
        _ = try store.recordDebrief(Debrief(performance: "demo", skill: "talks", rung: 3, outcome: .success, selfEfficacy: 60, recordedAt: at(6)))
        return store
    }

    @Test("every rung number above the new rung moves up, on that ladder only")
    func shiftsAboveTheNewRung() throws {
        let directory = try TemporaryDirectory()
        let store = try seeded(directory)
        var committedWith = false
        let changed = try store.shiftRungs(ofLadder: "talks", after: 2) { committedWith = true }
        #expect(committedWith)
        // Position, the climb's to_rung, the rating, one evidence entry and the debrief.
        #expect(changed == 5)
        #expect(try store.ladderPosition("talks")?.rung == 4)
        #expect(try store.ladderHistory("talks").map(\.toRung) == [1, 4])
        #expect(try store.ladderHistory("talks").map(\.fromRung) == [nil, 1])
        #expect(try store.evidence(skill: "talks").map(\.rung).sorted { ($0 ?? 0) < ($1 ?? 0) } == [1, 4])
        #expect(try store.evidence(skill: "chess").map(\.rung) == [3])
        #expect(try store.debriefs(skill: "talks").map(\.rung) == [4])
        #expect(try store.rungRatings(ladder: "talks").map(\.rung) == [4])
    }

    @Test("when the change that lands with it fails, nothing is renumbered")
    func rollsBack() throws {
        let directory = try TemporaryDirectory()
        let store = try seeded(directory)
        struct Refused: Error {}
        #expect(throws: (any Error).self) { try store.shiftRungs(ofLadder: "talks", after: 0) { throw Refused() } }
        #expect(try store.ladderPosition("talks")?.rung == 3)
        #expect(try store.evidence(skill: "talks").map(\.rung).sorted { ($0 ?? 0) < ($1 ?? 0) } == [1, 3])
        #expect(try store.debriefs(skill: "talks").map(\.rung) == [3])
    }
}

import Foundation
import RungCore
import RungPracticeHistory
import RungStore
import RungTestSupport
import RungTime
import Testing
@testable import RungReport

/// The report's promise, over many seeded histories of random sizes rather than one: what it
/// counts is what the store holds, `--since` only narrows what is counted, and the plain text
/// stays ASCII within 80 columns. `RUNG_REPORT_SEEDS` sets how many histories (default 30);
/// a failure names its seed and size, which `PracticeHistory.write` reproduces.
@Suite("The report over many seeded histories")
struct ReportPropertyTests {
    static let end = ReportTextTests.end
    static let day = Int64(TimeSpanUnit.day)

    static var runs: Int {
        ProcessEnvironment.current["RUNG_REPORT_SEEDS"].flatMap { Int($0) } ?? 30
    }

    @Test("every figure is the store's, --since narrows without moving the standing, the plain text fits 80 columns")
    func manyHistories() throws {
        var random = SplitMix64(seed: 20_261_208)
        let config = try ConfigLoader.load(PracticeHistory.configText(end: Self.end), path: "rung.toml", now: Self.end, systemZone: .utc)
        for _ in 0..<Self.runs {
            let seed = random.next()
            let size = PracticeHistory.Size(
                years: 1, performances: Int.random(in: 1...60, using: &random), answers: Int.random(in: 1...400, using: &random),
                evidence: Int.random(in: 0...120, using: &random))
            let since = Self.end.adding(microseconds: -Int64.random(in: 1...400, using: &random) * Self.day)
            let failures = try Self.check(seed: seed, size: size, since: since, config: config)
            #expect(failures.isEmpty, "seed \(seed), \(size), since \(since):\n\(failures.joined(separator: "\n"))")
        }
    }

    /// What does not hold for the history of `seed` and `size`, one line each.
    static func check(seed: UInt64, size: PracticeHistory.Size, since: Instant, config: Config) throws -> [String] {
        let directory = try TemporaryDirectory()
        let path = directory.file("rung.sqlite3")
        _ = try PracticeHistory.write(to: path, size: size, seed: seed, end: end)
        let store = try Store(path: path, access: .readOnly)
        let whole = try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: store, now: end)
        let recent = try ProgressReport(config: config, systemZone: .utc, zone: .utc, store: store, now: end, since: since)
        var failures: [String] = []
        func require(_ holds: Bool, _ what: @autoclosure () -> String) {
            if !holds { failures.append(what()) }
        }
        require(whole.ladders.map(\.ladder.id) == config.ladders.map(\.id), "a section per ladder, in the config's order")
        for (all, narrowed) in zip(whole.ladders, recent.ladders) {
            let id = all.ladder.id
            let debriefs = try store.debriefs(skill: id)
            let evidence = try store.evidence(skill: id)
            for rung in all.rungs {
                let here = debriefs.filter { $0.rung == rung.number }
                require(rung.successes == here.count { $0.outcome == .success }, "\(id) rung \(rung.number): successes")
                require(rung.partials == here.count { $0.outcome == .partial }, "\(id) rung \(rung.number): partials")
                require(rung.misses == here.count { $0.outcome == .miss }, "\(id) rung \(rung.number): misses")
                require(rung.evidence == evidence.count { $0.rung == rung.number }, "\(id) rung \(rung.number): evidence")
            }
            require(all.attempts == debriefs.count, "\(id): \(all.attempts) attempts, \(debriefs.count) debriefs")
            require(all.debriefs.written + all.debriefs.awaitingDetail == debriefs.count, "\(id): debriefs written and awaiting")
            require(all.evidence == evidence.count, "\(id): \(all.evidence) evidence, \(evidence.count) in the store")
            require(all.evidenceWithoutRung == evidence.count { $0.rung == nil }, "\(id): evidence without a rung")
            require(all.moves == (try store.ladderHistory(id)), "\(id): the moves")
            require(all.currentRung == (try store.ladderPosition(id))?.rung ?? 1, "\(id): where it stands")
            let predicted = all.calibrationPoints.count
            require((all.calibration != nil) == (predicted >= all.ladder.coaching.calibrationAfter), "\(id): calibration with \(predicted) predicted")

            require(narrowed.currentRung == all.currentRung && narrowed.currentSince == all.currentSince, "\(id) since: the standing moved")
            require(narrowed.proposal == all.proposal, "\(id) since: the proposal changed")
            for (mine, theirs) in zip(narrowed.rungs, all.rungs) {
                require(mine.successes <= theirs.successes && mine.partials <= theirs.partials && mine.misses <= theirs.misses
                    && mine.evidence <= theirs.evidence, "\(id) since: rung \(mine.number) counts more than the whole")
            }
            require(narrowed.confidence.allSatisfy { $0.at >= since }, "\(id) since: a rating from before")
            require(narrowed.moves.allSatisfy { $0.movedAt >= since }, "\(id) since: a move from before")
            require(narrowed.moves == all.moves.filter { $0.movedAt >= since }, "\(id) since: not every move since")
            require(narrowed.positions.last?.rung ?? all.currentRung == all.currentRung || all.moves.isEmpty,
                    "\(id) since: the chart ends elsewhere than where the ladder stands")
        }
        for report in [whole, recent] {
            let plain = ReportText(report, style: ReportTextTests.plain).text
            for line in plain.split(separator: "\n") where line.count > 80 || !line.unicodeScalars.allSatisfy(\.isASCII) {
                failures.append("plain text, not ASCII within 80 columns: \(line)")
            }
        }
        return failures
    }
}

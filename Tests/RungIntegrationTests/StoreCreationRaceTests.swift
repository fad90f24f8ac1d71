import Foundation
import RungStore
import RungTestSupport
import Testing

/// Two processes opening a store that does not exist yet, at the same moment: neither may
/// see it half created (and so refuse it as another program's database).
@Suite("Creating the store concurrently")
struct StoreCreationRaceTests {
    @Test("two rungctl processes creating the same new store both succeed, round after round")
    func concurrentCreation() async throws {
        let directory = try TemporaryDirectory()
        let rungctl = BuiltProduct.path("rungctl")
        for round in 0..<30 {
            let path = directory.file("race-\(round).sqlite3")
            let results = try await onOwnThread {
                let processes = try ["a", "b"].map { tag in
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: rungctl)
                    process.arguments = ["evidence", "add", "--store", path, "--skill", "public-speaking", "entry \(tag)"]
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    try process.runLockingEnvironment()
                    return process
                }
                return processes.map { process in
                    process.waitUntilExit()
                    return process.terminationStatus
                }
            }
            #expect(results == [0, 0], "round \(round)")
            #expect(try Store(path: path).evidenceCount() == 2, "round \(round)")
        }
    }
}

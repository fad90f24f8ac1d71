import Foundation
import RungCore
import RungStore
import RungTime

/// `rung-store-crash-writer STORE TAG [COUNT]`: the child process of the store's crash and
/// concurrency tests. It adds evidence entries in a loop (COUNT of them, or until killed)
/// and prints each entry's id on its own line only after its transaction has committed,
/// so every id it printed must survive a SIGKILL at any moment.
@main
enum CrashWriter {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 || arguments.count == 4 else {
            fail("usage: rung-store-crash-writer STORE TAG [COUNT]", status: 64)
        }
        let tag = arguments[2]
        let count = arguments.count == 4 ? Int(arguments[3]) : nil
        do {
            let store = try Store(path: arguments[1])
            var generator = SystemRandomNumberGenerator()
            var written = 0
            while count.map({ written < $0 }) ?? true {
                // Entries of very different sizes, so commits span one page or many and
                // the WAL is checkpointed now and then while the child may be killed.
                let detail = String(repeating: "steady voice ", count: Int.random(in: 0...400, using: &generator))
                let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
                let entry = try store.addEvidence(Evidence(
                    skill: "crash-test", rung: 1 + written % 5, what: "\(tag) entry \(written)",
                    detail: detail, happenedAt: now, recordedAt: now))
                FileHandle.standardOutput.write(Data("\(entry.id ?? -1)\n".utf8))
                written += 1
            }
        } catch {
            fail("\(error)", status: 1)
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
}

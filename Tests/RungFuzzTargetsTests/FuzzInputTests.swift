import Foundation
import RungFuzzTargets
import Testing

/// The fuzz targets' seed corpora and every input a fuzzer found (`Fuzz/regressions/`),
/// run in the ordinary test suite without the fuzzer: each must pass the properties its
/// target checks, and none may crash.
@Suite("Fuzz inputs")
struct FuzzInputTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The files in `Fuzz/KIND/TARGET`, none when it does not exist.
    static func inputs(_ kind: String, of target: FuzzTarget) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target.name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test("every seed and every input found so far passes its target", arguments: FuzzTarget.all.map(\.name))
    func inputsPass(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let seeds = Self.inputs("corpus", of: target)
        #expect(!seeds.isEmpty, "no seed corpus for \(name)")
        for file in seeds + Self.inputs("regressions", of: target) {
            let input = try [UInt8](Data(contentsOf: file))
            #expect(throws: Never.self, "\(file.lastPathComponent)") { try target.run(input) }
        }
    }

    @Test("the targets are the five kinds of hostile input, found by name")
    func targetsByName() {
        #expect(FuzzTarget.all.map(\.name) == ["toml", "config", "calendar", "timespan", "varlink"])
        #expect(FuzzTarget.named("calendar")?.name == "calendar")
        #expect(FuzzTarget.named("no such target") == nil)
    }
}

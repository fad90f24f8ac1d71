import Foundation
import RungTestSupport
import Testing

/// `make run` from a fresh clone: scripts/run shows a prompt within a minute, the command
/// the prompt suggests works when pasted, and nothing is written outside .build/run.
@Suite("the first run (make run)")
struct FirstRunTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// What scripts/run needs of a clone (the built binaries come from RUNG_BIN_DIR).
    static let cloneFiles = ["scripts/run", "scripts/rungctl", "scripts/show-prompt", "Config/rung.toml"]

    /// Every file and link under `root`, relative to it.
    static func files(under root: String) -> Set<String> {
        var found: Set<String> = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return found }
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), isDirectory.boolValue { continue }
            found.insert(path)
        }
        return found
    }

    @Test("scripts/run shows a prompt within a minute, and the command it suggests works through scripts/rungctl")
    func promptAndItsCommand() async throws {
        let clone = try TemporaryDirectory(), home = try TemporaryDirectory(), logs = try TemporaryDirectory()
        for file in Self.cloneFiles {
            try FileManager.default.createDirectory(atPath: clone.file((file as NSString).deletingLastPathComponent), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent(file).path, toPath: clone.file(file))
        }
        // The person's own places: the first run must leave them untouched.
        let person: [String: String?] = [
            "HOME": home.path, "XDG_CONFIG_HOME": home.file(".config"), "XDG_DATA_HOME": home.file(".local/share"),
            "XDG_RUNTIME_DIR": home.file("runtime"), "INVOCATION_ID": nil, "NOTIFY_SOCKET": nil, "JOURNAL_STREAM": nil,
        ]
        let run = Process()
        run.executableURL = URL(fileURLWithPath: clone.file("scripts/run"))
        run.environment = ProcessEnvironment.forChild(person.merging(["RUNG_BIN_DIR": ProcessRunner.productsDirectory.path]) { $1 })
        _ = FileManager.default.createFile(atPath: logs.file("run.log"), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logs.file("run.log")))
        run.standardOutput = log
        run.standardError = log
        run.standardInput = FileHandle.nullDevice
        try await run.runLockingEnvironment()
        defer {
            if run.isRunning {
                kill(run.processIdentifier, SIGKILL)
                run.waitUntilExit()
            }
        }
        let wrapper = (clone.file("scripts/rungctl") as NSString).standardizingPath

        // The reframe of the first-run performance; its rating command names the wrapper.
        let prompts = clone.file(".build/run/prompts.txt")
        func ratingCommand() -> String? {
            let text = String(decoding: contents(prompts) ?? Data(), as: UTF8.self)
            return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix(wrapper + " respond ") && $0.hasSuffix(" done --rating N") }
        }
        let shown = await eventually(timeout: .seconds(75), poll: .milliseconds(250)) { ratingCommand() != nil }
        let runLog = String(decoding: contents(logs.file("run.log")) ?? Data(), as: UTF8.self)
        #expect(shown, "no prompt with a rating command in \(String(decoding: contents(prompts) ?? Data(), as: UTF8.self)); scripts/run said: \(runLog)")
        #expect(runLog.contains(wrapper + " status"), "scripts/run should print the demo's rungctl command line: \(runLog)")
        guard let command = ratingCommand() else { return }
        let occurrence = command.split(separator: " ")[2]

        let answered = try await ProcessRunner.runDetached("/bin/sh", ["-c", String(command.dropLast()) + "7"], environment: person)
        #expect(answered.status == 0, "\(command): \(answered.stderr)")
        let export = try await ProcessRunner.runDetached(wrapper, ["export"], environment: person)
        #expect(export.status == 0, "export: \(export.stderr)")
        #expect(export.stdout.contains("\"\(occurrence)\""), "the answer should be in the first run's store")
        #expect(export.stdout.contains("\"rating\": 7") || export.stdout.contains("\"rating\":7"), "export: \(export.stdout.suffix(2000))")

        kill(run.processIdentifier, SIGTERM)
        #expect(await eventually(timeout: .seconds(20)) { !run.isRunning })
        #expect(run.terminationStatus == 0, "rungd: \(runLog)")
        #expect(Self.files(under: home.path).isEmpty, "written outside .build/run: \(Self.files(under: home.path))")
        let outside = Self.files(under: clone.path).filter { !$0.hasPrefix(".build/run/") }
        #expect(outside == Set(Self.cloneFiles), "written outside .build/run: \(outside.subtracting(Self.cloneFiles))")
    }
}

import Foundation
import RungTestSupport
import Testing

/// `rungctl --help` and every subcommand's help, checked against golden files so that a
/// change of interface is a visible diff. Rewrite them with RUNG_UPDATE_GOLDEN=1.
@Suite("Help text")
struct HelpGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let commands: [[String]] = [
        [], ["init"], ["calendar"], ["timespan"], ["check-config"], ["upcoming"],
        ["evidence"], ["evidence", "add"], ["evidence", "edit"], ["evidence", "delete"], ["evidence", "list"], ["evidence", "search"], ["predict"], ["debrief"], ["feedback"], ["feedback", "add"], ["ladder"], ["ladder", "show"], ["ladder", "climb"], ["ladder", "hold"], ["ladder", "back"], ["ladder", "rate"], ["ladder", "add"], ["performance", "add"], ["rung", "add"], ["report"], ["export"], ["backup"],
        ["status"], ["snooze"], ["pause"], ["resume"], ["reload"], ["respond"], ["test-notify"],
    ]

    @Test("help matches its golden file", arguments: commands)
    func helpMatchesGolden(command: [String]) async throws {
        let result = try await rungctl(["help"] + command, environment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        let name = (["rungctl"] + command).joined(separator: "-") + ".txt"
        let golden = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessEnvironment.current["RUNG_UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.stdout == expected, "help for '\(name)' changed; rerun with RUNG_UPDATE_GOLDEN=1 if intended")
    }
}

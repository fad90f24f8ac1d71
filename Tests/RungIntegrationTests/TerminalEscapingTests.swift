import Foundation
import RungTestSupport
import Testing

/// What rungctl prints for people never carries a control character to the terminal: an
/// escape sequence in the store shows escaped, while `--json` stays exact JSON.
@Suite("Control characters in rungctl's output")
struct TerminalEscapingTests {
    @Test("evidence with ESC[2J, a bell and a right-to-left override lists escaped; --json is exact")
    func evidence() async throws {
        let directory = try TemporaryDirectory()
        let store = directory.file("rung.sqlite3")
        let environment = ["XDG_CONFIG_HOME": directory.file("none")]
        let what = "cleared \u{1B}[2J the screen\u{07} and \u{202E}reversed\r"
        let added = try await BuiltProduct.rungctl(["evidence", "add", "--skill", "talks", "--detail", "\u{9B}31m red", what], store: store, environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try await BuiltProduct.rungctl(["evidence", "list"], store: store, environment: environment)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("    cleared \\x1b[2J the screen\\x07 and \\u202ereversed\\r\n    \\u009b31m red\n"), "\(listed.stdout)")
        #expect(!listed.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let json = try await BuiltProduct.rungctl(["evidence", "list", "--json"], store: store, environment: environment)
        #expect(json.stdout.contains(#""what":"cleared \u001b[2J the screen\u0007 and "# + "\u{202E}" + #"reversed\r""#), "\(json.stdout)")
    }
}

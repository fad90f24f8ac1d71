import Foundation
import Testing

/// Snooze and pause spans beyond their range are refused by rungctl itself, naming the
/// span as given, before anything is sent to rungd.
@Suite("rungctl snooze and pause spans")
struct SpanArgumentTests {
    /// No rungd is reachable here, and no config or store: a refusal must come before
    /// rungctl looks for them.
    static let nowhere: [String: String?] = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rung-nowhere-\(UUID().uuidString)").path
        return ["XDG_RUNTIME_DIR": root + "/run", "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_HOME": root + "/data"]
    }()

    @Test("a pause beyond a year, or under a second, is refused naming the span", arguments: [
        ("300000y", "A pause lasts at least a second and at most 1y, not '300000y'. Without --for it lasts until resumed."),
        ("1y 1s", "A pause lasts at least a second and at most 1y, not '1y 1s'. Without --for it lasts until resumed."),
        ("infinity", "A pause lasts at least a second and at most 1y, not 'infinity'. Without --for it lasts until resumed."),
        ("500ms", "A pause lasts at least a second and at most 1y, not '500ms'. Without --for it lasts until resumed."),
        ("3fortnights", "Failed to parse time span '3fortnights': unknown unit 'fortnights'"),
    ])
    func pauseRefused(span: String, message: String) async throws {
        let result = try await rungctl(["pause", "--for", span], environment: Self.nowhere)
        #expect(result.status == 64)
        #expect(result.stderr == "rungctl: error: \(message)\nUsage: rungctl pause [--for <span>] [--json] [<subject>]\n  See 'rungctl pause --help' for more information.\n", "the usage is pause's own: \(result.stderr)")
    }

    @Test("a snooze beyond four weeks, or under a second, is refused naming the span", arguments: [
        ("300000y", "A snooze lasts at least a second and at most 4w, not '300000y'."),
        ("4w 1s", "A snooze lasts at least a second and at most 4w, not '4w 1s'."),
        ("0", "A snooze lasts at least a second and at most 4w, not '0'."),
    ])
    func snoozeRefused(span: String, message: String) async throws {
        let result = try await rungctl(["snooze", "0f3a9c2b7d4e1a55", span], environment: Self.nowhere)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("rungctl: error: \(message)\n"), "\(result.stderr)")
    }

    @Test("spans within the range, and a snooze of everything until any time (one record), get as far as looking for rungd")
    func withinRange() async throws {
        for arguments in [["pause", "--for", "1y"], ["snooze", "0f3a9c2b7d4e1a55", "4w"], ["snooze", "--all", "1s"], ["snooze", "--all", "--until", "9999-12-31T00:00:00Z"]] {
            let result = try await rungctl(arguments, environment: Self.nowhere)
            #expect(result.status != 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("rungd"), "\(arguments): \(result.stderr)")
        }
    }
}

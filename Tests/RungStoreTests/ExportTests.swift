import Foundation
import RungTime
import Testing
@testable import RungStore

@Suite("Export text")
struct ExportTests {
    static let timestamps: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00.000000Z"),
        (1_714_548_600_000_001, "2024-05-01T07:30:00.000001Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000000Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        (253_402_300_800_000_000, "10000-01-01T00:00:00.000000Z"),
    ]

    @Test("timestamps are exact RFC 3339 UTC with microseconds", arguments: timestamps)
    func timestamp(_ microseconds: Int64, _ expected: String) {
        #expect(ExportText.timestamp(Instant(microseconds: microseconds)) == expected)
    }

    @Test("JSON strings escape everything JSON needs, and parse back to the same text")
    func jsonEscaping() throws {
        let text = "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} é 日本 🎤 \u{2028}"
        let document = "[" + ExportText.jsonString(text) + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String]
        #expect(parsed == [text])
    }
}

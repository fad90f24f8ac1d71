import RungTime
import RungTestSupport
import Testing

/// Random bytes and near-miss expressions thrown at the parsers: they must never crash,
/// and whatever parses must re-parse from its normalized form to that same form.
/// Replay a run with RUNG_DIFF_SEED=<seed>.
@Suite("Parser fuzzing")
struct ParserFuzzTests {
    /// Characters the grammars care about, so random strings get past the first check.
    static let alphabet = Array("0123456789*-:.,~/ @MonTueWdhFriSatSun.UTCEurope/Berlinminsecusmsdwy\t\n\u{0}é🎉")

    static func randomText(using random: inout SplitMix64) -> String {
        let length = Int.random(in: 0...24, using: &random)
        if Bool.random(using: &random) {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
    }

    @Test("calendar expressions: no crash, and normalized forms are fixed points")
    func calendarFixedPoints() async throws {
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_DIFF_SEED")
        // A fixed local zone: `TZ` belongs to the glibc tests running beside this one.
        let zone = try TimeZoneRules.named("Europe/Berlin")
        let failures = try await onOwnThread {
            var random = SplitMix64(seed: seed)
            var generator = CalendarExpressionGenerator(random: SplitMix64(seed: seed))
            var failures: [String] = []
            for round in 0..<20_000 {
                let text = round.isMultiple(of: 2) ? Self.randomText(using: &random) : generator.next().text
                guard let spec = try? CalendarSpec(parsing: text, localZone: zone) else { continue }
                let again = try? CalendarSpec(parsing: spec.normalized, localZone: zone)
                if again?.normalized != spec.normalized {
                    failures.append("'\(text)' → '\(spec.normalized)' → '\(again?.normalized ?? "rejected")'")
                }
            }
            return failures
        }
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(20).joined(separator: "; "))")
    }

    @Test("time spans: no crash, and normalized forms are fixed points")
    func timeSpanFixedPoints() throws {
        let seed = SplitMix64.seed(fromEnvironment: "RUNG_DIFF_SEED")
        var random = SplitMix64(seed: seed)
        for _ in 0..<20_000 {
            let text = Self.randomText(using: &random)
            guard let span = try? TimeSpan(parsing: text) else { continue }
            let again = try TimeSpan(parsing: span.normalized)
            #expect(again == span, "seed \(seed): '\(text)' → '\(span.normalized)' → \(again.microseconds)us")
        }
    }
}

import RungTime
import Testing

/// The README's example of the time library used on its own, through its public API only,
/// with a fixed base time instead of now.
@Suite("Time library on its own")
struct StandaloneUseTests {
    @Test("the README example finds the next weekday elapse in Berlin")
    func readmeExample() throws {
        let spec = try CalendarSpec(parsing: "Mon..Fri 09:30")
        let zone = try TimeZoneRules.named("Europe/Berlin")
        let base = try #require(TimestampFormat.parseISO8601("2026-11-25T08:00:00+01:00"))
        let next = spec.nextElapse(after: base, in: zone)
        #expect(next.map { TimestampFormat.systemd($0, in: zone) } == "Wed 2026-11-25 09:30:00 CET")
        #expect(try TimeSpan(parsing: "1h 30min").normalized == "1h 30min")
    }
}

import Testing
@testable import RungTime

/// Arithmetic on instants and spans saturates at the ends of what they hold, never traps.
@Suite("Saturating instants")
struct SaturatingInstantTests {
    @Test("sums beyond the representable range end at its ends")
    func adding() {
        let late = Instant(microseconds: .max - 10)
        #expect(late.adding(microseconds: 10) == Instant(microseconds: .max))
        #expect(late.adding(microseconds: 11) == .distantFuture)
        #expect(late.adding(microseconds: .max) == .distantFuture)
        #expect(Instant(microseconds: .min + 1).adding(microseconds: -2) == .distantPast)
        #expect(Instant.now().adding(TimeSpan.infinity) == .distantFuture)
        #expect(Instant.now().adding(TimeSpan(microseconds: UInt64(Int64.max))) == .distantFuture)
        #expect(Instant.now().subtracting(TimeSpan.infinity) == .distantPast)
        #expect(Instant(microseconds: 5).adding(TimeSpan(microseconds: 3)) == Instant(microseconds: 8))
        #expect(Instant(microseconds: 5).subtracting(TimeSpan(microseconds: 8)) == Instant(microseconds: -3))
        #expect(Instant(microseconds: 5).adding(SignedTimeSpan(microseconds: -8)) == Instant(microseconds: -3))
    }

    @Test("seconds beyond the range saturate; seconds and fractions of any instant are exact")
    func seconds() {
        // 300000 years of seconds: the product overflows Int64 microseconds.
        #expect(Instant(seconds: 9_467_280_000_000) == .distantFuture)
        #expect(Instant(seconds: -9_467_280_000_000) == .distantPast)
        #expect(Instant(seconds: Int64.max / 1_000_000, microseconds: 999_999) == .distantFuture)
        #expect(Instant(seconds: -2, microseconds: 500_000) == Instant(microseconds: -1_500_000))
        #expect(Instant(microseconds: -1_500_000).seconds == -2)
        #expect(Instant(microseconds: -1_500_000).microsecondOfSecond == 500_000)
        #expect(Instant(microseconds: -1_000_000).seconds == -1)
        #expect(Instant(microseconds: -1_000_000).microsecondOfSecond == 0)
        #expect(Instant.distantPast.seconds == Int64.min / 1_000_000 - 1)
        #expect(Instant.distantPast.microsecondOfSecond == 1_000_000 + Int64.min % 1_000_000)
        #expect(Instant.distantFuture.seconds == Int64.max / 1_000_000)
    }

    @Test("differences saturate")
    func differences() {
        #expect(Instant.distantFuture.microseconds(since: .distantPast) == .max)
        #expect(Instant.distantPast.microseconds(since: .distantFuture) == .min)
        #expect(Instant(microseconds: 10).microseconds(since: Instant(microseconds: 3)) == 7)
        #expect(TimestampFormat.relative(.distantPast, now: .distantFuture).hasSuffix(" ago"))
    }

    @Test("durations count in whole microseconds and saturate at the ends of Int64")
    func durations() {
        #expect(Duration.milliseconds(1500).microseconds == 1_500_000)
        #expect(Duration.nanoseconds(-1500).microseconds == -1)
        #expect(Duration.seconds(Int64.max).microseconds == .max)
        #expect(Duration.seconds(Int64.min).microseconds == .min)
    }

    @Test("spans add up to infinity, as systemd's usec_add does")
    func spans() {
        #expect(TimeSpan(microseconds: 2).adding(TimeSpan(microseconds: 3)) == TimeSpan(microseconds: 5))
        #expect(TimeSpan(microseconds: .max - 1).adding(TimeSpan(microseconds: 2)) == .infinity)
        #expect(SignedTimeSpan(microseconds: -5).before == TimeSpan(microseconds: 5))
        #expect(SignedTimeSpan(microseconds: -5).after == TimeSpan(microseconds: 0))
        #expect(SignedTimeSpan(microseconds: .min).before == TimeSpan(microseconds: UInt64(Int64.max) + 1))
    }
}

/// How close together the elapses of a calendar expression can come, by the clock face.
/// Every day an expression matches has all the times of day its hour, minute and second
/// fields allow, so the shortest time between two elapses is the shortest gap between
/// those times, or across midnight from the last of one day to the first of the next.
/// The look across midnight assumes two days in a row can match, and DST changes (which
/// may bring two times of day closer once a year) are left out: the check is about how
/// often an expression asks for a prompt, not an exact minimum.
public enum CalendarCrowding: Sendable, Equatable {
    /// Two times of day lie only this far apart.
    case gap(TimeSpan)
    /// More than this many times of day, so some lie closer together than asked.
    case moreThan(timesADay: Int)
}

extension CalendarSpec {
    private static let microsecondsPerMinute = 60 * CalendarChain.microsecondsPerSecond
    private static let microsecondsPerHour = 60 * microsecondsPerMinute
    private static let microsecondsPerDay = 24 * microsecondsPerHour

    /// How the elapses crowd together when two can come less than `interval` apart; nil
    /// when they never do. Takes time in proportion to a day's elapses at `interval`, never
    /// to how many times of day the expression allows.
    public func crowding(closerThan interval: TimeSpan) -> CalendarCrowding? {
        let shortest = Int(min(interval.microseconds, UInt64(Self.microsecondsPerDay)))
        guard shortest > 0 else { return nil }
        // Times of day at least `shortest` apart around the clock are at most this many.
        let most = Self.microsecondsPerDay / shortest
        guard let hours = Self.values(of: hour, in: CalendarField.hour.bounds, atMost: most),
              let minutes = Self.values(of: minute, in: CalendarField.minute.bounds, atMost: most),
              let seconds = Self.values(of: microsecond, in: CalendarField.second.bounds, atMost: most),
              hours.count * minutes.count * seconds.count <= most
        else { return .moreThan(timesADay: most) }
        var times: [Int] = []
        for hour in hours {
            for minute in minutes {
                for second in seconds {
                    times.append(hour * Self.microsecondsPerHour + minute * Self.microsecondsPerMinute + second)
                }
            }
        }
        guard let first = times.first, let last = times.last else { return nil }
        var gap = Self.microsecondsPerDay - last + first
        for (earlier, later) in zip(times, times.dropFirst()) {
            gap = min(gap, later - earlier)
        }
        return gap < shortest ? .gap(TimeSpan(microseconds: UInt64(gap))) : nil
    }

    /// The values `chain` allows within `bounds`, sorted, or nil when there are more than
    /// `most`; found without producing more than `most + 1` of them.
    private static func values(of chain: [CalendarComponent], in bounds: ClosedRange<Int>, atMost most: Int) -> [Int]? {
        if chain.isEmpty { return bounds.count <= most ? Array(bounds) : nil }
        var values: Set<Int> = []
        for item in chain {
            let last = item.repeat == 0 ? item.start : (item.stop >= 0 ? item.stop : bounds.upperBound)
            for value in stride(from: item.start, through: last, by: max(item.repeat, 1)) {
                values.insert(value)
                if values.count > most { return nil }
            }
        }
        return values.sorted()
    }
}

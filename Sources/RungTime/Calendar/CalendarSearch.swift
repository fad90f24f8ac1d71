/// systemd's `find_next`: walks from a civil time to the first one the expression matches,
/// field by field from the year down, letting `mktime` carry overflowing fields and move
/// times out of DST gaps. One deliberate difference: when a day-of-month repetition
/// overflows December, the search restarts on 1 January (systemd 252 kept the overflowed
/// day number; fixed upstream, issue 40260).
struct CalendarSearch {
    let spec: CalendarSpec
    var clock: CalendarClock

    /// systemd's safety valve against expressions that never settle.
    static let maximumIterations = 1000
    private static let lastYear = CalendarField.year.bounds.upperBound

    /// The first matching instant strictly after `instant`, nil when there is none.
    mutating func next(after instant: Instant) -> Instant? {
        // systemd refuses bases beyond USEC_TIMESTAMP_FORMATTABLE_MAX (year 9999).
        guard instant.microseconds <= 253_402_214_399_000_000 else { return nil }
        let base = instant.adding(microseconds: 1)
        var time = clock.localTime(at: base.seconds)
        var microsecond = Int(base.microsecondOfSecond)
        guard find(&time, &microsecond), let seconds = clock.makeTime(&time), seconds >= 0 else { return nil }
        return Instant(seconds: seconds, microseconds: Int64(microsecond))
    }

    private enum Bounds {
        case outside, moved, within
    }

    /// `tm_within_bounds`: whether normalizing `time` leaves it unchanged. When it moves
    /// forward, `time` takes the normalized value with the next smaller unit reset.
    @inline(__always)
    private mutating func bounds(_ time: inout CivilTime) -> Bounds {
        if time.year > Self.lastYear { return .outside }
        var normalized = time
        guard let seconds = clock.makeTime(&normalized), seconds >= 0 else { return .outside }
        var order: Int
        if normalized.year != time.year {
            order = normalized.year < time.year ? -1 : 1
            normalized.month = 1
            normalized.day = 1
        } else if normalized.month != time.month {
            order = normalized.month < time.month ? -1 : 1
            normalized.day = 1
        } else if normalized.day != time.day {
            order = normalized.day < time.day ? -1 : 1
            normalized.hour = 0
        } else if normalized.hour != time.hour {
            order = normalized.hour < time.hour ? -1 : 1
            normalized.minute = 0
        } else if normalized.minute != time.minute {
            order = normalized.minute < time.minute ? -1 : 1
            normalized.second = 0
        } else {
            order = normalized.second == time.second ? 0 : (normalized.second < time.second ? -1 : 1)
        }
        if order < 0 { return .outside }
        if order == 0 { return .within }
        time = normalized
        return .moved
    }

    /// `find_end_of_month`: the day of `time`'s month that is `day` days from its end
    /// (1 = the last day), or -1 when the month is shorter.
    private mutating func endOfMonth(_ time: CivilTime, day: Int) -> Int {
        var probe = time
        probe.month += 1
        probe.day = 1 - day
        guard let seconds = clock.makeTime(&probe), seconds >= 0, probe.month == time.month else { return -1 }
        return probe.day
    }

    private enum Match {
        case none, same, changed
    }

    /// `find_matching_component`: the smallest value ≥ `value` that the chain allows.
    /// `time` matters only for days counted from the month's end.
    @inline(__always)
    private mutating func match(_ chain: [CalendarComponent], _ value: inout Int, in time: CivilTime, isDay: Bool = false) -> Match {
        if chain.isEmpty { return .same }
        let countsFromEnd = isDay && spec.isEndOfMonth
        var best = 0
        var found = false
        for item in chain {
            var start = item.start
            var stop = item.stop
            if countsFromEnd {
                start = endOfMonth(time, day: item.start)
                stop = endOfMonth(time, day: item.stop)
                if stop > 0 { swap(&start, &stop) }
            }
            if start >= value {
                if !found || start < best {
                    best = start
                    found = true
                }
            } else if item.repeat > 0 {
                let next = start + item.repeat * ((value - start + item.repeat - 1) / item.repeat)
                if (!found || next < best) && (stop < 0 || next <= stop) {
                    best = next
                    found = true
                }
            }
        }
        guard found else { return .none }
        defer { value = best }
        return value == best ? .same : .changed
    }

    private mutating func matchesWeekday(_ time: CivilTime) -> Bool {
        guard spec.weekdays.restrictsDays else { return true }
        var normalized = time
        guard let seconds = clock.makeTime(&normalized), seconds >= 0 else { return false }
        return spec.weekdays.contains(tmWeekday: normalized.weekday)
    }

    /// Whether `a` is an earlier civil time than `b`, comparing fields from the year down.
    private static func isEarlier(_ a: CivilTime, than b: CivilTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    private static func isSameDay(_ a: CivilTime, _ b: CivilTime) -> Bool {
        a.year == b.year && a.month == b.month && a.day == b.day
    }

    private mutating func find(_ result: inout CivilTime, _ resultMicrosecond: inout Int) -> Bool {
        var c = result
        var microsecond = resultMicrosecond
        // The expression's DST flag is handed to mktime until normalizing with it steps back
        // within the same day (a fold, or a gap in a zone with negative DST); from then on
        // the flag mktime found is kept. systemd 252.39 behaves so since its fix for
        // Europe/Dublin; without it an abbreviation such as CEST repeats one elapse forever.
        var keepsFoundDST = false
        for _ in 0..<Self.maximumIterations {
            let requested = c
            _ = clock.makeTime(&c)
            if !keepsFoundDST {
                if Self.isEarlier(c, than: requested) && Self.isSameDay(c, requested) {
                    keepsFoundDST = true
                    let found = c.isDST
                    c = requested
                    c.isDST = found
                    continue
                }
                c.isDST = spec.dst
            }

            var value = c.year
            var found = match(spec.year, &value, in: c)
            c.year = value
            if found == .changed {
                c.month = 1; c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
            }
            if found == .none || bounds(&c) != .within { return false }

            value = c.month
            found = match(spec.month, &value, in: c)
            c.month = value
            if found == .changed {
                c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
            }
            var state = found == .none ? Bounds.outside : bounds(&c)
            if state == .outside {
                c.year += 1
                c.month = 1; c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
                continue
            }
            if state == .moved { continue }

            value = c.day
            found = match(spec.day, &value, in: c, isDay: true)
            c.day = value
            if found == .changed {
                c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
            }
            state = found == .none ? .outside : bounds(&c)
            if state == .outside {
                c.month += 1
                c.day = 1; c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
                continue
            }
            if state == .moved { continue }

            if !matchesWeekday(c) {
                c.day += 1
                c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
                continue
            }

            value = c.hour
            found = match(spec.hour, &value, in: c)
            c.hour = value
            if found == .changed {
                c.minute = 0; c.second = 0; microsecond = 0
            }
            state = found == .none ? .outside : bounds(&c)
            if state == .outside {
                c.day += 1
                c.hour = 0; c.minute = 0; c.second = 0; microsecond = 0
                continue
            }
            if state == .moved { continue }

            value = c.minute
            found = match(spec.minute, &value, in: c)
            c.minute = value
            if found == .changed {
                c.second = 0; microsecond = 0
            }
            state = found == .none ? .outside : bounds(&c)
            if state == .outside {
                c.hour += 1
                c.minute = 0; c.second = 0; microsecond = 0
                continue
            }
            if state == .moved { continue }

            var combined = c.second * CalendarChain.microsecondsPerSecond + microsecond
            found = match(spec.microsecond, &combined, in: c)
            microsecond = combined % CalendarChain.microsecondsPerSecond
            c.second = combined / CalendarChain.microsecondsPerSecond
            state = found == .none ? .outside : bounds(&c)
            if state == .outside {
                c.minute += 1
                c.second = 0; microsecond = 0
                continue
            }
            if state == .moved { continue }

            result = c
            resultMicrosecond = microsecond
            return true
        }
        return false
    }
}

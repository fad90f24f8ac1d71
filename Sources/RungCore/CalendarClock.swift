/// The civil-time functions the search runs on: C's `timegm`/`gmtime_r` for expressions
/// in UTC, a zone's `mktime`/`localtime_r` otherwise, exactly as systemd switches between
/// them with `mktime_or_timegm` and `localtime_or_gmtime_r`.
struct CalendarClock {
    /// Nil for UTC arithmetic.
    let rules: TimeZoneRules?
    /// glibc's hidden `mktime` state: the UTC offset of its previous result, which decides
    /// the instant picked in a fall-back fold. One search is one sequence of calls.
    private var offsetGuess = 0
    /// The last `mktime` call and its outcome. The search often normalizes the same civil
    /// time again (once per field it checks), and `mktime` is a pure function of the time
    /// and `offsetGuess`, so an identical call can replay the answer.
    private var lastCall: (time: CivilTime, offsetGuess: Int, result: CivilTime, seconds: Int64?, offsetGuessAfter: Int)?

    static let utc = CalendarClock(rules: nil)

    static func zone(_ rules: TimeZoneRules) -> CalendarClock {
        CalendarClock(rules: rules)
    }

    private init(rules: TimeZoneRules?) {
        self.rules = rules
    }

    /// `mktime_or_timegm`: normalizes `time` and returns its seconds since the epoch.
    @inline(__always)
    mutating func makeTime(_ time: inout CivilTime) -> Int64? {
        guard let rules else { return CalendarCivil.normalize(&time) }
        if let lastCall, lastCall.time == time, lastCall.offsetGuess == offsetGuess {
            time = lastCall.result
            offsetGuess = lastCall.offsetGuessAfter
            return lastCall.seconds
        }
        let requested = time
        let guess = offsetGuess
        let seconds = rules.makeTime(&time, offsetGuess: &offsetGuess)
        lastCall = (requested, guess, time, seconds, offsetGuess)
        return seconds
    }

    /// `localtime_or_gmtime_r`.
    func localTime(at seconds: Int64) -> CivilTime {
        guard let rules else { return CalendarCivil.civilTime(seconds) }
        return rules.civilTime(at: seconds)
    }
}

/// Proleptic Gregorian arithmetic in UTC (days counted from 1970-01-01), for `timegm`.
enum CalendarCivil {
    /// Days from 1970-01-01 to the given date; `month` must be 1…12, `day` may be anything.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468 + (day - 1)
    }

    static func secondsSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        Int64(days(year: year, month: month, day: day)) * 86_400
    }

    /// `gmtime_r`.
    static func civilTime(_ seconds: Int64) -> CivilTime {
        var time = CivilTime(year: 1970, month: 1, day: 1)
        fill(&time, seconds: seconds)
        return time
    }

    /// `timegm`: carries out-of-range fields over, sets the weekday, returns the seconds.
    static func normalize(_ time: inout CivilTime) -> Int64 {
        let monthIndex = time.month - 1
        let yearCarry = monthIndex >= 0 ? monthIndex / 12 : -((11 - monthIndex) / 12)
        let dayCount = days(year: time.year + yearCarry, month: monthIndex - yearCarry * 12 + 1, day: time.day)
        let seconds = Int64(dayCount) * 86_400 + Int64(time.hour * 3600 + time.minute * 60 + time.second)
        fill(&time, seconds: seconds)
        return seconds
    }

    private static func fill(_ time: inout CivilTime, seconds: Int64) {
        var dayCount = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            dayCount -= 1
        }
        let shifted = Int(dayCount) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        time.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        time.month = month
        time.day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let second = Int(secondOfDay)
        time.hour = second / 3600
        time.minute = second / 60 % 60
        time.second = second % 60
        let weekday = (Int(dayCount) + 4) % 7
        time.weekday = weekday < 0 ? weekday + 7 : weekday
        time.isDST = 0
        time.utcOffset = 0
    }
}

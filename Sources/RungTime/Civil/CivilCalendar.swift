/// Proleptic Gregorian arithmetic on days and seconds since the epoch, the way glibc's
/// `timegm`, `gmtime_r`, `__offtime` and `mktime` count them (no leap seconds, years of any
/// sign): the one place dates become day numbers and back, so that every caller agrees.
public enum CivilCalendar {
    public static let secondsPerDay: Int64 = 86_400

    /// Days before month `index` (0 = January … 12 = the end of December) in a common or
    /// a leap year: glibc's `__mon_yday`, computed instead of looked up (the lookup in
    /// nested arrays showed in profiles of the calendar search).
    static func daysBeforeMonth(_ index: Int, isLeap: Bool) -> Int64 {
        if index < 2 { return Int64(31 * index) }
        return Int64((153 * (index - 2) + 2) / 5 + 59 + (isLeap ? 1 : 0))
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1…12) of `year`.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(Int64(year)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Floor division, rounding towards negative infinity.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Floor modulo: the remainder with the sign of `b`.
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        a &- floorDivide(a, b) &* b
    }

    /// The day number (days since 1970-01-01) of 1 January of `year`.
    static func daysBeforeYear(_ year: Int64) -> Int64 {
        let y = year - 1
        let leapDays = floorDivide(y, 4) - floorDivide(y, 100) + floorDivide(y, 400)
        // 477 leap days fall in years 1…1969.
        return (year - 1970) * 365 + leapDays - 477
    }

    /// Days from civil: the day number (days since 1970-01-01) of a date; `month` must be
    /// 1…12, `day` may be any number and counts on from the first of the month.
    public static func dayNumber(year: Int64, month: Int, day: Int) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = Int64((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468 + Int64(day - 1)
    }

    /// Civil from days: the year, month (1…12) and day (1…31) of a day number, and the
    /// day of a year counted from 1 March, which is what `civilDate` needs for the
    /// day of the year.
    private static func marchBasedDate(fromDay day: Int64) -> (year: Int64, month: Int, day: Int, dayFromMarch: Int64) {
        // Shift to an era starting 0000-03-01 so that leap days end each cycle.
        let z = day + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYearFromMarch = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYearFromMarch + 2) / 153
        let dayOfMonth = dayOfYearFromMarch - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, Int(month), Int(dayOfMonth), dayOfYearFromMarch)
    }

    /// Civil from days: the year, 0-based day of the year, month (1…12) and day (1…31) of a
    /// day number.
    public static func civilDate(fromDay day: Int64) -> (year: Int64, yearDay: Int64, month: Int, day: Int) {
        let date = marchBasedDate(fromDay: day)
        // March-based days: January and February end the counting year.
        let yearDay = date.month > 2 ? date.dayFromMarch + 59 + (isLeapYear(date.year) ? 1 : 0) : date.dayFromMarch - 306
        return (date.year, yearDay, date.month, date.day)
    }

    /// The weekday of a day number: 0 = Sunday … 6 = Saturday, as C's `tm_wday`.
    static func weekday(ofDay day: Int64) -> Int {
        Int((day % 7 + 11) % 7)  // 1970-01-01 was a Thursday (4).
    }

    /// The UTC year in which `seconds` since the epoch falls.
    static func utcYear(at seconds: Int64) -> Int64 {
        marchBasedDate(fromDay: floorDivide(seconds, secondsPerDay)).year
    }

    /// Seconds since the epoch of a civil time read as UTC, its fields in range.
    public static func secondsSinceEpoch(_ time: BrokenDownTime) -> Int64 {
        dayNumber(year: Int64(time.year), month: time.month, day: time.day) * secondsPerDay
            + Int64(time.hour * 3600 + time.minute * 60 + time.second)
    }

    /// `__offtime`, and `gmtime_r` for UTC: the civil date, time and weekday of
    /// `localSeconds` (epoch seconds already shifted by the UTC offset), in standard time
    /// at offset 0; a zone sets its own isDST and offset.
    static func civilTime(localSeconds: Int64) -> CivilTime {
        let day = floorDivide(localSeconds, secondsPerDay)
        let secondOfDay = Int(localSeconds &- day &* secondsPerDay)
        let date = marchBasedDate(fromDay: day)
        var time = CivilTime(
            year: Int(date.year), month: date.month, day: date.day,
            hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60
        )
        time.weekday = weekday(ofDay: day)
        time.isDST = 0
        return time
    }

    /// `timegm`: carries out-of-range fields over, sets the weekday, returns the seconds.
    static func normalize(_ time: inout CivilTime) -> Int64 {
        let monthIndex = time.month - 1
        let yearCarry = monthIndex >= 0 ? monthIndex / 12 : -((11 - monthIndex) / 12)
        let day = dayNumber(year: Int64(time.year + yearCarry), month: monthIndex - yearCarry * 12 + 1, day: time.day)
        let seconds = day * secondsPerDay + Int64(time.hour * 3600 + time.minute * 60 + time.second)
        time = civilTime(localSeconds: seconds)
        return seconds
    }
}

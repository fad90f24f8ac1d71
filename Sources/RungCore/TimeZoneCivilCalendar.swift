/// Proleptic Gregorian arithmetic on days and seconds since the epoch, the way glibc's
/// `__offtime` and `mktime` count them (no leap seconds, years of any sign).
public enum TimeZoneCivilCalendar {
    static let secondsPerDay: Int64 = 86_400

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

    /// The year, 0-based day of the year, month (1…12) and day (1…31) of a day number.
    public static func civilDate(fromDay day: Int64) -> (year: Int64, yearDay: Int64, month: Int, day: Int) {
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
        // March-based days: January and February end the counting year.
        let yearDay = month > 2 ? dayOfYearFromMarch + 59 + (isLeapYear(year) ? 1 : 0) : dayOfYearFromMarch - 306
        return (year, yearDay, Int(month), Int(dayOfMonth))
    }

    /// The UTC year in which `seconds` since the epoch falls.
    static func utcYear(at seconds: Int64) -> Int64 {
        civilDate(fromDay: floorDivide(seconds, secondsPerDay)).year
    }

    /// `__offtime`: the civil date, time and weekday of `localSeconds` (epoch seconds
    /// already shifted by the UTC offset); isDST and offset are the caller's.
    static func civilTime(localSeconds: Int64) -> CivilTime {
        let day = floorDivide(localSeconds, secondsPerDay)
        let secondOfDay = Int(localSeconds &- day &* secondsPerDay)
        let date = civilDate(fromDay: day)
        let weekday = Int((day % 7 + 11) % 7)  // 1970-01-01 was a Thursday (4).
        var time = CivilTime(
            year: Int(date.year), month: date.month, day: date.day,
            hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60
        )
        time.weekday = weekday
        return time
    }
}

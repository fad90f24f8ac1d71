import Testing
@testable import RungTime

@Suite("Civil calendar arithmetic")
struct CivilCalendarTests {
    @Test("days before each month are glibc's __mon_yday table", arguments: [false, true])
    func daysBeforeMonth(isLeap: Bool) {
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var total: Int64 = 0
        for index in 0...12 {
            #expect(CivilCalendar.daysBeforeMonth(index, isLeap: isLeap) == total, "month index \(index)")
            if index < 12 { total += Int64(lengths[index]) }
        }
    }

    @Test("a day number's date and day of the year agree with the days before its year", arguments: [Int64(1899), 1900, 1970, 2000, 2026, 2100])
    func civilDate(year: Int64) {
        let first = CivilCalendar.daysBeforeYear(year)
        let next = CivilCalendar.daysBeforeYear(year + 1)
        for day in first..<next {
            let date = CivilCalendar.civilDate(fromDay: day)
            #expect(date.year == year && date.yearDay == day - first, "day \(day)")
            let isLeap = CivilCalendar.isLeapYear(year)
            #expect(CivilCalendar.daysBeforeMonth(date.month - 1, isLeap: isLeap) + Int64(date.day) - 1 == date.yearDay)
        }
    }

    @Test("dates and day numbers convert both ways, each month as long as its last day", arguments: [Int64(-400), 1600, 1969, 1970, 2024, 2199])
    func bothWays(year: Int64) {
        var expected = CivilCalendar.daysBeforeYear(year)
        for month in 1...12 {
            let length = CivilCalendar.daysInMonth(month, year: Int(year))
            for day in 1...length {
                #expect(CivilCalendar.dayNumber(year: year, month: month, day: day) == expected, "\(year)-\(month)-\(day)")
                let date = CivilCalendar.civilDate(fromDay: expected)
                #expect(date.year == year && date.month == month && date.day == day)
                expected += 1
            }
        }
        #expect(expected == CivilCalendar.daysBeforeYear(year + 1))
    }

    @Test("weekdays count from Thursday 1970-01-01, before the epoch too")
    func weekdays() {
        #expect(CivilCalendar.weekday(ofDay: 0) == 4)
        #expect(CivilCalendar.weekday(ofDay: -1) == 3)
        #expect(CivilCalendar.weekday(ofDay: -4) == 0)
        #expect(CivilCalendar.weekday(ofDay: CivilCalendar.dayNumber(year: 2026, month: 12, day: 7)) == 1)
    }

    @Test("timegm carries fields over: day 32 of month 13 is 1 February of the next year")
    func normalization() {
        var time = CivilTime(year: 2025, month: 13, day: 32, hour: 25, minute: -1)
        let seconds = CivilCalendar.normalize(&time)
        #expect((time.year, time.month, time.day, time.hour, time.minute, time.second) == (2026, 2, 2, 0, 59, 0))
        #expect(time.weekday == 1 && time.isDST == 0 && time.utcOffset == 0)
        #expect(seconds == CivilCalendar.dayNumber(year: 2026, month: 2, day: 2) * CivilCalendar.secondsPerDay + 59 * 60)
    }
}

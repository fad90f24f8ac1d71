/// `BrokenDownTime` without the zone abbreviation: the plain integers the calendar search
/// and `mktime` work on. Copying it costs no reference counting, which matters in the
/// search, where one elapse normalizes dozens of these; the abbreviation is looked up
/// only when a public `BrokenDownTime` is handed out.
struct CivilTime: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    /// 0 = Sunday … 6 = Saturday; set by normalization.
    var weekday = 0
    /// `tm_isdst`: -1 unknown, 0 standard time, 1 daylight time.
    var isDST = -1
    /// Seconds east of UTC; set by normalization.
    var utcOffset = 0

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    init(_ time: BrokenDownTime) {
        self.init(year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second)
        weekday = time.weekday
        isDST = time.isDST
        utcOffset = time.utcOffset
    }

    /// The public form, with `abbreviation` for `tm_zone`.
    func brokenDown(abbreviation: String) -> BrokenDownTime {
        BrokenDownTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            weekday: weekday, isDST: isDST, utcOffset: utcOffset, abbreviation: abbreviation
        )
    }
}

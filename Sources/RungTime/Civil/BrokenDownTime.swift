/// A civil date and time in some zone: C's `struct tm`, with a full year and a 1-based
/// month. Fields may be out of range before `TimeZoneRules.makeTime` normalizes them,
/// exactly as `mktime` allows (e.g. day 32 of January is 1 February).
public struct BrokenDownTime: Hashable, Sendable {
    /// The full year, e.g. 2026.
    public var year: Int
    /// 1 = January … 12 = December.
    public var month: Int
    /// Day of the month, 1-based.
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 = Sunday … 6 = Saturday; set by normalization, ignored on input.
    public var weekday: Int
    /// `tm_isdst`: -1 unknown (let the rules decide), 0 standard time, 1 daylight time.
    public var isDST: Int
    /// Seconds east of UTC in force at this time (`tm_gmtoff`); set by normalization.
    public var utcOffset: Int
    /// The zone abbreviation in force (`tm_zone`), e.g. "CET"; set by normalization.
    public var abbreviation: String

    public init(
        year: Int, month: Int, day: Int,
        hour: Int = 0, minute: Int = 0, second: Int = 0,
        weekday: Int = 0, isDST: Int = -1, utcOffset: Int = 0, abbreviation: String = ""
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.weekday = weekday
        self.isDST = isDST
        self.utcOffset = utcOffset
        self.abbreviation = abbreviation
    }
}

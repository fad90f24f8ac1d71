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
        guard let rules else { return CivilCalendar.normalize(&time) }
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
        guard let rules else { return CivilCalendar.civilTime(localSeconds: seconds) }
        return rules.civilTime(at: seconds)
    }
}

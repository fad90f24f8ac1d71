/// A POSIX TZ string (`EST5EDT,M3.2.0,M11.1.0`, `<+0530>-5:30`, `IST-1GMT0,M10.5.0,M3.5.0/1`)
/// parsed and applied the way glibc's `tzset.c` does, quirks included: the change dates
/// are computed for the UTC year of the instant, and years up to 1970 count their days
/// from 1 January 1970.
struct PosixTimeZone: Sendable, Hashable {
    /// When one change happens: glibc's `tz_rule` without its cache.
    struct Rule: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            /// `n`: zero-based day of the year, counting 29 February.
            case zeroBasedDay
            /// `Jn`: one-based day of the year, never counting 29 February.
            case julianDay
            /// `Mm.w.d`: weekday `d` of week `w` (5 = last) of month `m`.
            case monthWeekDay
        }

        var kind: Kind = .zeroBasedDay
        var day = 0
        var month = 0
        var week = 0
        /// Local time of day of the change in seconds; may be negative or beyond 24 h.
        var secondsOfDay = 0

        /// glibc's `compute_change`: the instant of this change in `year`, for a rule
        /// written in local time at `offset` seconds east of UTC.
        func change(inYear year: Int64, offset: Int) -> Int64 {
            var days: Int64 = 0
            if year > 1970 {
                days = (year - 1970) * 365
                    + ((year - 1) / 4 - 1970 / 4)
                    - ((year - 1) / 100 - 1970 / 100)
                    + ((year - 1) / 400 - 1970 / 400)
            }
            let isLeap = CivilCalendar.isLeapYear(year)
            switch kind {
            case .julianDay:
                days += Int64(day - 1)
                if day >= 60 && isLeap { days += 1 }
            case .zeroBasedDay:
                days += Int64(day)
            case .monthWeekDay:
                let monthStart = CivilCalendar.daysBeforeMonth(month - 1, isLeap: isLeap)
                days += monthStart
                // Zeller's congruence for the weekday of the first of the month, in C's
                // truncating arithmetic as glibc writes it.
                let m1 = Int64((month + 9) % 12 + 1)
                let yy0 = month <= 2 ? year - 1 : year
                let yy1 = yy0 / 100
                let yy2 = yy0 % 100
                var dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7
                if dow < 0 { dow += 7 }
                var dayOfMonth = Int64(day) - dow
                if dayOfMonth < 0 { dayOfMonth += 7 }
                let length = CivilCalendar.daysBeforeMonth(month, isLeap: isLeap) - monthStart
                var weekIndex = 1
                while weekIndex < week {
                    if dayOfMonth + 7 >= length { break }
                    dayOfMonth += 7
                    weekIndex += 1
                }
                days += dayOfMonth
            }
            // Wrapping, like glibc's time_t arithmetic, for years near the end of time.
            return days &* CivilCalendar.secondsPerDay &- Int64(offset) &+ Int64(secondsOfDay)
        }
    }

    var standardName: String
    /// Seconds east of UTC (the sign is the opposite of the string's).
    var standardOffset: Int
    var daylightName: String
    var daylightOffset: Int
    /// Whether the string names a daylight-saving time at all.
    var hasDaylight: Bool
    /// `tz_rules[0]`: when daylight time starts (in standard local time).
    var start = Rule()
    /// `tz_rules[1]`: when daylight time ends (in daylight local time).
    var end = Rule()
    /// A daylight name came without rules, so glibc takes the rules from the zone
    /// directory's `posixrules` file when it has one (`start` and `end` then hold the US
    /// rules glibc falls back to without that file).
    var wantsDefaultRules = false

    static let utc = PosixTimeZone(
        standardName: "UTC", standardOffset: 0, daylightName: "UTC", daylightOffset: 0, hasDaylight: false
    )

    /// `__tz_compute`: whether daylight time is in force at `seconds`, with its offset
    /// and abbreviation.
    func state(at seconds: Int64) -> (offset: Int, isDST: Bool, abbreviation: String) {
        isDaylight(at: seconds) ? (daylightOffset, true, daylightName) : (standardOffset, false, standardName)
    }

    /// `state(at:)` without the abbreviation.
    func offset(at seconds: Int64) -> (offset: Int, isDST: Bool) {
        isDaylight(at: seconds) ? (daylightOffset, true) : (standardOffset, false)
    }

    private func isDaylight(at seconds: Int64) -> Bool {
        guard hasDaylight else { return false }
        let year = CivilCalendar.utcYear(at: seconds)
        let starts = start.change(inYear: year, offset: standardOffset)
        let ends = end.change(inYear: year, offset: daylightOffset)
        return starts > ends
            ? (seconds < ends || seconds >= starts)
            : (seconds >= starts && seconds < ends)
    }
}

extension PosixTimeZone {
    /// Parses `string` as glibc's `__tzset_parse_tz` does. Returns the zone and whether the
    /// whole string was valid; glibc uses whatever it could parse (so "Mars/Base" is UTC
    /// called "Mars"), Rung's strict callers reject anything but a complete, valid string.
    /// A daylight name without rules takes the US rules `M3.2.0,M11.1.0` and sets
    /// `wantsDefaultRules`.
    static func parse(_ string: String) -> (zone: PosixTimeZone, isValid: Bool) {
        var scanner = Scanner(bytes: Array(string.utf8))
        var zone = PosixTimeZone(
            standardName: "", standardOffset: 0, daylightName: "", daylightOffset: 0, hasDaylight: false
        )
        guard let standardName = scanner.name() else { return (zone, false) }
        zone.standardName = standardName
        guard let standardOffset = scanner.offset() else { return (zone, false) }
        zone.standardOffset = standardOffset
        if scanner.isAtEnd {
            zone.daylightName = zone.standardName
            zone.daylightOffset = zone.standardOffset
            return (zone, true)
        }
        var isValid = true
        if let daylightName = scanner.name() {
            zone.daylightName = daylightName
            zone.daylightOffset = scanner.offset() ?? zone.standardOffset + 3600
            zone.wantsDefaultRules = scanner.isAtEnd || scanner.remainder == ","
        } else {
            isValid = false
        }
        // glibc goes on to read the rules even when the daylight name was missing.
        zone.hasDaylight = true
        if let start = scanner.rule(isStart: true) {
            zone.start = start
            if let end = scanner.rule(isStart: false) {
                zone.end = end
            } else {
                isValid = false
            }
        } else {
            isValid = false
        }
        return (zone, isValid && scanner.isAtEnd)
    }

    /// A cursor over the bytes of a TZ string with glibc's small parsers.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { position == bytes.count }

        var remainder: String { String(decoding: bytes[position...], as: UTF8.self) }

        private func byte(at index: Int) -> UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        /// `parse_tzname`: three or more letters, or `<…>` around three or more letters,
        /// digits and signs.
        mutating func name() -> String? {
            var end = position
            while let b = byte(at: end), ASCII.isLetter(b) { end += 1 }
            if end - position >= 3 {
                defer { position = end }
                return String(decoding: bytes[position..<end], as: UTF8.self)
            }
            guard byte(at: position) == UInt8(ascii: "<") else { return nil }
            let start = position + 1
            end = start
            while let b = byte(at: end),
                  ASCII.isLetter(b) || ASCII.isDigit(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
                end += 1
            }
            guard byte(at: end) == UInt8(ascii: ">"), end - start >= 3 else { return nil }
            position = end + 1
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        /// An unsigned decimal as `%hu` reads it (wrapping to 16 bits).
        private mutating func unsignedShort() -> Int? {
            var end = position
            var value = 0
            while let b = byte(at: end), ASCII.isDigit(b) {
                value = (value * 10 + Int(b - 0x30)) & 0xFFFF
                end += 1
            }
            guard end > position else { return nil }
            position = end
            return value
        }

        /// `hh[:mm[:ss]]` as glibc's `sscanf("%hu%n:%hu%n:%hu%n")` reads it: a missing or
        /// malformed later part leaves the position after the last complete one.
        private mutating func clock() -> (hours: Int, minutes: Int, seconds: Int)? {
            guard let hours = unsignedShort() else { return nil }
            var result = (hours: hours, minutes: 0, seconds: 0)
            let afterHours = position
            guard byte(at: position) == UInt8(ascii: ":") else { return result }
            position += 1
            guard let minutes = unsignedShort() else {
                position = afterHours
                return result
            }
            result.minutes = minutes
            let afterMinutes = position
            guard byte(at: position) == UInt8(ascii: ":") else { return result }
            position += 1
            guard let seconds = unsignedShort() else {
                position = afterMinutes
                return result
            }
            result.seconds = seconds
            return result
        }

        /// `parse_offset`: `[+-]hh[:mm[:ss]]`, west positive in the string, returned east
        /// positive; hours capped at 24 and minutes and seconds at 59 as glibc does. A sign
        /// without digits stays consumed, as in glibc.
        mutating func offset() -> Int? {
            var sign = -1
            if let b = byte(at: position), b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
                sign = b == UInt8(ascii: "-") ? 1 : -1
                position += 1
            }
            guard let clock = clock() else { return nil }
            return sign * (min(clock.hours, 24) * 3600 + min(clock.minutes, 59) * 60 + min(clock.seconds, 59))
        }

        /// `parse_rule`: `,date[/time]` with date `Jn`, `n` or `Mm.w.d`; an empty rule is
        /// the US default.
        mutating func rule(isStart: Bool) -> Rule? {
            if byte(at: position) == UInt8(ascii: ",") { position += 1 }
            var rule = Rule()
            guard let first = byte(at: position) else {
                rule.kind = .monthWeekDay
                (rule.month, rule.week, rule.day) = isStart ? (3, 2, 0) : (11, 1, 0)
                rule.secondsOfDay = 2 * 3600
                return rule
            }
            if first == UInt8(ascii: "J") || ASCII.isDigit(first) {
                rule.kind = first == UInt8(ascii: "J") ? .julianDay : .zeroBasedDay
                if first == UInt8(ascii: "J") { position += 1 }
                var day = 0
                var digits = 0
                while let b = byte(at: position), ASCII.isDigit(b) {
                    day = min(day * 10 + Int(b - 0x30), 100_000)
                    digits += 1
                    position += 1
                }
                guard digits > 0, day <= 365, rule.kind == .zeroBasedDay || day > 0 else { return nil }
                rule.day = day
            } else if first == UInt8(ascii: "M") {
                position += 1
                guard let month = unsignedShort(), byte(at: position) == UInt8(ascii: ".") else { return nil }
                position += 1
                guard let week = unsignedShort(), byte(at: position) == UInt8(ascii: ".") else { return nil }
                position += 1
                guard let day = unsignedShort(),
                      (1...12).contains(month), (1...5).contains(week), day <= 6 else { return nil }
                rule.kind = .monthWeekDay
                (rule.month, rule.week, rule.day) = (month, week, day)
            } else {
                return nil
            }
            guard let next = byte(at: position) else {
                rule.secondsOfDay = 2 * 3600
                return rule
            }
            if next == UInt8(ascii: "/") {
                position += 1
                guard let b = byte(at: position) else { return nil }
                let negative = b == UInt8(ascii: "-")
                if negative { position += 1 }
                let clock = clock() ?? (hours: 2, minutes: 0, seconds: 0)
                rule.secondsOfDay = (negative ? -1 : 1) * (clock.hours * 3600 + clock.minutes * 60 + clock.seconds)
            } else if next == UInt8(ascii: ",") {
                rule.secondsOfDay = 2 * 3600
            } else {
                return nil
            }
            return rule
        }
    }
}

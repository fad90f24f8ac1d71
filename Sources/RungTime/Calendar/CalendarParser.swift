/// Reads the weekday, date and time parts of a calendar expression (the zone suffix is
/// already removed), accepting exactly what systemd's `calendar_spec_from_string` accepts
/// and naming the offending part of everything it rejects.
struct CalendarParser {
    /// The parts read so far; chains are unnormalized.
    struct Parts {
        var weekdayBits = 0
        var year: [CalendarComponent] = []
        var month: [CalendarComponent] = []
        var day: [CalendarComponent] = []
        var hour: [CalendarComponent] = []
        var minute: [CalendarComponent] = []
        var microsecond: [CalendarComponent] = []
        var isEndOfMonth = false
        /// Set by `@SECONDS`, which is always in UTC.
        var isUTC = false
        /// The date and time as written, for messages about their values.
        var dateText = ""
        var timeText = ""
    }

    /// systemd refuses a field with more components than this.
    static let maximumComponents = 241

    private let bytes: [UInt8]
    private var position = 0
    private(set) var parts = Parts()

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole input; the thrown string is the reason.
    mutating func parse() throws(CalendarParseFailure) {
        if byte(0) == Self.space {
            throw failure("the expression starts with a space")
        }
        try checkWhitespace()
        try parseWeekdays()
        let finished = try parseDate()
        if !finished {
            try parseTime()
        }
        if position < bytes.count {
            throw unexpected(at: position, after: "the timestamp")
        }
    }

    // MARK: - Bytes

    private static let space = UInt8(ascii: " ")
    private static let comma = UInt8(ascii: ",")
    private static let dot = UInt8(ascii: ".")
    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")
    private static let tilde = UInt8(ascii: "~")
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")
    private static let at = UInt8(ascii: "@")

    /// The byte at `index`, or 0 past the end (as C's terminating NUL).
    private func byte(_ index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    private func skipSpaces(from index: Int) -> Int {
        var index = index
        while byte(index) == Self.space { index += 1 }
        return index
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The space-delimited word around `index` (the one before it when `index` is a space
    /// or the end).
    private func word(around index: Int) -> String {
        var start = min(index, bytes.count)
        if start == bytes.count || bytes[start] == Self.space {
            while start > 0 && bytes[start - 1] == Self.space { start -= 1 }
        }
        var end = start
        while start > 0 && bytes[start - 1] != Self.space { start -= 1 }
        while end < bytes.count && bytes[end] != Self.space { end += 1 }
        return text(start..<end)
    }

    private func failure(_ reason: String) -> CalendarParseFailure {
        CalendarParseFailure(reason: reason)
    }

    /// A reason for a character that may not stand at `index`.
    private func unexpected(at index: Int, after what: String) -> CalendarParseFailure {
        let found = byte(index)
        if found == 0 {
            return failure("'\(word(around: index))' ends too early")
        }
        if found == Self.space {
            let rest = skipSpaces(from: index)
            if index == 0 { return failure("the expression starts with a space") }
            if rest >= bytes.count { return failure("trailing space after '\(word(around: index))'") }
            let remainder = text(rest..<bytes.count)
            if ASCII.isLetter(bytes[rest]) && !remainder.contains(" ") {
                return failure("unknown time zone '\(remainder)'")
            }
            return failure("unexpected '\(remainder)' after \(what) '\(word(around: index))'")
        }
        let character = text(index..<index + 1)
        return failure("unexpected '\(character)' in '\(word(around: index))'")
    }

    private static func isControlWhitespace(_ byte: UInt8) -> Bool {
        byte >= 0x09 && byte <= 0x0D
    }

    /// Tabs and line breaks separate nothing; only `@` may be followed by them, since
    /// systemd reads the timestamp with `strtoul`, which skips all white space.
    private func checkWhitespace() throws(CalendarParseFailure) {
        for index in bytes.indices where Self.isControlWhitespace(bytes[index]) {
            var before = index - 1
            while before >= 0 && (bytes[before] == Self.space || Self.isControlWhitespace(bytes[before])) { before -= 1 }
            if before >= 0 && bytes[before] == Self.at { continue }
            let name = switch bytes[index] {
            case 0x09: "a tab"
            case 0x0A: "a line break"
            default: "a control character"
            }
            throw failure("\(name) where only spaces may separate the parts")
        }
    }

    // MARK: - Weekdays

    /// The weekday whose long or short name starts the input at `index`, any case.
    private func weekday(at index: Int) -> (day: Int, length: Int)? {
        func matches(_ name: String) -> Bool {
            var offset = index
            for letter in name.utf8 {
                guard offset < bytes.count, bytes[offset] | 0x20 == letter | 0x20 else { return false }
                offset += 1
            }
            return true
        }
        for day in 0..<7 {
            let long = CalendarWeekdays.longNames[day]
            if matches(long) { return (day, long.utf8.count) }
            if matches(CalendarWeekdays.shortNames[day]) { return (day, 3) }
        }
        return nil
    }

    private func weekdayWord(at index: Int) -> String {
        var end = index
        while end < bytes.count && ![Self.space, Self.comma, Self.dot, Self.dash].contains(bytes[end]) { end += 1 }
        return text(index..<end)
    }

    private func unknownWeekday(at index: Int) -> CalendarParseFailure {
        let name = weekdayWord(at: index)
        if name.isEmpty {
            return unexpected(at: index, after: "the weekdays")
        }
        return failure("unknown weekday '\(name)'")
    }

    private mutating func parseWeekdays() throws(CalendarParseFailure) {
        let partStart = position
        var rangeStart = -1
        var rangeStartIndex = position
        var isFirst = true
        while true {
            guard let (day, length) = weekday(at: position) else {
                if isFirst { return }
                throw unknownWeekday(at: position)
            }
            let following = byte(position + length)
            guard [0, Self.dash, Self.dot, Self.comma, Self.space].contains(following) else {
                throw unknownWeekday(at: position)
            }
            parts.weekdayBits |= 1 << day
            if rangeStart >= 0 {
                if rangeStart > day {
                    throw failure("weekday range '\(text(rangeStartIndex..<position + length))' runs backwards")
                }
                for between in (rangeStart + 1)..<max(day, rangeStart + 1) {
                    parts.weekdayBits |= 1 << between
                }
            }
            let nameStart = position
            position += length
            switch byte(position) {
            case 0:
                return
            case Self.space:
                position = skipSpaces(from: position)
                return
            case Self.dot:
                if rangeStart >= 0 {
                    throw failure("weekday range in '\(word(around: partStart))' has more than two ends")
                }
                if byte(position + 1) != Self.dot {
                    throw failure("expected '..' after '\(text(nameStart..<position))' in '\(word(around: partStart))'")
                }
                rangeStart = day
                rangeStartIndex = nameStart
                position += 2
            case Self.dash:
                if rangeStart >= 0 {
                    throw failure("weekday range in '\(word(around: partStart))' has more than two ends")
                }
                rangeStart = day
                rangeStartIndex = nameStart
                position += 1
            default:
                rangeStart = -1
                position += 1
            }
            if byte(position) == 0 || byte(position) == Self.space {
                position = skipSpaces(from: position)
                if rangeStart >= 0 {
                    throw failure("weekday range '\(text(rangeStartIndex..<position).trimmingTrailingSpaces)' has no end")
                }
                return
            }
            isFirst = false
        }
    }

    // MARK: - Numbers and chains

    /// A decimal number at `index`: whole units, or for seconds microseconds with an
    /// optional fraction (six digits kept, the seventh rounds). Values above `Int32.max`
    /// are refused, as systemd stores them in an `int`.
    private func decimal(at index: inout Int, isSeconds: Bool) throws(CalendarParseFailure) -> Int {
        let start = index
        guard ASCII.isDigit(byte(index)) else {
            if byte(index) == 0 || byte(index) == Self.space {
                throw failure("expected a number at the end of '\(word(around: index))'")
            }
            if ASCII.isLetter(byte(index)) && (index == 0 || byte(index - 1) == Self.space) {
                if parts.weekdayBits == 0 {
                    throw failure("unknown weekday '\(weekdayWord(at: index))'")
                }
                throw failure("unexpected '\(word(around: index))' where the date or time belongs")
            }
            throw failure("expected a number at '\(text(index..<index + 1))' in '\(word(around: index))'")
        }
        var value = 0
        var tooLarge = false
        while ASCII.isDigit(byte(index)) {
            value = value * 10 + Int(byte(index) - UInt8(ascii: "0"))
            if value > Int(Int32.max) { tooLarge = true; value = Int(Int32.max) + 1 }
            index += 1
        }
        if isSeconds {
            value *= CalendarChain.microsecondsPerSecond
            if byte(index) == Self.dot && byte(index + 1) != Self.dot {
                index += 1
                guard ASCII.isDigit(byte(index)) else {
                    throw failure("expected digits after '.' in '\(word(around: index))'")
                }
                var fraction = 0
                for _ in 0..<6 {
                    fraction *= 10
                    if ASCII.isDigit(byte(index)) {
                        fraction += Int(byte(index) - UInt8(ascii: "0"))
                        index += 1
                    }
                }
                if byte(index) >= UInt8(ascii: "5") && byte(index) <= UInt8(ascii: "9") {
                    fraction += 1
                }
                while ASCII.isDigit(byte(index)) { index += 1 }
                value += fraction
            }
        }
        if tooLarge || value > Int(Int32.max) {
            throw failure("number '\(text(start..<index))' too large in '\(word(around: start))'")
        }
        return value
    }

    /// A comma-separated list of components, or `*` (for seconds: every whole second).
    private mutating func chain(at index: inout Int, isSeconds: Bool) throws(CalendarParseFailure) -> [CalendarComponent] {
        if byte(index) == Self.star {
            index += 1
            return isSeconds ? [CalendarComponent(start: 0, repeat: CalendarChain.microsecondsPerSecond)] : []
        }
        var components: [CalendarComponent] = []
        while true {
            if components.count == Self.maximumComponents {
                throw failure("more than \(Self.maximumComponents) comma-separated values in '\(word(around: index))'")
            }
            components.append(try component(at: &index, isSeconds: isSeconds))
            guard byte(index) == Self.comma else { return components }
            index += 1
        }
    }

    private func component(at index: inout Int, isSeconds: Bool) throws(CalendarParseFailure) -> CalendarComponent {
        let componentStart = index
        let unit = isSeconds ? CalendarChain.microsecondsPerSecond : 1
        let start = try decimal(at: &index, isSeconds: isSeconds)
        var stop = -1
        var step = 0
        if byte(index) == Self.dot && byte(index + 1) == Self.dot {
            index += 2
            stop = try decimal(at: &index, isSeconds: isSeconds)
            step = unit
        }
        if byte(index) == Self.slash {
            let repetitionStart = index
            index += 1
            step = try decimal(at: &index, isSeconds: isSeconds)
            if step == 0 {
                throw failure("repetition '\(text(repetitionStart..<index))' must be positive")
            }
        } else if isSeconds && stop >= 0 && start + step > stop {
            throw failure("seconds range '\(text(componentStart..<index))' is shorter than one second in '\(word(around: componentStart))'")
        }
        guard [0, Self.space, Self.comma, Self.dash, Self.tilde, Self.colon].contains(byte(index)) else {
            throw unexpected(at: index, after: "'\(text(componentStart..<index))'")
        }
        return CalendarComponent(start: start, stop: stop, repeat: step)
    }

    // MARK: - Date

    /// Reads `[YYYY-]MM-DD` (or `~DD`) or `@SECONDS`; true when the latter ends the input.
    private mutating func parseDate() throws(CalendarParseFailure) -> Bool {
        guard position < bytes.count else { return false }
        if byte(position) == Self.at {
            try parseTimestamp()
            return true
        }
        var index = position
        let first = try chain(at: &index, isSeconds: false)
        if byte(index) == 0 || byte(index) == Self.colon {
            return false
        }
        if byte(index) == Self.tilde {
            parts.isEndOfMonth = true
        } else if byte(index) != Self.dash {
            throw unexpected(at: index, after: "the date")
        }
        index += 1
        let second = try chain(at: &index, isSeconds: false)
        if byte(index) == 0 || byte(index) == Self.space {
            parts.dateText = text(position..<index)
            position = skipSpaces(from: index)
            parts.month = first
            parts.day = second
            return false
        }
        if parts.isEndOfMonth {
            throw failure("'~' must separate the month from the day, in '\(word(around: index))'")
        }
        if byte(index) == Self.tilde {
            parts.isEndOfMonth = true
        } else if byte(index) != Self.dash {
            throw unexpected(at: index, after: "the date")
        }
        index += 1
        let third = try chain(at: &index, isSeconds: false)
        guard byte(index) == 0 || byte(index) == Self.space else {
            throw unexpected(at: index, after: "the date")
        }
        parts.dateText = text(position..<index)
        position = skipSpaces(from: index)
        parts.year = first
        parts.month = second
        parts.day = third
        return false
    }

    /// `@SECONDS`: a fixed UTC instant, read as C's `strtoul` reads it (leading white
    /// space, an optional sign, wrapping on overflow of the sign only).
    private mutating func parseTimestamp() throws(CalendarParseFailure) {
        let start = position
        var index = position + 1
        while [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(byte(index)) { index += 1 }
        var isNegative = false
        if byte(index) == UInt8(ascii: "+") || byte(index) == Self.dash {
            isNegative = byte(index) == Self.dash
            index += 1
        }
        guard ASCII.isDigit(byte(index)) else {
            throw failure("expected seconds since the epoch after '@' in '\(word(around: start))'")
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while ASCII.isDigit(byte(index)) {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(byte(index) - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            magnitude = sum
            index += 1
        }
        let literal = text(start..<index)
        if overflow {
            throw failure("timestamp '\(literal)' too large")
        }
        let seconds = Int64(bitPattern: isNegative ? 0 &- magnitude : magnitude)
        let lastSecond = CivilCalendar.dayNumber(year: Int64(CalendarField.year.bounds.upperBound + 1), month: 1, day: 1) * CivilCalendar.secondsPerDay - 1
        guard seconds >= 0, seconds <= lastSecond else {
            throw failure("timestamp '\(literal)' is outside the years 1970..2199")
        }
        let time = CivilCalendar.civilTime(localSeconds: seconds)
        parts.year = [CalendarComponent(start: time.year)]
        parts.month = [CalendarComponent(start: time.month)]
        parts.day = [CalendarComponent(start: time.day)]
        parts.hour = [CalendarComponent(start: time.hour)]
        parts.minute = [CalendarComponent(start: time.minute)]
        parts.microsecond = [CalendarComponent(start: time.second * CalendarChain.microsecondsPerSecond)]
        parts.isUTC = true
        parts.dateText = literal
        position = index
    }

    // MARK: - Time

    /// Reads `HH:MM[:SS[.ffffff]]`; nothing at all means 00:00:00.
    private mutating func parseTime() throws(CalendarParseFailure) {
        guard position < bytes.count else {
            setMidnight(fromHour: true)
            return
        }
        var index = position
        let hour = try chain(at: &index, isSeconds: false)
        guard byte(index) == Self.colon else {
            if byte(index) == 0 {
                throw failure("expected ':' after the hour in '\(word(around: index))'")
            }
            throw unexpected(at: index, after: "the time")
        }
        index += 1
        let minute = try chain(at: &index, isSeconds: false)
        parts.hour = hour
        parts.minute = minute
        parts.timeText = text(position..<bytes.count)
        if byte(index) == 0 {
            position = index
            setMidnight(fromHour: false)
            return
        }
        guard byte(index) == Self.colon else {
            throw unexpected(at: index, after: "the time")
        }
        index += 1
        let second = try chain(at: &index, isSeconds: true)
        guard byte(index) == 0 else {
            throw unexpected(at: index, after: "the time")
        }
        parts.microsecond = second
        position = index
    }

    private mutating func setMidnight(fromHour: Bool) {
        if fromHour {
            parts.hour = [CalendarComponent(start: 0)]
            parts.minute = [CalendarComponent(start: 0)]
        }
        parts.microsecond = [CalendarComponent(start: 0)]
    }
}

/// A rejection reason from `CalendarParser`, before the whole expression is attached.
struct CalendarParseFailure: Error {
    var reason: String
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

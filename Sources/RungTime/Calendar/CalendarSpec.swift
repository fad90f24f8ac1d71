import Foundation

/// A parsed systemd calendar expression (`OnCalendar=` syntax, systemd.time(7)), read,
/// printed and evaluated exactly as systemd 252 does, so that `rungctl calendar` and
/// `systemd-analyze calendar` agree.
public struct CalendarSpec: Hashable, Sendable, CustomStringConvertible {
    var weekdays: CalendarWeekdays
    var year: [CalendarComponent]
    var month: [CalendarComponent]
    var day: [CalendarComponent]
    var hour: [CalendarComponent]
    var minute: [CalendarComponent]
    /// Seconds, in microseconds.
    var microsecond: [CalendarComponent]
    /// The day field counts back from the month's end (`~`).
    var isEndOfMonth: Bool
    /// Evaluated with `timegm` rather than in a zone.
    var isUTC: Bool
    /// `tm_isdst` asked for by a local zone abbreviation (`CET` 0, `CEST` 1), else -1.
    var dst: Int
    /// The abbreviation printed for `dst` (glibc's `tzname[dst]`).
    var dstAbbreviation: String?
    /// An IANA zone named by the expression, other than "UTC".
    var zone: CalendarZone?

    /// Parses `text` as `systemd-analyze calendar` does; throws for every input it rejects,
    /// naming the offending part. Local zone abbreviations (`CET`, `CEST`) are those of the
    /// zone glibc would use for this process (`$TZ`, else `/etc/localtime`).
    public init(parsing text: String) throws(CalendarSpecError) {
        try self.init(parsing: text) {
            let zone = TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)
            return (zone.standardAbbreviation, zone.daylightAbbreviation)
        }
    }

    /// Parses `text` as `TZ=localZone systemd-analyze calendar` does: `localZone` decides
    /// which trailing abbreviations select standard or daylight time.
    public init(parsing text: String, localZone: TimeZoneRules) throws(CalendarSpecError) {
        try self.init(parsing: text) { (localZone.standardAbbreviation, localZone.daylightAbbreviation) }
    }

    /// `abbreviations` (glibc's `tzname[0]` and `tzname[1]`) are asked for only when the
    /// last word could be one of them.
    init(parsing text: String, abbreviations: () -> (standard: String, daylight: String?)) throws(CalendarSpecError) {
        func failure(_ reason: String) -> CalendarSpecError {
            CalendarSpecError(expression: text, reason: reason)
        }
        var bytes = Array(text.utf8)
        if bytes.contains(0) { throw failure("the expression contains a NUL character") }
        var isUTC = false
        var dst = -1
        var dstAbbreviation: String?
        var zoneName: String?

        if Self.hasSuffix(bytes, Array(" UTC".utf8)) {
            isUTC = true
            bytes.removeLast(4)
        } else {
            let lastSpace = bytes.lastIndex(of: UInt8(ascii: " "))
            if let lastSpace, Self.couldBeAbbreviation(bytes[(lastSpace + 1)...]) {
                let names = abbreviations()
                for (index, abbreviation) in [names.standard, names.daylight].enumerated() {
                    guard let abbreviation, !abbreviation.isEmpty else { continue }
                    let suffix = Array(abbreviation.utf8)
                    guard Self.hasSuffix(bytes, suffix), bytes.count > suffix.count,
                          bytes[bytes.count - suffix.count - 1] == UInt8(ascii: " ") else { continue }
                    dst = index
                    dstAbbreviation = abbreviation
                    bytes.removeLast(suffix.count + 1)
                    break
                }
            }
            if dst < 0, let lastSpace {
                let name = String(decoding: bytes[(lastSpace + 1)...], as: UTF8.self)
                if CalendarTimeZoneName.isValid(name) {
                    zoneName = name
                    bytes.removeSubrange(lastSpace...)
                }
            }
        }
        guard !bytes.isEmpty else {
            throw failure(text.isEmpty ? "the expression is empty" : "no date or time before the time zone")
        }

        var parts: CalendarParser.Parts
        if let shorthand = Self.shorthand(String(decoding: bytes.map(Self.lowercased), as: UTF8.self)) {
            parts = shorthand
        } else {
            var parser = CalendarParser(bytes)
            do {
                try parser.parse()
            } catch {
                throw failure(error.reason)
            }
            parts = parser.parts
        }

        if zoneName == "UTC" {
            isUTC = true
            zoneName = nil
        }
        self.weekdays = parts.weekdayBits > 0 && parts.weekdayBits < CalendarWeekdays.allBits
            ? CalendarWeekdays(bits: parts.weekdayBits) : .all
        self.isEndOfMonth = parts.isEndOfMonth && !parts.day.isEmpty
        CalendarChain.fixYears(&parts.year)
        for chain in [\CalendarParser.Parts.year, \.month, \.day, \.hour, \.minute, \.microsecond] {
            CalendarChain.normalize(&parts[keyPath: chain])
        }
        self.year = parts.year
        self.month = parts.month
        self.day = parts.day
        self.hour = parts.hour
        self.minute = parts.minute
        self.microsecond = parts.microsecond
        self.isUTC = isUTC || parts.isUTC
        self.dst = dst
        self.dstAbbreviation = dstAbbreviation

        let checks: [(CalendarField, [CalendarComponent], String)] = [
            (.year, year, parts.dateText), (.month, month, parts.dateText), (.day, day, parts.dateText),
            (.hour, hour, parts.timeText), (.minute, minute, parts.timeText), (.second, microsecond, parts.timeText),
        ]
        for (field, chain, written) in checks {
            let endOfMonth = field == .day && isEndOfMonth
            if let problem = CalendarChain.problem(in: chain, field: field, endOfMonth: endOfMonth) {
                throw failure(written.isEmpty ? problem : "\(problem) in '\(written)'")
            }
        }
        // systemd sets TZ=:NAME; glibc falls back to UTC when the file cannot be read.
        self.zone = zoneName.map { CalendarZone(name: $0, rules: (try? TimeZoneRules.named($0)) ?? .utc) }
    }

    /// The normalized form, character for character as systemd prints it.
    public var normalized: String {
        var text = ""
        if weekdays.restrictsDays {
            weekdays.format(to: &text)
            text += " "
        }
        CalendarChain.format(year, field: .year, to: &text)
        text += "-"
        CalendarChain.format(month, field: .month, to: &text)
        text += isEndOfMonth ? "~" : "-"
        CalendarChain.format(day, field: .day, to: &text)
        text += " "
        CalendarChain.format(hour, field: .hour, to: &text)
        text += ":"
        CalendarChain.format(minute, field: .minute, to: &text)
        text += ":"
        CalendarChain.format(microsecond, field: .second, to: &text)
        if isUTC {
            text += " UTC"
        } else if let zone {
            text += " " + zone.name
        } else if let dstAbbreviation {
            text += " " + dstAbbreviation
        }
        return text
    }

    /// The expression's own zone when it names one (`UTC`, `Europe/Berlin`), else nil.
    public var timeZoneName: String? {
        isUTC ? "UTC" : zone?.name
    }

    /// The first elapse strictly after `instant`, in the expression's own zone when it has
    /// one and in `zone` otherwise; nil when it never elapses again.
    public func nextElapse(after instant: Instant, in zone: TimeZoneRules) -> Instant? {
        let clock: CalendarClock
        if isUTC {
            clock = .utc
        } else if let own = self.zone {
            clock = .zone(own.rules)
        } else {
            clock = .zone(zone)
        }
        var search = CalendarSearch(spec: self, clock: clock)
        return search.next(after: instant)
    }

    public var description: String { normalized }

    // MARK: - Parsing helpers

    private static func hasSuffix(_ bytes: [UInt8], _ suffix: [UInt8]) -> Bool {
        guard bytes.count >= suffix.count else { return false }
        return zip(bytes[(bytes.count - suffix.count)...], suffix).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Zone abbreviations are letters, digits, `+` and `-`; anything else (a time, a
    /// date) spares loading the local zone.
    private static func couldBeAbbreviation(_ word: ArraySlice<UInt8>) -> Bool {
        !word.isEmpty && word.allSatisfy { byte in
            (lowercased(byte) >= UInt8(ascii: "a") && lowercased(byte) <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
    }

    /// The fields of `minutely` … `annually`; `word` is in lower case.
    private static func shorthand(_ word: String) -> CalendarParser.Parts? {
        let zero = [CalendarComponent(start: 0)]
        let first = [CalendarComponent(start: 1)]
        var parts = CalendarParser.Parts()
        switch word {
        case "minutely":
            parts.microsecond = zero
        case "hourly":
            parts.minute = zero
            parts.microsecond = zero
        case "daily":
            (parts.hour, parts.minute, parts.microsecond) = (zero, zero, zero)
        case "monthly":
            parts.day = first
            (parts.hour, parts.minute, parts.microsecond) = (zero, zero, zero)
        case "annually", "yearly", "anually":
            parts.month = first
            parts.day = first
            (parts.hour, parts.minute, parts.microsecond) = (zero, zero, zero)
        case "weekly":
            parts.weekdayBits = 1
            (parts.hour, parts.minute, parts.microsecond) = (zero, zero, zero)
        case "quarterly":
            parts.month = [1, 4, 7, 10].map { CalendarComponent(start: $0) }
            parts.day = first
            (parts.hour, parts.minute, parts.microsecond) = (zero, zero, zero)
        case "biannually", "bi-annually", "semiannually", "semi-annually":
            parts.month = [1, 7].map { CalendarComponent(start: $0) }
            parts.day = first
            (parts.hour, parts.minute, parts.microsecond) = (zero, zero, zero)
        default:
            return nil
        }
        return parts
    }
}

/// A zone named by an expression, loaded once; compared by name.
struct CalendarZone: Hashable, Sendable {
    let name: String
    let rules: TimeZoneRules

    static func == (a: CalendarZone, b: CalendarZone) -> Bool { a.name == b.name }
    func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// Why a calendar expression was rejected.
public struct CalendarSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole expression as given.
    public let expression: String
    /// What is wrong, naming the offending part (e.g. "unknown weekday 'Frx'").
    public let reason: String
    /// `Failed to parse calendar specification 'EXPR': REASON`.
    public var description: String { "Failed to parse calendar specification '\(expression)': \(reason)" }
}

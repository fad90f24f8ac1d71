/// One element of a calendar field's list: a value, a range `start..stop`, or a repetition
/// `start[..stop]/repeat`. Values of the seconds field are microseconds, so `1.5` is
/// 1_500_000. A field's list is a chain; the empty chain means `*`.
struct CalendarComponent: Hashable, Sendable, Comparable {
    /// The first value (for `~` days: days counted back from the month's end, 1 = last day).
    var start: Int
    /// The last value of a range, or -1 when there is none.
    var stop: Int
    /// The step between values; 0 when the component is a single value.
    var `repeat`: Int

    init(start: Int, stop: Int = -1, repeat: Int = 0) {
        self.start = start
        self.stop = stop
        self.repeat = `repeat`
    }

    static func < (a: CalendarComponent, b: CalendarComponent) -> Bool {
        (a.start, a.stop, a.repeat) < (b.start, b.stop, b.repeat)
    }
}

/// The fields of an expression, in the order they are written and checked.
enum CalendarField: Sendable {
    case year, month, day, hour, minute, second

    var name: String {
        switch self {
        case .year: "year"
        case .month: "month"
        case .day: "day"
        case .hour: "hour"
        case .minute: "minute"
        case .second: "second"
        }
    }

    /// The allowed values, as systemd checks them after normalization.
    var bounds: ClosedRange<Int> {
        switch self {
        case .year: 1970...2199
        case .month: 1...12
        case .day: 1...31
        case .hour: 0...23
        case .minute: 0...59
        case .second: 0...(60 * CalendarChain.microsecondsPerSecond - 1)
        }
    }

    /// Zero-padded width in the normalized form.
    var width: Int { self == .year ? 4 : 2 }
}

/// Normalizing, validating and printing chains of components, as systemd does.
enum CalendarChain {
    static let microsecondsPerSecond = 1_000_000

    /// Trims ranges to a whole number of repetitions, drops repetitions that cannot fire
    /// twice, then sorts and removes duplicates.
    static func normalize(_ chain: inout [CalendarComponent]) {
        for index in chain.indices {
            var item = chain[index]
            if item.stop > item.start && item.repeat > 0 {
                item.stop -= (item.stop - item.start) % item.repeat
            }
            if (item.stop > item.start && item.repeat > 0 && item.start + item.repeat > item.stop)
                || item.start == item.stop {
                item.repeat = 0
                item.stop = -1
            }
            chain[index] = item
        }
        guard chain.count > 1 else { return }
        chain.sort()
        var unique: [CalendarComponent] = []
        unique.reserveCapacity(chain.count)
        for item in chain where unique.last != item {
            unique.append(item)
        }
        chain = unique
    }

    /// Two-digit years: 0…69 are 2000…2069, 70…99 are 1970…1999.
    static func fixYears(_ chain: inout [CalendarComponent]) {
        func fixed(_ value: Int) -> Int {
            if value >= 0 && value < 70 { return value + 2000 }
            if value >= 70 && value < 100 { return value + 1900 }
            return value
        }
        for index in chain.indices {
            chain[index].start = fixed(chain[index].start)
            chain[index].stop = fixed(chain[index].stop)
        }
    }

    /// Why the chain is out of bounds for `field`, or nil when it is valid.
    static func problem(in chain: [CalendarComponent], field: CalendarField, endOfMonth: Bool) -> String? {
        let from = field.bounds.lowerBound
        let to = field.bounds.upperBound - (endOfMonth ? 3 : 0)
        let name = field.name
        for item in chain {
            let shown = render(item, field: field, endOfMonth: endOfMonth)
            if item.start < from || item.start > to {
                return "\(name) \(value(item.start, field: field, endOfMonth: endOfMonth)) out of range \(range(from, to, field: field, endOfMonth: endOfMonth))"
            }
            if item.repeat > to - from {
                return "repetition '/\(value(item.repeat, field: field, endOfMonth: false))' too large for the \(name)"
            }
            if item.stop >= 0 {
                if item.stop < from || item.stop > to {
                    return "\(name) \(value(item.stop, field: field, endOfMonth: endOfMonth)) out of range \(range(from, to, field: field, endOfMonth: endOfMonth))"
                }
                if item.start + item.repeat > item.stop {
                    return "\(name) range '\(shown)' ends before it starts"
                }
            } else if endOfMonth && item.start - item.repeat < from {
                return "\(name) '\(shown)' repeats past the end of the month"
            } else if !endOfMonth && item.start + item.repeat > to {
                return "\(name) '\(shown)' repeats past \(value(to, field: field, endOfMonth: false))"
            }
        }
        return nil
    }

    private static func range(_ from: Int, _ to: Int, field: CalendarField, endOfMonth: Bool) -> String {
        "\(value(from, field: field, endOfMonth: endOfMonth))..\(value(to, field: field, endOfMonth: endOfMonth))"
    }

    private static func value(_ number: Int, field: CalendarField, endOfMonth: Bool) -> String {
        let text: String
        if field == .second {
            let fraction = number % microsecondsPerSecond
            text = String(number / microsecondsPerSecond) + (fraction > 0 ? "." + pad(fraction, 6) : "")
        } else {
            text = String(number)
        }
        return endOfMonth ? "~" + text : text
    }

    private static func render(_ item: CalendarComponent, field: CalendarField, endOfMonth: Bool) -> String {
        var text = ""
        append(item, width: field.width, isSeconds: field == .second, to: &text)
        return endOfMonth ? "~" + text : text
    }

    /// Appends the chain as systemd prints it: `*` when empty (or, for seconds, when one
    /// element covers every second), else the elements separated by commas.
    static func format(_ chain: [CalendarComponent], field: CalendarField, to text: inout String) {
        let isSeconds = field == .second
        if chain.isEmpty || (isSeconds && chain.contains { $0.start == 0 && $0.stop < 0 && $0.repeat == microsecondsPerSecond }) {
            text += "*"
            return
        }
        for (index, item) in chain.enumerated() {
            if index > 0 { text += "," }
            append(item, width: field.width, isSeconds: isSeconds, to: &text)
        }
    }

    private static func append(_ item: CalendarComponent, width: Int, isSeconds: Bool, to text: inout String) {
        let unit = isSeconds ? microsecondsPerSecond : 1
        text += pad(item.start / unit, width)
        if item.start % unit > 0 { text += "." + pad(item.start % unit, 6) }
        if item.stop > 0 { text += ".." + pad(item.stop / unit, width) }
        if item.stop > 0 && item.stop % unit > 0 { text += "." + pad(item.stop % unit, 6) }
        if item.repeat > 0 && !(item.stop > 0 && item.repeat == unit) { text += "/" + String(item.repeat / unit) }
        if item.repeat % unit > 0 { text += "." + pad(item.repeat % unit, 6) }
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

import RungTestSupport

/// Random calendar expressions covering every feature of the `OnCalendar=` grammar, and
/// some broken ones, for the differential test against `systemd-analyze calendar`.
struct CalendarExpressionGenerator {
    /// One generated expression and what the comparison needs to know about it.
    struct Expression {
        var text: String
        /// The day-of-month part has a `/` repetition: systemd 252 mishandles such a window
        /// across a new year (upstream issue 40260), so those cases are not compared.
        var hasDayRepetition: Bool
    }

    var random: SplitMix64

    private static let weekdays = [
        ("Mon", "Monday"), ("Tue", "Tuesday"), ("Wed", "Wednesday"), ("Thu", "Thursday"),
        ("Fri", "Friday"), ("Sat", "Saturday"), ("Sun", "Sunday"),
    ]
    private static let shorthands = [
        "minutely", "hourly", "daily", "weekly", "monthly", "quarterly", "semiannually",
        "yearly", "annually",
    ]
    private static let zones = [
        "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
        "CET", "CEST", "EST", "EDT", "IST", "utc",
    ]

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...items.count - 1)]
    }

    private mutating func number(_ value: Int, width: Int) -> String {
        let text = String(value)
        return chance(0.5) ? String(repeating: "0", count: max(0, width - text.count)) + text : text
    }

    private mutating func weekdayName(_ index: Int) -> String {
        let (short, long) = Self.weekdays[index]
        let name = chance(0.7) ? short : long
        switch int(0...5) {
        case 0: return name.lowercased()
        case 1: return name.uppercased()
        default: return name
        }
    }

    private mutating func weekdayPart() -> String {
        let count = int(1...3)
        return (0..<count).map { _ in
            let first = int(0...6)
            if chance(0.4) {
                return weekdayName(first) + ".." + weekdayName(int(first...6))
            }
            return weekdayName(first)
        }.joined(separator: ",")
    }

    /// One component (`*`, `5`, `1..5`, `1,3`, `2/3`, `1..9/2`) within `range`.
    private mutating func component(_ range: ClosedRange<Int>, width: Int, allowStar: Bool = true) -> String {
        if allowStar, chance(0.3) { return "*" }
        let count = chance(0.75) ? 1 : int(2...3)
        return (0..<count).map { _ in
            let start = int(range)
            var item = number(start, width: width)
            if chance(0.25) {
                item += ".." + number(int(start...range.upperBound), width: width)
            }
            if chance(0.25) {
                item += "/" + String(int(1...max(1, (range.upperBound - range.lowerBound) / 2)))
            }
            return item
        }.joined(separator: ",")
    }

    private mutating func secondsPart() -> String {
        if chance(0.2) { return "*" }
        var text = number(int(0...59), width: 2)
        if chance(0.3) { text += "." + String(int(0...999_999)).prefix(int(1...6)) }
        if chance(0.25) {
            text += "/" + String(int(1...30))
            if chance(0.5) { text += "." + String(int(1...99)) }
        }
        return text
    }

    private mutating func datePart() -> (String, Bool) {
        var text = ""
        if chance(0.4) { text += component(1970...2060, width: 4) + "-" }
        text += component(1...12, width: 2)
        if chance(0.2) {
            var day = number(int(1...7), width: 2)
            if chance(0.4) { day += "/" + String(int(1...3)) }
            return (text + "~" + day, day.contains("/"))
        }
        let day = component(1...31, width: 2)
        return (text + "-" + day, day.contains("/"))
    }

    private mutating func timePart() -> String {
        var text = component(0...23, width: 2) + ":" + component(0...59, width: 2)
        if chance(0.6) { text += ":" + secondsPart() }
        return text
    }

    /// Breaks an expression in one of the ways people do.
    private mutating func broken(_ text: String) -> String {
        var characters = Array(text)
        switch int(0...9) {
        case 0: return text.replacingFirstNumber(with: String(int(24...99)))
        case 1: return text + " " + pick(["Mars/Base", "garbage", "+01:00", "ZZZ"])
        case 2: return pick(["Mox ", "Fry ", "Mon... ", "Mon..", ","]) + text
        case 3: return text.replacingFirst("/", with: "/0")
        case 4: return text.replacingFirst(",", with: ",,")
        case 5: return text + ":"
        case 6:
            guard !characters.isEmpty else { return "-" }
            characters.remove(at: int(0...characters.count - 1))
            return String(characters)
        case 7:
            let inserted: Character = pick(["-", ":", ".", "~", "/", "*", ",", " ", "9", "x"])
            characters.insert(inserted, at: int(0...characters.count))
            return String(characters)
        case 8: return pick(["", " ", "  ", "\t", "@", "@-1", "*-*-* 1:2:3.1234567"])
        default: return text.replacingFirstNumber(with: "0")
        }
    }

    /// A new random expression, valid most of the time.
    mutating func next() -> Expression {
        if chance(0.08) {
            var name = pick(Self.shorthands)
            if chance(0.2) { name = name.uppercased() }
            if chance(0.2) { name += " " + pick(Self.zones) }
            return Expression(text: name, hasDayRepetition: false)
        }
        if chance(0.02) {
            return Expression(text: "@" + String(int(0...2_000_000_000)), hasDayRepetition: false)
        }
        var parts: [String] = []
        var hasDayRepetition = false
        if chance(0.3) { parts.append(weekdayPart()) }
        if chance(0.6) {
            let (date, repeats) = datePart()
            parts.append(date)
            hasDayRepetition = repeats
        }
        if parts.isEmpty || chance(0.8) { parts.append(timePart()) }
        if chance(0.25) { parts.append(pick(Self.zones)) }
        var text = parts.joined(separator: chance(0.05) ? "  " : " ")
        if chance(0.03) { text = " " + text }
        if chance(0.03) { text += " " }
        if chance(0.15) { text = broken(text) }
        return Expression(text: text, hasDayRepetition: hasDayRepetition)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    fileprivate func replacingFirstNumber(with replacement: String) -> String {
        guard let start = firstIndex(where: \.isNumber) else { return self + replacement }
        let end = self[start...].firstIndex(where: { !$0.isNumber }) ?? endIndex
        return replacingCharacters(in: start..<end, with: replacement)
    }
}

import Foundation

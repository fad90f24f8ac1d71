/// The grammar of TOML's unquoted scalars: integers, floats and date-times.
enum TOMLScalars {
    /// The integer `token` denotes; nil when it is not shaped like an integer, an error
    /// when it is but does not fit in 64 bits.
    static func integer(_ token: String, at position: SourcePosition) throws(TOMLSyntaxError) -> Int64? {
        var digits = Substring(token)
        var radix = 10
        var negative = false
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            radix = base
            digits = digits.dropFirst(2)
        }
        if radix == 10 {
            if let sign = digits.first, sign == "+" || sign == "-" {
                negative = sign == "-"
                digits = digits.dropFirst()
            }
            guard isUnderscoredDigits(digits, radix: 10), digits == "0" || digits.first != "0" else { return nil }
        } else {
            guard isUnderscoredDigits(digits, radix: radix) else { return nil }
        }
        let plain = String(decoding: digits.utf8.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let magnitude = UInt64(plain, radix: radix) else {
            throw TOMLSyntaxError(TOMLError(at: position, "integer '\(token)' does not fit in 64 bits"))
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw TOMLSyntaxError(TOMLError(at: position, "integer '\(token)' does not fit in 64 bits"))
            }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else {
            throw TOMLSyntaxError(TOMLError(at: position, "integer '\(token)' does not fit in 64 bits"))
        }
        return Int64(magnitude)
    }

    /// The float `token` denotes, or nil when it is not a TOML float.
    static func float(_ token: String) -> Double? {
        var rest = Substring(token)
        var sign = ""
        if let first = rest.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            rest = rest.dropFirst()
        }
        if rest == "inf" { return sign == "-" ? -.infinity : .infinity }
        if rest == "nan" { return .nan }
        let exponentIndex = rest.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = rest[..<(exponentIndex ?? rest.endIndex)]
        let dot = mantissa.firstIndex(of: ".")
        let whole = mantissa[..<(dot ?? mantissa.endIndex)]
        guard isUnderscoredDigits(whole, radix: 10), whole == "0" || whole.first != "0" else { return nil }
        if let dot {
            guard isUnderscoredDigits(mantissa[mantissa.index(after: dot)...], radix: 10) else { return nil }
        }
        if let exponentIndex {
            var exponent = rest[rest.index(after: exponentIndex)...]
            if let first = exponent.first, first == "+" || first == "-" { exponent = exponent.dropFirst() }
            guard isUnderscoredDigits(exponent, radix: 10) else { return nil }
        }
        guard dot != nil || exponentIndex != nil else { return nil }
        return Double(sign + rest.filter { $0 != "_" })
    }

    /// Digits of `radix`, with single underscores only between digits.
    static func isUnderscoredDigits(_ text: Substring, radix: Int) -> Bool {
        let underscore = UInt8(ascii: "_")
        guard let first = text.utf8.first, let last = text.utf8.last, first != underscore, last != underscore else { return false }
        var previousUnderscore = false
        for byte in text.utf8 {
            if byte == underscore {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else {
                guard let value = hexDigitValue(byte), value < radix else { return false }
                previousUnderscore = false
            }
        }
        return true
    }

    /// The value of an ASCII hexadecimal digit, either case.
    static func hexDigitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// An offset date-time, local date-time, local date or local time (RFC 3339, with a
    /// space allowed between date and time).
    static func dateTime(_ token: String, at position: SourcePosition) throws(TOMLSyntaxError) -> TOMLDateTime {
        let invalid = TOMLSyntaxError(TOMLError(at: position, "invalid date-time '\(token)'"))
        var chars = Array(token.utf8)[...]
        var date: TOMLDateTime.Date?
        var time: TOMLDateTime.Time?
        var offset: Int?

        func number(_ count: Int) -> Int? {
            guard chars.count >= count, chars.prefix(count).allSatisfy(isDigit) else { return nil }
            let value = chars.prefix(count).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            chars = chars.dropFirst(count)
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard chars.first == byte else { return false }
            chars = chars.dropFirst()
            return true
        }

        if chars.count >= 10, chars[chars.startIndex + 4] == UInt8(ascii: "-") {
            guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")), let day = number(2) else { throw invalid }
            guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
                throw TOMLSyntaxError(TOMLError(at: position, "invalid date '\(token)': no such day"))
            }
            date = TOMLDateTime.Date(year: year, month: month, day: day)
            if chars.isEmpty { return TOMLDateTime(date: date, time: nil, utcOffset: nil) }
            guard let separator = chars.first, separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else { throw invalid }
            chars = chars.dropFirst()
        }
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")), let second = number(2) else { throw invalid }
        guard hour < 24, minute < 60, second <= 60 else {
            throw TOMLSyntaxError(TOMLError(at: position, "invalid time in '\(token)': out of range"))
        }
        var nanosecond = 0
        if expect(UInt8(ascii: ".")) {
            let fraction = chars.prefix { isDigit($0) }
            guard !fraction.isEmpty else { throw invalid }
            for (place, digit) in fraction.prefix(9).enumerated() {
                nanosecond += Int(digit - UInt8(ascii: "0")) * [100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1][place]
            }
            chars = chars.dropFirst(fraction.count)
        }
        time = TOMLDateTime.Time(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        if date != nil, let first = chars.first {
            if first == UInt8(ascii: "Z") || first == UInt8(ascii: "z") {
                chars = chars.dropFirst()
                offset = 0
            } else if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                chars = chars.dropFirst()
                guard let hours = number(2), expect(UInt8(ascii: ":")), let minutes = number(2), hours < 24, minutes < 60 else { throw invalid }
                offset = (first == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
        }
        guard chars.isEmpty else { throw invalid }
        return TOMLDateTime(date: date, time: time, utcOffset: offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A syntax error raised while reading a scalar, to be reported at the scalar's start.
struct TOMLSyntaxError: Error {
    var error: TOMLError
    init(_ error: TOMLError) { self.error = error }
}

import RungCore

/// The text forms of exported values: JSON and CSV (RFC 4180) encoding, and RFC 3339
/// timestamps computed exactly from microseconds (no `Date`, no rounding).
public enum ExportText {
    /// `2024-05-01T07:30:00.000000Z`: always UTC, always six fractional digits.
    public static func timestamp(_ instant: Instant) -> String {
        let seconds = instant.seconds
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
            + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(instant.microsecondOfSecond, 6) + "Z"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Hinnant's algorithm).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// `value` as a JSON value.
    public static func json(_ value: ExportValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .instant(let instant): "\"" + timestamp(instant) + "\""
        case .text(let text): jsonString(text)
        }
    }

    /// `text` as a JSON string literal (RFC 8259), escaping only what must be escaped.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// One record as a JSON object, keys in `exportColumns` order.
    public static func jsonObject<Record: Exportable>(_ record: Record) -> String {
        var out = "{"
        for (index, (column, value)) in zip(Record.exportColumns, record.exportValues).enumerated() {
            if index > 0 { out += "," }
            out += "\"" + column + "\":" + json(value)
        }
        return out + "}"
    }

    /// Records as a JSON array, one object per line.
    public static func jsonArray<Record: Exportable>(_ records: [Record]) -> String {
        records.isEmpty ? "[]" : "[\n" + records.map(jsonObject).joined(separator: ",\n") + "\n]"
    }

    /// `value` as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
    public static func csv(_ value: ExportValue) -> String {
        let text: String
        switch value {
        case .null: return ""
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .instant(let instant): return timestamp(instant)
        case .text(let string): text = string
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line (CRLF-terminated, as RFC 4180 says).
    public static func csvLine(_ fields: [String]) -> String {
        fields.joined(separator: ",") + "\r\n"
    }
}

import RungCore
import RungTime

/// The text forms of exported values: JSON and CSV (RFC 4180) encoding, and RFC 3339
/// timestamps computed exactly from microseconds (no `Date`, no rounding).
public enum ExportText {
    /// `2024-05-01T07:30:00.000000Z`: always UTC, always six fractional digits (years
    /// 0000–9999; others are written with as many digits as they need).
    public static func timestamp(_ instant: Instant) -> String {
        let seconds = instant.seconds
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let date = CivilCalendar.civilDate(fromDay: days)
        let (year, month, day) = (date.year, Int64(date.month), Int64(date.day))
        var bytes: [UInt8] = Array("0000-00-00T00:00:00.000000Z".utf8)
        func put(_ value: Int64, at end: Int, width: Int) {
            var rest = value
            for offset in 0..<width {
                bytes[end - offset] = UInt8(48 + rest % 10)
                rest /= 10
            }
        }
        put(year, at: 3, width: 4)
        if !(0...9999).contains(year) {
            bytes.replaceSubrange(0..<4, with: String(year).utf8)
        }
        let shift = bytes.count - 27
        put(month, at: 6 + shift, width: 2)
        put(day, at: 9 + shift, width: 2)
        put(secondOfDay / 3600, at: 12 + shift, width: 2)
        put(secondOfDay / 60 % 60, at: 15 + shift, width: 2)
        put(secondOfDay % 60, at: 18 + shift, width: 2)
        put(instant.microsecondOfSecond, at: 25 + shift, width: 6)
        return String(decoding: bytes, as: UTF8.self)
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
        // Most text needs no escaping: no control bytes, quotes, backslashes, and no
        // U+2028/U+2029 (whose UTF-8 starts with 0xE2).
        let isPlain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != 0xE2 }
        if isPlain { return "\"" + text + "\"" }
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

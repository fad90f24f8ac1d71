import Foundation
import RungCore
import RungTime

/// A prompt as a complete RFC 5322 message for a sendmail-compatible command
/// (`sendmail -t -i`, `msmtp -t`), which takes the recipient from its `To:` header.
///
/// The header is From (only when configured; otherwise the mail command adds its own),
/// To, Subject, Date, Message-ID, MIME-Version, Content-Type (`text/plain;
/// charset=utf-8`), Content-Transfer-Encoding (`quoted-printable`), `Auto-Submitted:
/// auto-generated` (so that vacation responders stay quiet) and `X-Rung-Occurrence` (for
/// mail filters). The body is the prompt's text and how to answer it with `rungctl`.
///
/// Every byte is 7-bit ASCII and no user-supplied text can start a header: the title is
/// stripped of line breaks and controls and then encoded, addresses must be single bare
/// addresses. Header lines stay within 78 characters (an address up to 254 characters may
/// make its line longer, within RFC 5322's 998), body lines within 76.
///
/// Lines end in LF, not CRLF: the mail command reads a local text file and writes CRLF on
/// the wire itself. `sendmail -t` of Postfix, Exim and OpenSMTPD and `msmtp -t` all take
/// LF; some would keep a CR as part of the line.
public struct EmailMessage: Hashable, Sendable {
    /// The `Message-ID` header's value, with its angle brackets.
    public let messageID: String
    /// The whole message, header and body.
    public let text: String

    /// The message for `prompt` to `settings.to`, dated `date` in `zone`. The Message-ID
    /// names the occurrence, `nonce` (so that a retry is a new message) and `host` (when it
    /// is a plain host name, else `rung.invalid`).
    public init(
        prompt: PromptMessage, settings: Channel.Email, date: Instant, zone: TimeZoneRules, host: String,
        nonce: UInt64 = .random(in: .min ... .max)
    ) throws(EmailAddressError) {
        let to = try EmailAddress(settings.to, field: "to")
        let from = try settings.from.map { address throws(EmailAddressError) in try EmailAddress(address, field: "from") }
        let occurrence = Self.token(prompt.occurrenceID)
        let nonceText = String(nonce, radix: 16)
        let idLeft = occurrence + "." + String(repeating: "0", count: 16 - nonceText.count) + nonceText
        let idRight = Self.isHostName(host) && "Message-ID: <\(idLeft)@\(host)>".utf8.count <= MIMEEncoding.headerLineLimit
            ? host : "rung.invalid"
        messageID = "<\(idLeft)@\(idRight)>"

        var header: [String] = []
        if let from { header.append("From: \(from)") }
        header.append("To: \(to)")
        header.append(MIMEEncoding.unstructuredHeader("Subject", Self.singleLine(prompt.title) ?? "Rung prompt"))
        header.append("Date: \(Self.date(date, in: zone))")
        header.append("Message-ID: \(messageID)")
        header.append("MIME-Version: 1.0")
        header.append("Content-Type: text/plain; charset=utf-8")
        header.append("Content-Transfer-Encoding: quoted-printable")
        header.append("Auto-Submitted: auto-generated")
        header.append("X-Rung-Occurrence: \(occurrence)")
        let body = MIMEEncoding.quotedPrintable(Self.body(of: prompt, zone: zone))
        text = header.joined(separator: "\n") + "\n\n" + body + "\n"
    }

    /// The prompt's text, then how to answer it and until when.
    static func body(of prompt: PromptMessage, zone: TimeZoneRules) -> String {
        var lines: [String] = []
        let text = prompt.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { lines += [trimmed, ""] }
        lines += ["Answer from a terminal:", "", "    " + prompt.answerCommand]
        if !prompt.actions.isEmpty {
            let width = prompt.actions.map(\.id.count).max() ?? 0
            lines += ["", "where ANSWER is one of:", ""]
            lines += prompt.actions.map { "    " + $0.id.padding(toLength: width + 3, withPad: " ", startingAt: 0) + $0.label }
        }
        lines += ["", "The prompt expires \(TimestampFormat.systemd(prompt.expires, in: zone))."]
        return lines.joined(separator: "\n")
    }

    /// `text` on one line: every run of spaces, line breaks and control characters
    /// becomes one space, and the ends are trimmed; nil when nothing is left.
    static func singleLine(_ text: String) -> String? {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                pendingSpace = true
            default:
                if scalar == " " {
                    pendingSpace = true
                    continue
                }
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return result.isEmpty ? nil : String(result)
    }

    /// Letters, digits and hyphens of `text`, at most 32: safe in a Message-ID and a header.
    static func token(_ text: String) -> String {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.isASCIIAlphanumeric || $0 == "-" }).prefix(32))
        return kept.isEmpty ? "prompt" : kept
    }

    /// A host name of letters, digits and hyphens in dot-separated labels.
    static func isHostName(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
        }
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 5322 `date-time`: `Tue, 25 Nov 2025 11:30:00 +0100`, in `zone` (in UTC when the
    /// zone's offset then is not a whole number of minutes, as in some historical zones).
    static func date(_ instant: Instant, in zone: TimeZoneRules) -> String {
        var time = zone.localTime(at: instant.seconds)
        if time.utcOffset % 60 != 0 { time = TimeZoneRules.utc.localTime(at: instant.seconds) }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let offset = abs(time.utcOffset) / 60
        let sign = time.utcOffset < 0 ? "-" : "+"
        return "\(weekdays[time.weekday]), \(time.day) \(months[time.month - 1]) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) \(sign)\(two(offset / 60))\(two(offset % 60))"
    }
}

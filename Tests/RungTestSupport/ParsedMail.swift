import Foundation

/// An email message as Python's `email` package (Debian's `/usr/bin/python3`, policy
/// `default`) reads it: an independent parser, so a test checks what a mail client
/// would see rather than what the code under test meant to write.
public struct ParsedMail: Decodable, Sendable {
    /// The headers of a prompt Rung mails, in the order it writes them.
    public static let rungHeaders = [
        "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Auto-Submitted", "X-Rung-Occurrence",
    ]

    /// Every header field in order, as (name, decoded value).
    public var headers: [[String]]
    /// Everything the parser found wrong, in the message or in any header.
    public var defects: [String]
    /// The `Date:` header as seconds since the epoch, and its offset from UTC in seconds.
    public var dateSeconds: Double?
    public var dateOffset: Int?
    /// `text/plain`, say.
    public var contentType: String
    public var charset: String?
    /// The body, transfer encoding and charset undone; its lines end as the message's do.
    public var body: String?

    /// The header names, in order.
    public var headerNames: [String] { headers.map { $0[0] } }

    /// The decoded value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }

    static let script = #"""
        import base64, email.parser, email.policy, json, sys

        parsed = []
        for raw in json.load(sys.stdin):
            message = email.parser.BytesParser(policy=email.policy.default).parsebytes(base64.b64decode(raw))
            defects = [repr(defect) for defect in message.defects]
            headers = []
            for name, value in message.items():
                defects += ["%s: %r" % (name, defect) for defect in value.defects]
                headers.append([name, str(value)])
            date = message["Date"]
            moment = date.datetime if date is not None else None
            try:
                body = message.get_content()
            except Exception as error:
                body = None
                defects.append("body: %r" % error)
            parsed.append({
                "headers": headers,
                "defects": defects,
                "dateSeconds": moment.timestamp() if moment and moment.tzinfo else None,
                "dateOffset": int(moment.utcoffset().total_seconds()) if moment and moment.tzinfo else None,
                "contentType": message.get_content_type(),
                "charset": message.get_content_charset(),
                "body": body,
            })
        json.dump(parsed, sys.stdout)
        """#

    /// Parses every message in one run of Python.
    public static func parse(_ messages: [Data]) async throws -> [ParsedMail] {
        let input = String(decoding: try JSONEncoder().encode(messages.map { $0.base64EncodedString() }), as: UTF8.self)
        let result = try await ProcessRunner.runDetached("/usr/bin/python3", ["-c", script], input: input)
        guard result.status == 0 else {
            throw ParsedMailError(description: "python's email parser failed (\(result.status)): \(result.stderr)")
        }
        return try JSONDecoder().decode([ParsedMail].self, from: Data(result.stdout.utf8))
    }

    /// Parses one message.
    public static func parse(_ message: Data) async throws -> ParsedMail {
        try await parse([message])[0]
    }
}

/// Why Python could not parse the messages given.
public struct ParsedMailError: Error, CustomStringConvertible {
    public let description: String
}

import ArgumentParser
import RungCore
import RungTime

/// A time span given on the command line for a snooze or a pause: systemd's syntax, at
/// least a second and at most `limit`, sent to rungd as whole seconds.
enum SpanArgument {
    /// The whole seconds `text` spans; a `ValidationError` naming `text` when it does not
    /// parse or lies outside a second to `limit` (`what` says what lasts: "A pause").
    static func seconds(_ text: String, atMost limit: TimeSpan, what: String, note: String = "") throws -> Int64 {
        let span: TimeSpan
        do {
            span = try TimeSpan(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
        let second = TimeSpan(microseconds: TimeSpanUnit.second)
        guard span >= second, span <= limit else {
            throw ValidationError("\(what) lasts at least a second and at most \(limit), not '\(text)'.\(note)")
        }
        return Int64(span.microseconds / second.microseconds)
    }
}

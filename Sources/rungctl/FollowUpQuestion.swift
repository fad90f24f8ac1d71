import Foundation
import RungCore
#if canImport(Glibc)
import Glibc
import RungReport
#endif

/// The one follow-up question a vague entry or praise-only feedback gets (`TextReview`),
/// asked only when a person is at a terminal: a script's input is never waited for.
enum FollowUpQuestion {
    /// Whether standard input is a terminal a person can answer at.
    static var personAtTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks `review`'s question once, on standard error, and returns the answer; nil when
    /// there is nothing to ask, nobody at a terminal to ask, or no answer (an empty line or
    /// end of input keeps the entry as it was given).
    static func answer(to review: TextReview) -> String? {
        guard case .askOnce(let question) = review, personAtTerminal else { return nil }
        FileHandle.standardError.write(Data((TerminalStyle.escaped(question) + "\n> ").utf8))
        guard let line = TerminalInput.line()?.trimmingCharacters(in: .whitespaces), !line.isEmpty else { return nil }
        return line
    }
}

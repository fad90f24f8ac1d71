import Foundation

extension RungdHarness {
    /// Why rungd ended, in a line: the runtime's fatal error or crash line from its log, or
    /// the end of the log.
    var crashSummary: String {
        let lines = stderr.split(separator: "\n")
        let cause = lines.last { $0.contains("Fatal error") } ?? lines.last { $0.contains("crashed") || $0.contains("error:") }
        return String(cause ?? lines.last ?? "no log").trimmingCharacters(in: .whitespaces).prefix(300).description
    }
}

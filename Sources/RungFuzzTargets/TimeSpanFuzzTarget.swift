import RungCore
import RungTime

extension FuzzTarget {
    /// Time spans, plain and signed: a parsed one prints a normalized form that parses to
    /// the same span.
    static let timeSpan = FuzzTarget(name: "timespan") { input throws(FuzzFailure) in
        let source = text(input)
        if let span = try? TimeSpan(parsing: source) {
            let again = try? TimeSpan(parsing: span.normalized)
            if again != span { throw FuzzFailure("'\(source)' → '\(span.normalized)' → \(again.map { "\($0.microseconds)us" } ?? "rejected")") }
        }
        if let span = try? SignedTimeSpan(parsing: source) {
            let again = try? SignedTimeSpan(parsing: span.normalized)
            if again != span { throw FuzzFailure("signed '\(source)' → '\(span.normalized)' → \(again.map { "\($0.microseconds)us" } ?? "rejected")") }
        }
    }
}

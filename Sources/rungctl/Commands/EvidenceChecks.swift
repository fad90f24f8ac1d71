import ArgumentParser
import RungCore
import RungTime

/// `--at` on the evidence commands: when an entry happened, never later than now.
enum EvidenceDate {
    /// What `--at` accepts, for help texts.
    static let accepted = "an ISO 8601 date (2024-05-01, local midnight) or a date-time with offset (2024-05-01T09:30:00+02:00, 2024-05-01T07:30Z), not in the future"

    /// Refuses an instant after `now`: evidence is of what has already happened.
    static func checkPast(_ at: Instant?, now: Instant) throws {
        guard let at, at > now else { return }
        throw ValidationError("--at \(StoreAccess.localMinute(at)) is in the future; evidence is of what already happened (give a date or time up to now)")
    }
}

/// The length limits of `TextLimits` for the words of an entry, as usage errors (exit 64)
/// before anything is opened or asked.
enum EvidenceLimits {
    /// Refuses a text or detail longer than its limit, naming the limit and the length.
    static func check(what: String?, detail: String?, textName: String = "the evidence text") throws {
        if let what, let problem = TextLimits.problem(what, field: textName, limit: TextLimits.text) {
            throw ValidationError(problem + "; say what happened in a sentence or two")
        }
        if let detail, let problem = TextLimits.problem(detail, field: "--detail", limit: TextLimits.detail) {
            throw ValidationError(problem)
        }
    }
}

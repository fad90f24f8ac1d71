import RungCore
import RungTime

extension ControlServer.Limits {
    /// The environment variable that sets `idleTimeout`, as a time span (`30s`, `500ms`);
    /// tests shorten it. Unset, the default holds.
    public static let idleTimeoutVariable = "RUNGD_CONTROL_IDLE_TIMEOUT"

    /// A value of the environment rungd cannot use; `description` names the variable.
    public struct EnvironmentError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The default limits, with `idleTimeout` from `environment` when it sets one.
    public init(environment: [String: String]) throws(EnvironmentError) {
        self.init()
        guard let text = environment[Self.idleTimeoutVariable] else { return }
        let span: TimeSpan
        do {
            span = try TimeSpan(parsing: text)
        } catch {
            throw EnvironmentError(description: "\(Self.idleTimeoutVariable): \(error)")
        }
        guard span.microseconds > 0, !span.isInfinite else {
            throw EnvironmentError(description: "\(Self.idleTimeoutVariable): '\(text)' must be a finite time span longer than 0")
        }
        idleTimeout = .microseconds(span.microseconds)
    }
}

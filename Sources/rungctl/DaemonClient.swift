import ArgumentParser
import Foundation
import RungControl

/// Talks to the running rungd over its control socket.
struct DaemonClient {
    /// Exit status when the daemon is not running, as `systemctl status` uses it.
    static let notRunningStatus: Int32 = 3

    let socketPath: String
    private let client: VarlinkClient

    /// The rungd of this user, or nil when none listens. A socket that accepts nothing
    /// within `timeout`, or that another user serves, is printed as an error and exits 1:
    /// nothing is sent to it. `timeout` also bounds each reply.
    static func ifRunning(
        environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(10)
    ) throws -> DaemonClient? {
        let path = ControlSocket.defaultPath(environment: environment)
        do throws(VarlinkClient.ConnectionFailure) {
            return DaemonClient(socketPath: path, client: try VarlinkClient(path: path, timeout: timeout))
        } catch {
            switch error {
            case .notListening:
                return nil
            case .timedOut:
                TerminalOutput.writeError("rungctl: rungd does not answer: \(error); it may be overloaded or hung (see 'systemctl --user status rungd')")
            case .otherUser:
                TerminalOutput.writeError("rungctl: refusing the control socket: \(error). Someone may have taken its directory: stop rungd, remove \((path as NSString).deletingLastPathComponent), and start rungd again")
            case .failed:
                TerminalOutput.writeError("rungctl: cannot reach rungd: \(error)")
            }
            throw ExitCode.failure
        }
    }

    /// Connects, or exits with a message saying the daemon is not running (see `ifRunning`).
    static func connect(timeout: Duration = .seconds(10)) throws -> DaemonClient {
        guard let client = try ifRunning(timeout: timeout) else {
            TerminalOutput.writeError("rungctl: rungd is not running (nothing listens on \(ControlSocket.defaultPath())); start it with 'systemctl --user start rungd'")
            throw ExitCode(notRunningStatus)
        }
        return client
    }

    /// A reply read as its type, with its parameters as rungd sent them (for `--json`).
    struct Reply<Value> {
        let value: Value
        let parameters: [String: JSONValue]
    }

    /// Calls an `io.rung.Control` method; a varlink error becomes a message and exit 1.
    func call<Request: ControlRequest>(_ request: Request) throws -> Reply<Request.Reply> {
        let parameters = try Self.checked { [try client.call(VarlinkCall(request))] }[0]
        return Reply(value: try Self.read(parameters, as: Request.self), parameters: parameters)
    }

    /// Calls a method that streams its reply (with `more`) and returns every reply; a
    /// varlink error, even after some replies, becomes a message and exit 1.
    func callStreaming<Request: ControlRequest>(_ request: Request) throws -> [Reply<Request.Reply>] {
        try Self.checked { try client.callStreaming(VarlinkCall(request)) }.map { parameters in
            Reply(value: try Self.read(parameters, as: Request.self), parameters: parameters)
        }
    }

    /// The parameters of a reply as `Request.Reply`; a reply that does not fit is printed
    /// and exits 1.
    private static func read<Request: ControlRequest>(_ parameters: [String: JSONValue], as request: Request.Type) throws -> Request.Reply {
        do {
            return try JSONValue.object(parameters).decoded()
        } catch {
            TerminalOutput.writeError("rungctl: rungd's reply to \(Request.method.rawValue) is not what rungctl reads: \(error) (are rungctl and rungd the same version?)")
            throw ExitCode.failure
        }
    }

    /// The parameters of the replies `exchange` got; a failure or an error reply is printed
    /// and exits 1.
    private static func checked(_ exchange: () throws -> [VarlinkReply]) throws -> [[String: JSONValue]] {
        let replies: [VarlinkReply]
        do {
            replies = try exchange()
        } catch {
            TerminalOutput.writeError("rungctl: \(error)")
            throw ExitCode.failure
        }
        if let failed = replies.first(where: { $0.error != nil }), let error = failed.error {
            TerminalOutput.writeError("rungctl: \(Self.describe(error: error, failed.parameters ?? [:]))")
            throw ExitCode(Self.exitStatus(for: error))
        }
        return replies.map { $0.parameters ?? [:] }
    }

    /// Exit status for an answer the prompt does not offer: the command line was wrong.
    static let answerNotOfferedStatus: Int32 = 2

    /// The exit status for a control error: 2 for an answer the prompt does not offer, else 1.
    static func exitStatus(for error: String) -> Int32 {
        error == ControlInterface.ErrorName.answerNotOffered.qualifiedName ? answerNotOfferedStatus : 1
    }

    /// A person's sentence for a control error.
    static func describe(error: String, _ parameters: [String: JSONValue]) -> String {
        switch error {
        case "org.varlink.service.InvalidParameter":
            return "rungd refused the call's parameter '\(parameters["parameter"]?.string ?? "")': of the wrong type, missing, unknown or out of range (are rungctl and rungd the same version?)"
        case "org.varlink.service.MethodNotFound":
            return "rungd does not know the call \(parameters["method"]?.string ?? "") (are rungctl and rungd the same version?)"
        default:
            break
        }
        return switch ControlInterface.ErrorName.allCases.first(where: { $0.qualifiedName == error }) {
        case .occurrenceNotFound: "no prompt '\(parameters["occurrence"]?.string ?? "")' is planned or recorded (see 'rungctl upcoming' and 'rungctl status')"
        case .subjectNotFound: "no performance or ladder '\(parameters["subject"]?.string ?? "")' in the config"
        case .channelNotFound:
            "no channel '\(parameters["channel"]?.string ?? "")' in the config (it has: \((parameters["channels"].flatMap(Self.strings) ?? []).joined(separator: ", ")))"
        case .invalidRequest: parameters["reason"]?.string ?? "invalid request"
        case .configInvalid:
            "the config is invalid; rungd keeps the running one:\n" + (parameters["errors"].flatMap(Self.strings) ?? []).joined(separator: "\n")
        case .storeFailed: "the store failed: \(parameters["reason"]?.string ?? "")"
        case .replyTooLarge:
            "rungd's reply to \(parameters["method"]?.string ?? "the call") would be \(parameters["size"]?.integer ?? 0) bytes, more than the \(parameters["limit"]?.integer ?? 0) a message may have; ask for less"
        case .answerNotOffered:
            "'\(parameters["answer"]?.string ?? "")' is not an answer to prompt \(parameters["occurrence"]?.string ?? ""); it offers: \((parameters["offered"].flatMap(Self.strings) ?? []).joined(separator: ", ")) (your own words go with --note TEXT)"
        case .answerTooEarly:
            "the \(parameters["kind"]?.string ?? "prompt") \(parameters["occurrence"]?.string ?? "") asks about a performance that ends at \(parameters["ends"]?.string ?? ""); answer it after that"
        case .alreadyAnswered:
            "prompt \(parameters["occurrence"]?.string ?? "") was already answered \(Self.answerText(parameters)) at \(parameters["at"]?.string ?? "") via \(Self.route(parameters)); the first answer stands (--replace replaces it)"
        case .malformedMessage: "rungd could not read the call: \(parameters["reason"]?.string ?? "")"
        case nil: "\(error) \(parameters)"
        }
    }

    /// An answer for people: `'done'`, `'done' with the note "…"`, or `the note "…"`.
    static func answerText(_ fields: [String: JSONValue]) -> String {
        answerText(answer: fields["answer"]?.string ?? "", note: fields["note"]?.string)
    }

    static func answerText(answer: String, note: String?) -> String {
        guard let note else { return "'\(answer)'" }
        return answer == "note" ? "with the note \"\(note)\"" : "'\(answer)' with the note \"\(note)\""
    }

    /// How an answer came, for people: `rungctl`, `a button on desktop`, `hook`.
    static func route(_ fields: [String: JSONValue]) -> String {
        switch fields["via"]?.string {
        case "cli": "rungctl"
        case "button": "a button" + (fields["channel"]?.string.map { " on \($0)" } ?? "")
        case let via: (via ?? "?") + (fields["channel"]?.string.map { " (\($0))" } ?? "")
        }
    }

    static func strings(_ value: JSONValue) -> [String]? {
        guard case .array(let items) = value else { return nil }
        return items.compactMap(\.string)
    }

    /// Reply parameters as JSON text (sorted keys) for `--json`.
    static func jsonText(_ parameters: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(parameters), as: UTF8.self)) ?? "{}"
    }
}

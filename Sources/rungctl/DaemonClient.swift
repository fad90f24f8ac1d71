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
            TerminalOutput.writeError("rungctl: \(Self.describe(failed))")
            throw ExitCode(Self.exitStatus(for: error))
        }
        return replies.map { $0.parameters ?? [:] }
    }

    /// Exit status for an answer the prompt does not offer, or a rating it does not ask
    /// for: the command line was wrong.
    static let answerNotOfferedStatus: Int32 = 2

    /// The exit status for a control error: 2 for an answer or rating the prompt does not
    /// take, else 1.
    static func exitStatus(for error: String) -> Int32 {
        let wrongCommandLine = [ControlInterface.AnswerNotOffered.name, ControlInterface.RatingNotAsked.name]
        return wrongCommandLine.contains { $0.qualifiedName == error } ? answerNotOfferedStatus : 1
    }

    /// A person's sentence for an error reply.
    static func describe(_ reply: VarlinkReply) -> String {
        let error = reply.error ?? ""
        let parameters = reply.parameters ?? [:]
        switch error {
        case "org.varlink.service.InvalidParameter":
            return "rungd refused the call's parameter '\(parameters["parameter"]?.string ?? "")': of the wrong type, missing, unknown or out of range (are rungctl and rungd the same version?)"
        case "org.varlink.service.MethodNotFound":
            return "rungd does not know the call \(parameters["method"]?.string ?? "") (are rungctl and rungd the same version?)"
        default:
            break
        }
        guard let controlError = try? reply.controlError() else { return "\(error) \(parameters)" }
        return describe(controlError)
    }

    /// A person's sentence for a control error.
    static func describe(_ error: any ControlError) -> String {
        switch error {
        case let error as ControlInterface.OccurrenceNotFound:
            "no prompt '\(error.occurrence)' is planned or recorded (see 'rungctl upcoming' and 'rungctl status')"
        case let error as ControlInterface.SubjectNotFound: "no performance or ladder '\(error.subject)' in the config"
        case let error as ControlInterface.ChannelNotFound:
            "no channel '\(error.channel)' in the config (it has: \(error.channels.joined(separator: ", ")))"
        case let error as ControlInterface.InvalidRequest: error.reason
        case let error as ControlInterface.ConfigInvalid:
            "the config is invalid; rungd keeps the running one:\n" + error.errors.joined(separator: "\n")
        case let error as ControlInterface.StoreFailed: "the store failed: \(error.reason)"
        case let error as ControlInterface.ReplyTooLarge:
            "rungd's reply to \(error.method) would be \(error.size) bytes, more than the \(error.limit) a message may have; ask for less"
        case let error as ControlInterface.AnswerNotOffered:
            "'\(error.answer)' is not an answer to prompt \(error.occurrence); it offers: \(error.offered.joined(separator: ", ")) (your own words go with --note TEXT)"
        case let error as ControlInterface.AnswerTooEarly:
            "the \(error.kind) \(error.occurrence) asks about a performance that ends at \(error.ends); answer it after that"
        case let error as ControlInterface.RatingNotAsked:
            "the \(error.kind) \(error.occurrence) asks no \"did this help?\"; only a reframe takes --rating"
        case let error as ControlInterface.AlreadyAnswered:
            "prompt \(error.occurrence) was already answered \(Self.answerText(answer: error.answer, note: error.note)) at \(error.at) via \(Self.route(error)); the first answer stands (--replace replaces it)"
        case let error as ControlInterface.MalformedMessage: "rungd could not read the call: \(error.reason)"
        default: "\(type(of: error).name.qualifiedName) \(error)"
        }
    }

    /// An answer for people: `'done'`, `'done' with the note "…"`, or `the note "…"`.
    static func answerText(answer: String, note: String?) -> String {
        guard let note else { return "'\(answer)'" }
        return answer == "note" ? "with the note \"\(note)\"" : "'\(answer)' with the note \"\(note)\""
    }

    /// How an answer came, for people: `rungctl`, `a button on desktop`, `hook`.
    static func route(_ answered: ControlInterface.AlreadyAnswered) -> String {
        switch answered.via {
        case "cli": "rungctl"
        case "button": "a button" + (answered.channel.map { " on \($0)" } ?? "")
        case let via: via + (answered.channel.map { " (\($0))" } ?? "")
        }
    }

    /// Reply parameters as JSON text (sorted keys) for `--json`.
    static func jsonText(_ parameters: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(parameters), as: UTF8.self)) ?? "{}"
    }
}

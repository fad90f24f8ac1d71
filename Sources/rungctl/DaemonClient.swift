import ArgumentParser
import Foundation
import RungControl
import RungDaemon
import RungStore
import RungTime

/// Talks to the running rungd over its control socket.
struct DaemonClient {
    /// Exit status when the daemon is not running, as `systemctl status` uses it.
    static let notRunningStatus = ExitStatus.notRunning

    /// Where calls go: rungd's control socket, or (`offline`) the store itself.
    private enum Transport {
        case socket(path: String, client: VarlinkClient)
        case offline(VarlinkService)
    }

    private let transport: Transport

    /// Whether calls are answered from the store because rungd is not running.
    var isOffline: Bool {
        if case .offline = transport { return true }
        return false
    }

    /// The rungd of this user, or nil when none listens. A socket that accepts nothing
    /// within `timeout`, or that another user serves, is printed as an error and exits 1:
    /// nothing is sent to it. `timeout` also bounds each reply.
    static func ifRunning(
        environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(10)
    ) throws -> DaemonClient? {
        let path = ControlSocket.defaultPath(environment: environment)
        do throws(VarlinkClient.ConnectionFailure) {
            return DaemonClient(transport: .socket(path: path, client: try VarlinkClient(path: path, timeout: timeout)))
        } catch {
            switch error {
            case .notListening:
                return nil
            case .timedOut:
                TerminalOutput.error("rungd does not answer: \(error); it may be overloaded or hung (see 'systemctl --user status rungd')")
            case .otherUser:
                TerminalOutput.error("refusing the control socket: \(error). Someone may have taken its directory: stop rungd, remove \((path as NSString).deletingLastPathComponent), and start rungd again")
            case .failed:
                TerminalOutput.error("cannot reach rungd: \(error)")
            }
            throw ExitCode.failure
        }
    }

    /// Connects, or exits with a message saying the daemon is not running (see `ifRunning`).
    static func connect(timeout: Duration = .seconds(10)) throws -> DaemonClient {
        guard let client = try ifRunning(timeout: timeout) else {
            TerminalOutput.error("rungd is not running (nothing listens on \(ControlSocket.defaultPath())); start it with 'systemctl --user start rungd'")
            throw ExitCode(notRunningStatus)
        }
        return client
    }

    /// The running rungd, or, when none runs, the store and the config it would use: the
    /// calls `OfflineControl` answers (snooze, pause, resume) then follow rungd's rules in
    /// this process, and rungd honours what they wrote when it starts. A config with errors
    /// cannot be planned from: it is named and the command exits 1.
    static func connectOrOffline() throws -> DaemonClient {
        if let client = try ifRunning() { return client }
        let options = try ConfigOptions.parse([])
        let path = options.resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard FileManager.default.fileExists(atPath: path) else {
            TerminalOutput.error("rungd is not running, and there is no config at \(path) to find the prompts in; start rungd with 'systemctl --user start rungd'")
            throw ExitCode(notRunningStatus)
        }
        let checked = try options.checkedConfig(now: Instant.now(), defines: "the performances and ladders")
        let store = try StoreAccess.open(StoreOptions.parse([]))
        do {
            let service = try OfflineControl.service(
                config: checked.config, configPath: checked.path, store: store, systemZone: checked.systemZone)
            return DaemonClient(transport: .offline(service))
        } catch {
            TerminalOutput.error("cannot read the store \(store.path): \(TerminalOutput.describe(error))")
            throw ExitCode.failure
        }
    }

    /// How a command's text for people ends when rungd did not answer it.
    var offlineNote: String {
        isOffline ? " (rungd is not running: this is in the store, and rungd honours it when it starts)" : ""
    }

    /// A reply read as its type, with its parameters as rungd sent them (for `--json`).
    struct Reply<Value> {
        let value: Value
        let parameters: [String: JSONValue]
    }

    /// Calls an `io.rung.Control` method; a varlink error becomes a message and exit 1.
    func call<Request: ControlRequest>(_ request: Request) throws -> Reply<Request.Reply> {
        let parameters = try Self.checked { try exchange(VarlinkCall(request), streaming: false) }[0]
        return Reply(value: try Self.read(parameters, as: Request.self), parameters: parameters)
    }

    /// Calls a method that streams its reply (with `more`) and returns every reply; a
    /// varlink error, even after some replies, becomes a message and exit 1.
    func callStreaming<Request: ControlRequest>(_ request: Request) throws -> [Reply<Request.Reply>] {
        try Self.checked { try exchange(VarlinkCall(request), streaming: true) }.map { parameters in
            Reply(value: try Self.read(parameters, as: Request.self), parameters: parameters)
        }
    }

    /// The replies to `call` from the transport.
    private func exchange(_ call: VarlinkCall, streaming: Bool) throws -> [VarlinkReply] {
        switch transport {
        case .socket(_, let client):
            return streaming ? try client.callStreaming(call) : [try client.call(call)]
        case .offline(let service):
            return Blocking.wait { await service.replies(to: call) }
        }
    }

    /// The parameters of a reply as `Request.Reply`; a reply that does not fit is printed
    /// and exits 1.
    private static func read<Request: ControlRequest>(_ parameters: [String: JSONValue], as request: Request.Type) throws -> Request.Reply {
        do {
            return try JSONValue.object(parameters).decoded()
        } catch {
            TerminalOutput.error("rungd's reply to \(Request.method.rawValue) is not what rungctl reads: \(error) (are rungctl and rungd the same version?)")
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
            TerminalOutput.error("\(error)")
            throw ExitCode.failure
        }
        if let failed = replies.first(where: { $0.error != nil }), let error = failed.error {
            try Self.report(Self.describe(failed), error: error)
        }
        return replies.map { $0.parameters ?? [:] }
    }

    /// The control errors that mean the command line was wrong: an id, subject, channel,
    /// answer or rating that does not fit.
    static let usageErrors: Set<String> = Set([
        ControlInterface.AnswerNotOffered.name, ControlInterface.RatingNotAsked.name, ControlInterface.OccurrenceNotFound.name,
        ControlInterface.SubjectNotFound.name, ControlInterface.ChannelNotFound.name,
    ].map(\.qualifiedName))

    /// Reports a refusal: a usage error (exit 64, with the command's usage) when the command
    /// line was wrong, else `rungctl: error: …` and exit 1.
    static func report(_ message: String, error: String) throws -> Never {
        if usageErrors.contains(error) { throw ValidationError(message) }
        TerminalOutput.error(message)
        throw ExitCode(ExitStatus.failure)
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
        guard let controlError = try? reply.controlError() else {
            let reason = parameters["reason"]?.string.map { ": \($0)" } ?? ""
            return "rungd refused the call with \(error)\(reason) (are rungctl and rungd the same version?)"
        }
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
        case let error as ControlInterface.InvalidRequest:
            // A refusal naming when the prompt expires says it as a time for people.
            error.expires.map { error.reason.replacingOccurrences(of: $0, with: PersonTime.text(iso: $0)) } ?? error.reason
        case let error as ControlInterface.ConfigInvalid:
            "the config is invalid; rungd keeps the running one:\n" + error.errors.joined(separator: "\n")
        case let error as ControlInterface.StoreFailed: "the store failed: \(error.reason)"
        case let error as ControlInterface.ReplyTooLarge:
            "rungd's reply to \(error.method) would be \(error.size) bytes, more than the \(error.limit) a message may have; ask for less"
        case let error as ControlInterface.AnswerNotOffered:
            "'\(error.answer)' is not an answer to prompt \(error.occurrence); it offers: \(error.offered.joined(separator: ", ")) (your own words go with --note TEXT)"
        case let error as ControlInterface.AnswerTooEarly:
            "the \(error.kind) \(error.occurrence) asks about a performance that ends at \(PersonTime.text(iso: error.ends)); answer it after that"
        case let error as ControlInterface.RatingNotAsked:
            "the \(error.kind) \(error.occurrence) asks no \"did this help?\"; only a reframe takes --rating"
        case let error as ControlInterface.AlreadyAnswered:
            "prompt \(error.occurrence) was already answered \(Self.answerText(answer: error.answer, note: error.note)) at \(PersonTime.text(iso: error.at)) via \(Self.route(error)); the first answer stands (--replace replaces it)"
        case let error as ControlInterface.MalformedMessage: "rungd could not read the call: \(error.reason)"
        default: "rungd refused the call with \(type(of: error).name.qualifiedName) (are rungctl and rungd the same version?)"
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


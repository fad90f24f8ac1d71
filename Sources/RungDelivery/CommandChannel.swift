import Foundation
import RungCore
import RungTime

/// Delivers a prompt by running a command hook — the way to phones, chat and anything else.
/// The hook is an argv, never a shell string; it reads the prompt as JSON on its standard
/// input and has `timeout` from its start to finish. Exit 0 is delivered, 75
/// (`EX_TEMPFAIL`) is worth retrying, anything else falls back to the next channel. A hook
/// that hangs is killed with its process group and what it started in sessions of its own:
/// it runs in a session of its own (see `ChannelProcess`).
public struct CommandChannel: DeliveryChannel {
    public let name: String
    public let argv: [String]
    public let timeout: Duration

    public init(name: String, argv: [String], timeout: Duration) {
        precondition(!argv.isEmpty, "a command channel needs an argv; config validation guarantees one")
        self.name = name
        self.argv = argv
        self.timeout = timeout
    }

    public func deliver(_ message: PromptMessage) async -> DeliveryOutcome {
        let payload: String
        do {
            payload = try Self.payload(for: message)
        } catch {
            return .failed(reason: "cannot encode the prompt: \(error)", retryable: false)
        }
        let process = ChannelProcess(argv: argv, timeout: timeout)
        return process.outcome(of: await process.run(input: Array(payload.utf8)), delivered: "exit status 0")
    }

    /// The JSON a hook reads on its standard input.
    static func payload(for message: PromptMessage) throws -> String {
        struct Payload: Encodable {
            struct Action: Encodable {
                var id: String
                var label: String
            }
            var occurrence_id: String
            var kind: String
            var subject: String
            var title: String
            var body: String
            var due: String
            var expires: String
            var actions: [Action]
            var answer_with: String
        }
        let payload = Payload(
            occurrence_id: message.occurrenceID, kind: message.kind, subject: message.subject,
            title: message.title, body: message.body,
            due: TimestampFormat.iso8601(message.due, in: .utc),
            expires: TimestampFormat.iso8601(message.expires, in: .utc),
            actions: message.actions.map { Payload.Action(id: $0.id, label: $0.label) },
            answer_with: message.answerHint)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(payload), as: UTF8.self) + "\n"
    }
}

import Foundation
import Glibc
import RungCore
import Subprocess
import SystemPackage

/// Delivers a prompt by running a command hook — the way to phones, chat and anything
/// else. The hook is an argv, never a shell string; it reads the prompt as JSON on its
/// standard input and has `timeout` to finish. Exit 0 is delivered, 75 (`EX_TEMPFAIL`) is
/// worth retrying, anything else falls back to the next channel. A hook that hangs is
/// killed with everything it started: it runs in a session of its own.
public struct CommandChannel: DeliveryChannel {
    public let name: String
    public let argv: [String]
    public let timeout: Duration

    /// `sysexits.h`: a temporary failure, try again later.
    static let temporaryFailureStatus: Int32 = 75
    /// How much of the hook's standard error a failure reason quotes.
    static let reasonLimit = 512

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
        let (argv, timeout) = (argv, timeout)
        return await withTaskGroup(of: DeliveryOutcome?.self) { group in
            group.addTask {
                do {
                    let input = try Self.inputFile(containing: payload)
                    let result = try await Subprocess.run(
                        Self.executable(argv[0]), arguments: Arguments(Array(argv.dropFirst())),
                        platformOptions: Self.platformOptions,
                        input: .fileDescriptor(input, closeAfterSpawningProcess: true),
                        output: .discarded, error: .string(limit: 64 * 1024))
                    return Self.outcome(of: result.terminationStatus, standardError: result.standardError)
                } catch is CancellationError {
                    return nil
                } catch {
                    return .failed(reason: "cannot run \(argv[0]): \(error)", retryable: false)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failed(reason: "timed out after \(timeout) and was killed", retryable: false)
            }
            var outcome: DeliveryOutcome?
            while outcome == nil, let next = await group.next() {
                outcome = next
            }
            group.cancelAll()
            return outcome ?? .failed(reason: "cancelled", retryable: true)
        }
    }

    /// The prompt in an unlinked temporary file, read from its start. A file rather than
    /// a pipe: a hook that exits without reading its input then costs nothing (no
    /// SIGPIPE, no half-written pipe), and the input never outlives the hook.
    static func inputFile(containing text: String) throws -> FileDescriptor {
        var template = Array((FileManager.default.temporaryDirectory.path + "/rung-prompt-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw Errno(rawValue: errno) }
        unlink(template)
        let file = FileDescriptor(rawValue: descriptor)
        do {
            _ = try file.writeAll(Array(text.utf8))
            _ = try file.seek(offset: 0, from: .start)
        } catch {
            try? file.close()
            throw error
        }
        return file
    }

    /// A path when the name has a '/', else a name looked up in `$PATH`.
    static func executable(_ name: String) -> Executable {
        name.contains("/") ? .path(FilePath(name)) : .name(name)
    }

    /// The hook gets a session of its own, so a timeout stops it and all it started.
    static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(1))]
        return options
    }

    static func outcome(of status: TerminationStatus, standardError: String) -> DeliveryOutcome {
        let said = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        let quote = said.isEmpty ? "" : ": " + String(said.suffix(reasonLimit))
        switch status {
        case .exited(0):
            return .delivered(detail: "exit status 0")
        case .exited(temporaryFailureStatus):
            return .failed(reason: "exit status 75 (temporary failure)\(quote)", retryable: true)
        case .exited(let code):
            return .failed(reason: "exit status \(code)\(quote)", retryable: false)
        case .signaled(let signal):
            return .failed(reason: "killed by signal \(signal)\(quote)", retryable: false)
        }
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

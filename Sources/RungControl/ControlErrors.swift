/// The parameters of each `io.rung.Control` error, as types both sides share: the daemon
/// writes them, rungctl reads them to tell a person what went wrong, so a key is spelled
/// once. `ControlInterface.description` declares the same fields (a test holds them
/// together); an optional that is nil is left out of the message.
public protocol ControlError: Codable, Sendable, Equatable {
    static var name: ControlInterface.ErrorName { get }
}

extension ControlInterface {
    /// No prompt of that id is planned or recorded.
    public struct OccurrenceNotFound: ControlError {
        public static let name = ErrorName.occurrenceNotFound
        public var occurrence: String

        public init(occurrence: String) { self.occurrence = occurrence }
    }

    /// No performance or ladder of that name in the config.
    public struct SubjectNotFound: ControlError {
        public static let name = ErrorName.subjectNotFound
        public var subject: String

        public init(subject: String) { self.subject = subject }
    }

    /// No channel of that name in the config; `channels` are the ones it has.
    public struct ChannelNotFound: ControlError {
        public static let name = ErrorName.channelNotFound
        public var channel: String
        public var channels: [String]

        public init(channel: String, channels: [String]) {
            self.channel = channel
            self.channels = channels
        }
    }

    /// A call the daemon cannot carry out as asked, with the reason for a person; a snooze
    /// that would end after its prompt expires also says when that is.
    public struct InvalidRequest: ControlError {
        public static let name = ErrorName.invalidRequest
        public var reason: String
        public var expires: String?

        public init(reason: String, expires: String? = nil) {
            self.reason = reason
            self.expires = expires
        }
    }

    /// A config that does not load, each of its problems as `file:line:column` text.
    public struct ConfigInvalid: ControlError {
        public static let name = ErrorName.configInvalid
        public var errors: [String]

        public init(errors: [String]) { self.errors = errors }
    }

    /// The store could not be read or written.
    public struct StoreFailed: ControlError {
        public static let name = ErrorName.storeFailed
        public var reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// A message the daemon could not read as a varlink call.
    public struct MalformedMessage: ControlError {
        public static let name = ErrorName.malformedMessage
        public var reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// A reply to `method` of `size` bytes, longer than the `limit` a message may have.
    public struct ReplyTooLarge: ControlError {
        public static let name = ErrorName.replyTooLarge
        public var method: String
        public var size: Int64
        public var limit: Int64

        public init(method: String, size: Int64, limit: Int64) {
            self.method = method
            self.size = size
            self.limit = limit
        }
    }

    /// An answer the prompt does not offer; `offered` are the ones it does.
    public struct AnswerNotOffered: ControlError {
        public static let name = ErrorName.answerNotOffered
        public var occurrence: String
        public var answer: String
        public var offered: [String]

        public init(occurrence: String, answer: String, offered: [String]) {
            self.occurrence = occurrence
            self.answer = answer
            self.offered = offered
        }
    }

    /// An answer about a performance that has not ended yet: it `ends` then.
    public struct AnswerTooEarly: ControlError {
        public static let name = ErrorName.answerTooEarly
        public var occurrence: String
        public var kind: String
        public var ends: String

        public init(occurrence: String, kind: String, ends: String) {
            self.occurrence = occurrence
            self.kind = kind
            self.ends = ends
        }
    }

    /// A rating given to a prompt of `kind`, which asks no "did this help?" (only a reframe does).
    public struct RatingNotAsked: ControlError {
        public static let name = ErrorName.ratingNotAsked
        public var occurrence: String
        public var kind: String

        public init(occurrence: String, kind: String) {
            self.occurrence = occurrence
            self.kind = kind
        }
    }

    /// The answer that stands, refusing a second one: `via` is `cli`, `button` or `hook`,
    /// `channel` the channel that carried it, `at` an instant.
    public struct AlreadyAnswered: ControlError {
        public static let name = ErrorName.alreadyAnswered
        public var occurrence: String
        public var answer: String
        public var note: String?
        public var via: String
        public var channel: String?
        public var at: String

        public init(occurrence: String, answer: String, note: String?, via: String, channel: String?, at: String) {
            self.occurrence = occurrence
            self.answer = answer
            self.note = note
            self.via = via
            self.channel = channel
            self.at = at
        }
    }

    /// The parameters type of each error, for checks that walk the whole interface and for
    /// reading an error reply.
    public static let errorTypes: [ErrorName: any ControlError.Type] = [
        .occurrenceNotFound: OccurrenceNotFound.self, .subjectNotFound: SubjectNotFound.self, .channelNotFound: ChannelNotFound.self,
        .invalidRequest: InvalidRequest.self, .configInvalid: ConfigInvalid.self, .storeFailed: StoreFailed.self,
        .malformedMessage: MalformedMessage.self, .replyTooLarge: ReplyTooLarge.self, .answerNotOffered: AnswerNotOffered.self,
        .answerTooEarly: AnswerTooEarly.self, .alreadyAnswered: AlreadyAnswered.self, .ratingNotAsked: RatingNotAsked.self,
    ]
}

extension VarlinkReply {
    /// An `io.rung.Control` error with `error`'s fields as its parameters. They hold
    /// strings, 64-bit integers and lists of strings, which always encode.
    public static func control(_ error: some ControlError) -> VarlinkReply {
        var reply = VarlinkReply(error)
        reply.error = type(of: error).name.qualifiedName
        return reply
    }

    /// The `io.rung.Control` error this reply is, with its parameters read as its type;
    /// nil for a reply that is no such error. Parameters that do not fit the type throw.
    public func controlError() throws -> (any ControlError)? {
        guard let error, let name = ControlInterface.ErrorName.allCases.first(where: { $0.qualifiedName == error }),
            let type = ControlInterface.errorTypes[name]
        else { return nil }
        return try decoded(type)
    }
}

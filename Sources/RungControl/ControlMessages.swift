/// The parameters of each `io.rung.Control` call and of its reply, as types both sides
/// share: the daemon reads the first and writes the second, rungctl the other way round,
/// so a key is spelled once. `ControlInterface.description` declares the same fields
/// (a test holds them together); an optional that is nil is left out of the message.
public protocol ControlRequest: Codable, Sendable, Equatable {
    associatedtype Reply: Codable, Sendable
    static var method: ControlInterface.Method { get }
}

extension ControlInterface {
    /// One planned prompt, as `Status` and `Upcoming` list it.
    public struct Occurrence: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var subject: String
        public var title: String
        public var renudge: Bool
        public var scheduled: String
        public var due: String
        public var expires: String
        public var channels: [String]
        public var state: String
        /// In `Upcoming`: why a vicarious prompt will not be sent when it falls due, as the
        /// store reads now (its rung was tried with enough confidence); nil when it will be.
        public var skip: String?
        /// For a rehearsal: the performance it prepares for, how many days before, and the
        /// rung it is at, e.g. `10 days before Conference talk: rung 2, Team demo (medium stakes)`.
        public var rehearsal: String?

        public init(
            id: String, kind: String, subject: String, title: String, renudge: Bool, scheduled: String, due: String,
            expires: String, channels: [String], state: String, skip: String? = nil, rehearsal: String? = nil
        ) {
            self.id = id
            self.kind = kind
            self.subject = subject
            self.title = title
            self.renudge = renudge
            self.scheduled = scheduled
            self.due = due
            self.expires = expires
            self.channels = channels
            self.state = state
            self.skip = skip
            self.rehearsal = rehearsal
        }
    }

    /// A pause in force: of one subject, or of everything (no subject); until resumed (no until).
    public struct ActivePause: Codable, Sendable, Equatable {
        public var subject: String?
        public var until: String?

        public init(subject: String?, until: String?) {
            self.subject = subject
            self.until = until
        }
    }

    /// A prompt every channel of its chain failed to deliver, with each channel's reason.
    public struct Failure: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var subject: String
        public var title: String
        public var due: String
        public var reasons: [String]

        public init(id: String, kind: String, subject: String, title: String, due: String, reasons: [String]) {
            self.id = id
            self.kind = kind
            self.subject = subject
            self.title = title
            self.due = due
            self.reasons = reasons
        }
    }

    /// A prompt held for a channel that cannot deliver yet, until `until`.
    public struct Waiting: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var subject: String
        public var title: String
        public var due: String
        public var channel: String
        public var until: String
        public var reason: String

        public init(id: String, kind: String, subject: String, title: String, due: String, channel: String, until: String, reason: String) {
            self.id = id
            self.kind = kind
            self.subject = subject
            self.title = title
            self.due = due
            self.channel = channel
            self.until = until
            self.reason = reason
        }
    }

    /// `Status`: the daemon's state, as `rungctl status` shows it.
    public struct StatusRequest: ControlRequest {
        public static let method = Method.status
        public init() {}

        public struct Reply: Codable, Sendable, Equatable {
            public var status: String
            public var config: String
            public var store: String
            public var configErrors: [String]
            public var next: Occurrence?
            public var delivered: Int64
            public var answered: Int64
            public var failed: Int64
            public var missed: Int64
            public var paused: Int64
            public var snoozed: [Occurrence]
            public var snoozedCount: Int64
            public var snoozedUntil: String?
            public var pauses: [ActivePause]
            public var failures: [Failure]
            public var waiting: [Waiting]
            /// The ladders whose proposal would move them, and the readiness warnings of the
            /// high-stakes performances still ahead (low stakes first).
            public var proposals: [Proposal]
            public var warnings: [String]
            public var calibration: Calibration

            enum CodingKeys: String, CodingKey {
                case status, config, store, next, delivered, answered, failed, missed, paused, snoozed, pauses, failures, waiting
                case proposals, warnings, calibration
                case configErrors = "config_errors", snoozedCount = "snoozed_count", snoozedUntil = "snoozed_until"
            }

            public init(
                status: String, config: String, store: String, configErrors: [String], next: Occurrence?, delivered: Int64,
                answered: Int64, failed: Int64, missed: Int64, paused: Int64, snoozed: [Occurrence], snoozedCount: Int64,
                snoozedUntil: String?, pauses: [ActivePause], failures: [Failure], waiting: [Waiting], proposals: [Proposal],
                warnings: [String], calibration: Calibration
            ) {
                self.status = status
                self.config = config
                self.store = store
                self.configErrors = configErrors
                self.next = next
                self.delivered = delivered
                self.answered = answered
                self.failed = failed
                self.missed = missed
                self.paused = paused
                self.snoozed = snoozed
                self.snoozedCount = snoozedCount
                self.snoozedUntil = snoozedUntil
                self.pauses = pauses
                self.failures = failures
                self.waiting = waiting
                self.proposals = proposals
                self.warnings = warnings
                self.calibration = calibration
            }
        }
    }

    /// `Upcoming`: the prompts planned for `days` days (default 7), streamed with `more`.
    public struct UpcomingRequest: ControlRequest {
        public static let method = Method.upcoming
        public var days: Int64?

        public init(days: Int64?) { self.days = days }

        public struct Reply: Codable, Sendable, Equatable {
            public var zone: String
            public var occurrences: [Occurrence]
            public var truncatedAt: String?

            enum CodingKeys: String, CodingKey {
                case zone, occurrences
                case truncatedAt = "truncated_at"
            }

            public init(zone: String, occurrences: [Occurrence], truncatedAt: String?) {
                self.zone = zone
                self.occurrences = occurrences
                self.truncatedAt = truncatedAt
            }
        }
    }

    /// `Snooze`: one occurrence, or `all`, for `seconds` or until an instant.
    public struct SnoozeRequest: ControlRequest {
        public static let method = Method.snooze
        public var occurrence: String?
        public var all: Bool?
        public var seconds: Int64?
        public var until: String?

        public init(occurrence: String? = nil, all: Bool? = nil, seconds: Int64? = nil, until: String? = nil) {
            self.occurrence = occurrence
            self.all = all
            self.seconds = seconds
            self.until = until
        }

        public struct Reply: Codable, Sendable, Equatable {
            public var all: Bool?
            public var snoozed: [String]
            public var until: String
            public var expireFirst: [String]

            enum CodingKeys: String, CodingKey {
                case all, snoozed, until
                case expireFirst = "expire_first"
            }

            public init(all: Bool?, snoozed: [String], until: String, expireFirst: [String]) {
                self.all = all
                self.snoozed = snoozed
                self.until = until
                self.expireFirst = expireFirst
            }
        }
    }

    /// `Pause`: one subject, or everything, for `seconds` or until resumed.
    public struct PauseRequest: ControlRequest {
        public static let method = Method.pause
        public var subject: String?
        public var seconds: Int64?

        public init(subject: String?, seconds: Int64?) {
            self.subject = subject
            self.seconds = seconds
        }

        public struct Reply: Codable, Sendable, Equatable {
            public var pause: ActivePause

            public init(pause: ActivePause) { self.pause = pause }
        }
    }

    /// `Resume`: the pauses of one subject, or all pauses.
    public struct ResumeRequest: ControlRequest {
        public static let method = Method.resume
        public var subject: String?

        public init(subject: String?) { self.subject = subject }

        public struct Reply: Codable, Sendable, Equatable {
            public var resumed: Int64

            public init(resumed: Int64) { self.resumed = resumed }
        }
    }

    /// `Reload`: the config read again; a bad one is refused and the running one kept.
    public struct ReloadRequest: ControlRequest {
        public static let method = Method.reload
        public init() {}

        public struct Reply: Codable, Sendable, Equatable {
            public var status: String

            public init(status: String) { self.status = status }
        }
    }

    /// `Respond`: an answer, a note or both to a prompt; the first answer stands unless `replace`.
    public struct RespondRequest: ControlRequest {
        public static let method = Method.respond
        public var occurrence: String
        public var answer: String?
        public var note: String?
        public var replace: Bool?
        /// A reframe's 0–10 "did this help?"; other prompts refuse it (`AnswerRule`).
        public var rating: Int64?

        public init(occurrence: String, answer: String?, note: String?, replace: Bool?, rating: Int64? = nil) {
            self.occurrence = occurrence
            self.answer = answer
            self.note = note
            self.replace = replace
            self.rating = rating
        }

        /// What was recorded: `answer` is `note` for a note alone; a snooze records no
        /// answer and says until when.
        public struct Reply: Codable, Sendable, Equatable {
            public var occurrence: String
            public var answer: String
            public var note: String?
            public var rating: Int64?
            public var via: String
            public var at: String
            public var snoozedUntil: String?

            enum CodingKeys: String, CodingKey {
                case occurrence, answer, note, rating, via, at
                case snoozedUntil = "snoozed_until"
            }

            public init(
                occurrence: String, answer: String, note: String?, rating: Int64? = nil, via: String, at: String, snoozedUntil: String?
            ) {
                self.occurrence = occurrence
                self.answer = answer
                self.note = note
                self.rating = rating
                self.via = via
                self.at = at
                self.snoozedUntil = snoozedUntil
            }
        }
    }

    /// `TestNotify`: a sample prompt once through a channel (default: the first of the default chain).
    public struct TestNotifyRequest: ControlRequest {
        public static let method = Method.testNotify
        public var channel: String?

        public init(channel: String?) { self.channel = channel }

        /// `outcome` is delivered, failed or unavailable; `detail` says how it was
        /// delivered, `reason` why not.
        public struct Reply: Codable, Sendable, Equatable {
            public var channel: String
            public var kind: String
            public var outcome: String
            public var detail: String?
            public var reason: String?
            public var milliseconds: Int64

            public init(channel: String, kind: String, outcome: String, detail: String?, reason: String?, milliseconds: Int64) {
                self.channel = channel
                self.kind = kind
                self.outcome = outcome
                self.detail = detail
                self.reason = reason
                self.milliseconds = milliseconds
            }
        }
    }

    /// The request type of each method, for checks that walk the whole interface.
    public static let requestTypes: [Method: any ControlRequest.Type] = [
        .status: StatusRequest.self, .upcoming: UpcomingRequest.self, .snooze: SnoozeRequest.self, .pause: PauseRequest.self,
        .resume: ResumeRequest.self, .reload: ReloadRequest.self, .respond: RespondRequest.self, .testNotify: TestNotifyRequest.self,
    ]
}

extension VarlinkCall {
    /// A call of `request`'s method with its fields as parameters.
    public init<Request: ControlRequest>(_ request: Request, more: Bool? = nil) throws {
        self.init(method: Request.method.qualifiedName, parameters: try JSONValue(encoding: request).object ?? [:], more: more)
    }

    /// The parameters as a `Request`. The interface has checked their types already; what
    /// still does not fit is refused as `InvalidParameter`, naming the parameter.
    public func request<Request: ControlRequest>(_ type: Request.Type = Request.self) throws(InvalidParameter) -> Request {
        do {
            return try JSONValue.object(parameters ?? [:]).decoded()
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context) {
            throw InvalidParameter(parameter: context.codingPath.first?.stringValue ?? "parameters")
        } catch DecodingError.keyNotFound(let key, _) {
            throw InvalidParameter(parameter: key.stringValue)
        } catch {
            throw InvalidParameter(parameter: "parameters")
        }
    }

    /// A parameter refused after the interface's own check: of the wrong type or range.
    public struct InvalidParameter: Error, Sendable, Equatable {
        public let parameter: String

        public var reply: VarlinkReply { .invalidParameter(parameter) }
    }
}

extension VarlinkReply {
    /// A reply with `reply`'s fields as its parameters. The replies of `io.rung.Control`
    /// hold strings, booleans, 64-bit integers and lists and structures of them, which
    /// always encode: one that does not is a programming error, and stops the program.
    public init(_ reply: some Encodable) {
        do {
            self.init(parameters: try JSONValue(encoding: reply).object ?? [:])
        } catch {
            preconditionFailure("a reply that cannot be encoded: \(error)")
        }
    }

    /// The parameters as `Reply`.
    public func decoded<Reply: Decodable>(_ type: Reply.Type = Reply.self) throws -> Reply {
        try JSONValue.object(parameters ?? [:]).decoded()
    }
}

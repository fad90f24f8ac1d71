import RungControl
import Testing

/// The request and reply types both sides use are the interface description's methods,
/// field for field: a field added to one and not the other fails here.
@Suite("Control messages match the interface description")
struct ControlMessageTests {
    static let definition = try! VarlinkInterfaceDefinition(parsing: ControlInterface.description)

    /// A method's parameters and replies as the description declares them.
    static func declared(_ method: ControlInterface.Method) throws -> (request: MessageShape, reply: MessageShape) {
        let declared = try #require(definition.methods[method.rawValue])
        return (MessageShape(declared.parameters, types: definition.types), MessageShape(declared.returns, types: definition.types))
    }

    static func shapes<Request: ControlRequest>(of type: Request.Type) throws -> (request: MessageShape, reply: MessageShape) {
        (try MessageShape(of: Request.self), try MessageShape(of: Request.Reply.self))
    }

    @Test("every method of the description has a request type of that method")
    func everyMethodHasTypes() {
        #expect(Set(Self.definition.methods.keys) == Set(ControlInterface.Method.allCases.map(\.rawValue)))
        for method in ControlInterface.Method.allCases {
            #expect(ControlInterface.requestTypes[method]?.method == method, "\(method)")
        }
    }

    @Test("each request and reply has the fields the description declares, optional where it is", arguments: ControlInterface.Method.allCases)
    func fieldsMatch(_ method: ControlInterface.Method) throws {
        let type = try #require(ControlInterface.requestTypes[method])
        let (request, reply) = try Self.shapes(of: type)
        let declared = try Self.declared(method)
        #expect(request == declared.request, "\(method) parameters: the type reads \(request), the description has \(declared.request)")
        #expect(reply == declared.reply, "\(method) reply: the type reads \(reply), the description has \(declared.reply)")
    }

    @Test("every error of the description has a parameters type of that error")
    func everyErrorHasAType() {
        #expect(Set(Self.definition.errors.keys) == Set(ControlInterface.ErrorName.allCases.map(\.rawValue)))
        for name in ControlInterface.ErrorName.allCases {
            #expect(ControlInterface.errorTypes[name]?.name == name, "\(name)")
        }
    }

    @Test("each error's parameters are the fields the description declares, optional where they are", arguments: ControlInterface.ErrorName.allCases)
    func errorFieldsMatch(_ name: ControlInterface.ErrorName) throws {
        let type = try #require(ControlInterface.errorTypes[name])
        let declared = MessageShape(try #require(Self.definition.errors[name.rawValue]), types: Self.definition.types)
        let read = try MessageShape(of: type)
        #expect(read == declared, "\(name): the type reads \(read), the description has \(declared)")
    }

    @Test("an error reply carries its name and fields, and reads back as the error written")
    func errorRoundTrip() throws {
        let answered = ControlInterface.AlreadyAnswered(occurrence: "3f2a", answer: "done", note: nil, via: "button", channel: "desk", at: "2027-01-01T10:00:00Z")
        let reply = VarlinkReply.control(answered)
        #expect(reply.error == "io.rung.Control.AlreadyAnswered")
        #expect(reply.parameters == [
            "occurrence": .string("3f2a"), "answer": .string("done"), "via": .string("button"), "channel": .string("desk"),
            "at": .string("2027-01-01T10:00:00Z"),
        ])
        #expect(try reply.controlError() as? ControlInterface.AlreadyAnswered == answered)
        let tooLarge = VarlinkReply.control(ControlInterface.ReplyTooLarge(method: "io.rung.Control.Upcoming", size: 2_000_000, limit: 1_048_576))
        #expect(tooLarge.parameters?["size"] == .integer(2_000_000))
        #expect(try VarlinkReply.invalidParameter("days").controlError() == nil)
        let missing = VarlinkReply.error("io.rung.Control.OccurrenceNotFound", [:])
        #expect(throws: DecodingError.self) { try missing.controlError() }
    }

    /// Upcoming's request with a field the description lacks.
    struct UpcomingWithExtraField: Decodable {
        var days: Int64?
        var zone: String?
    }

    /// Upcoming's request with days required, where the description has it optional.
    struct UpcomingWithRequiredDays: Decodable {
        var days: Int64
    }

    /// Upcoming's request with days a string.
    struct UpcomingWithTextDays: Decodable {
        var days: String?
    }

    @Test("the check sees a field on one side only, a field required on one side only, and a field of another kind")
    func checkSeesDifferences() throws {
        let declared = try Self.declared(.upcoming).request
        #expect(try MessageShape(of: ControlInterface.UpcomingRequest.self) == declared)
        #expect(try MessageShape(of: UpcomingWithExtraField.self) != declared)
        #expect(try MessageShape(of: UpcomingWithRequiredDays.self) != declared)
        #expect(try MessageShape(of: UpcomingWithTextDays.self) != declared)
        let noDays = try MessageShape(of: ControlInterface.ReloadRequest.self)
        #expect(noDays != declared)
        #expect(noDays == (try Self.declared(.reload).request))
    }

    @Test("a reply encodes with its keys as the description spells them, nil optionals left out")
    func replyEncoding() throws {
        let reply = VarlinkReply(ControlInterface.UpcomingRequest.Reply(zone: "UTC", occurrences: [], truncatedAt: nil))
        #expect(reply.parameters == ["zone": .string("UTC"), "occurrences": .array([])])
        let truncated = VarlinkReply(ControlInterface.UpcomingRequest.Reply(zone: "UTC", occurrences: [], truncatedAt: "2027-01-01T00:00:00Z"))
        #expect(truncated.parameters?["truncated_at"] == .string("2027-01-01T00:00:00Z"))
        let call = try VarlinkCall(ControlInterface.SnoozeRequest(occurrence: "x", seconds: 60))
        #expect(call.method == "io.rung.Control.Snooze")
        #expect(call.parameters == ["occurrence": .string("x"), "seconds": .integer(60)])
        #expect(try call.request(ControlInterface.SnoozeRequest.self) == ControlInterface.SnoozeRequest(occurrence: "x", seconds: 60))
    }

    @Test("a reply read back is the reply written, nested lists and optionals included")
    func roundTrip() throws {
        let occurrence = ControlInterface.Occurrence(
            id: "3f2a", kind: "debrief", subject: "performance:talk", title: "Talk", renudge: true, scheduled: "2027-01-01T10:00:00Z",
            due: "2027-01-01T10:05:00Z", expires: "2027-01-02T10:00:00Z", channels: ["desk", "mail"], state: "snoozed")
        let status = ControlInterface.StatusRequest.Reply(
            status: "running", config: "rung.toml", store: "rung.sqlite3", configErrors: ["bad"], next: occurrence, delivered: 3,
            answered: 2, failed: 1, missed: 0, paused: 0, snoozed: [occurrence, occurrence], snoozedCount: 2, snoozedUntil: nil,
            pauses: [ControlInterface.ActivePause(subject: nil, until: "2027-01-03T00:00:00Z")],
            failures: [ControlInterface.Failure(id: "9", kind: "nudge", subject: "ladder:talks", title: "Talks", due: "2027-01-01T09:00:00Z", reasons: [])],
            waiting: [], proposals: [ControlInterface.Proposal(ladder: "talks", step: "climb", toRung: 3, toTitle: "Team demo", reason: "3 of your last 4 went as planned")],
            warnings: ["Launch is high-stakes"], calibration: ControlInterface.Calibration(attempts: 4, needed: 10))
        let reply = VarlinkReply(status)
        #expect(reply.parameters?["proposals"]?.array?.first?.object?["to_rung"] == .integer(3))
        #expect(reply.parameters?["calibration"] == .object(["attempts": .integer(4), "needed": .integer(10)]))
        #expect(reply.parameters?["snoozed_until"] == nil)
        #expect(reply.parameters?["pauses"] == .array([.object(["until": .string("2027-01-03T00:00:00Z")])]))
        #expect(reply.parameters?["next"]?.object?["channels"] == .array([.string("desk"), .string("mail")]))
        #expect(try reply.decoded(ControlInterface.StatusRequest.Reply.self) == status)
    }

    @Test("parameters that do not fit the request are refused naming the parameter")
    func invalidParameter() {
        let call = VarlinkCall(method: "io.rung.Control.Respond", parameters: ["occurrence": .integer(1)])
        let wrongType = #expect(throws: VarlinkCall.InvalidParameter.self) { try call.request(ControlInterface.RespondRequest.self) }
        #expect(wrongType?.parameter == "occurrence")
        let missing = VarlinkCall(method: "io.rung.Control.Respond", parameters: [:])
        let absent = #expect(throws: VarlinkCall.InvalidParameter.self) { try missing.request(ControlInterface.RespondRequest.self) }
        #expect(absent?.parameter == "occurrence")
    }
}

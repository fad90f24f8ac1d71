import RungControl
import Testing

/// Every call to `io.rung.Control` is read strictly and checked against the interface
/// description before any handler sees it: a table of bad messages and the exact reply each
/// gets (a message that is no call at all gets `MalformedMessage` from the server instead).
@Suite("Calls checked against the interface")
struct CallCheckingTests {
    /// The service as rungd builds it, with a handler that only says it was reached.
    static let service = VarlinkService(
        vendor: "Rung", product: "rungd", version: "test", url: "https://rung.invalid/",
        interfaces: [VarlinkService.Interface(name: ControlInterface.name, description: ControlInterface.description) { _ in
            [VarlinkReply(parameters: ["handled": .bool(true)])]
        }])

    static let handled = VarlinkReply(parameters: ["handled": .bool(true)])

    /// The reply to `message` as the server gives it: `MalformedMessage` with the reason for
    /// a message that is not a call, else the service's reply.
    static func reply(to message: String) async -> VarlinkReply {
        do throws(VarlinkCall.Malformed) {
            let call = try VarlinkCall(message: Array(message.utf8))
            return await service.replies(to: call)[0]
        } catch {
            return .control(ControlInterface.MalformedMessage(reason: error.description))
        }
    }

    static func malformed(_ reason: String) -> VarlinkReply {
        .control(ControlInterface.MalformedMessage(reason: reason))
    }

    static let table: [(String, VarlinkReply)] = [
        // Wrong types: before, each fell back to a broad default.
        (#"{"method": "io.rung.Control.Pause", "parameters": {"subject": 1}}"#, .invalidParameter("subject")),
        (#"{"method": "io.rung.Control.Resume", "parameters": {"subject": true}}"#, .invalidParameter("subject")),
        (#"{"method": "io.rung.Control.Pause", "parameters": {"seconds": "x"}}"#, .invalidParameter("seconds")),
        (#"{"method": "io.rung.Control.Pause", "parameters": {"seconds": 1.5}}"#, .invalidParameter("seconds")),
        (#"{"method": "io.rung.Control.Upcoming", "parameters": {"days": "x"}}"#, .invalidParameter("days")),
        (#"{"method": "io.rung.Control.Upcoming", "parameters": {"days": 1e400}}"#, malformed("invalid JSON at byte 62: the number 1e400 is out of range")),
        (#"{"method": "io.rung.Control.Snooze", "parameters": {"all": "yes", "seconds": 60}}"#, .invalidParameter("all")),
        (#"{"method": "io.rung.Control.Snooze", "parameters": {"occurrence": ["a"], "seconds": 60}}"#, .invalidParameter("occurrence")),
        (#"{"method": "io.rung.Control.Respond", "parameters": {"occurrence": "x", "replace": 1, "note": "n"}}"#, .invalidParameter("replace")),
        (#"{"method": "io.rung.Control.TestNotify", "parameters": {"channel": {}}}"#, .invalidParameter("channel")),
        // Presence: a required parameter missing.
        (#"{"method": "io.rung.Control.Respond", "parameters": {"answer": "done"}}"#, .invalidParameter("occurrence")),
        (#"{"method": "io.rung.Control.Respond"}"#, .invalidParameter("occurrence")),
        (#"{"method": "org.varlink.service.GetInterfaceDescription", "parameters": {"interface": 7}}"#, .invalidParameter("interface")),
        // Unknown names: refused, the first in name order.
        (#"{"method": "io.rung.Control.Status", "parameters": {"verbose": true}}"#, .invalidParameter("verbose")),
        (#"{"method": "io.rung.Control.Pause", "parameters": {"subjects": "a", "subject": "b", "extra": 1}}"#, .invalidParameter("extra")),
        (#"{"method": "io.rung.Control.Nope"}"#, .methodNotFound("io.rung.Control.Nope")),
        (#"{"method": "io.rung.Control.Occurrence"}"#, .methodNotFound("io.rung.Control.Occurrence")),
        (#"{"method": "io.rung.Other.Status"}"#, .interfaceNotFound("io.rung.Other")),
        // Strictness of the message itself.
        (#"{"method": "io.rung.Control.Status",}"#, malformed("invalid JSON at byte 36: a comma before '}'")),
        ("\u{FEFF}" + #"{"method": "io.rung.Control.Status"}"#, malformed("invalid JSON at byte 0: a byte order mark; JSON text has none")),
        (#"{"method": "io.rung.Control.Status", "method": "io.rung.Control.Reload"}"#, malformed(#"invalid JSON at byte 37: the key "method" appears twice"#)),
        (#"{"method": "io.rung.Control.Status", "params": {}}"#, malformed(#"unknown field "params" in a call"#)),
        (#"{"method": 1}"#, malformed(#"a call needs a string "method""#)),
        (#"{"method": "io.rung.Control.Status", "parameters": []}"#, malformed(#""parameters" must be an object"#)),
        (#"{"method": "io.rung.Control.Upcoming", "more": "yes"}"#, malformed(#""more" must be true or false"#)),
        (#"["io.rung.Control.Status"]"#, malformed("a call must be a JSON object")),
    ]

    @Test("each bad message gets its exact error reply, and no handler runs", arguments: table)
    func refused(_ message: String, _ expected: VarlinkReply) async {
        #expect(await Self.reply(to: message) == expected)
    }

    @Test("calls that match the interface reach the handler: optional parameters absent or null, ints for floats")
    func accepted() async {
        for message in [
            #"{"method": "io.rung.Control.Status"}"#,
            #"{"method": "io.rung.Control.Status", "parameters": {}}"#,
            #"{"method": "io.rung.Control.Pause", "parameters": {"subject": null, "seconds": 60}}"#,
            #"{"method": "io.rung.Control.Respond", "parameters": {"occurrence": "x", "answer": "done", "replace": false}}"#,
            #"{"method": "io.rung.Control.Upcoming", "parameters": {"days": 3}, "more": true}"#,
        ] {
            #expect(await Self.reply(to: message) == Self.handled, "\(message)")
        }
    }

    @Test("the interface description reads, with every method Swift names")
    func descriptionReads() throws {
        let definition = try VarlinkInterfaceDefinition(parsing: ControlInterface.description)
        #expect(definition.name == ControlInterface.name)
        #expect(Set(definition.methods.keys) == Set(ControlInterface.Method.allCases.map(\.rawValue)))
        #expect(definition.methods["Respond"]?.parameters.first == VarlinkField(name: "occurrence", type: .string))
        #expect(definition.types["ActivePause"] == .structure([
            VarlinkField(name: "subject", type: .optional(.string)), VarlinkField(name: "until", type: .optional(.string)),
        ]))
    }

    @Test("structures, maps, enums and named types are checked to the member")
    func nestedTypes() throws {
        let definition = try VarlinkInterfaceDefinition(parsing: """
            interface io.rung.Shapes
            type Point (x: int, y: ?float)
            method Draw(points: []Point, tags: [string]string, mode: (fill, stroke)) -> ()
            """)
        let draw = try #require(definition.methods["Draw"])
        let good: [String: JSONValue] = [
            "points": .array([.object(["x": .integer(1), "y": .double(0.5)]), .object(["x": .integer(2)])]),
            "tags": .object(["a": .string("b")]), "mode": .string("fill"),
        ]
        #expect(definition.invalidParameter(of: draw, in: good) == nil)
        var extraMember = good
        extraMember["points"] = .array([.object(["x": .integer(1), "z": .integer(0)])])
        #expect(definition.invalidParameter(of: draw, in: extraMember) == "points")
        var badTag = good
        badTag["tags"] = .object(["a": .integer(1)])
        #expect(definition.invalidParameter(of: draw, in: badTag) == "tags")
        var badMode = good
        badMode["mode"] = .string("erase")
        #expect(definition.invalidParameter(of: draw, in: badMode) == "mode")
    }

    @Test("a broken description is refused, saying where", arguments: [
        ("method Nope() -> ()", "interface description, byte 6: 'interface NAME' expected first"),
        ("interface a.b\nmethod M(x: int -> ()", "interface description, byte 30: ')' expected"),
        ("interface a.b\ntype T (a)\ntype T (b)", "interface description, byte 31: 'T' is declared twice"),
    ])
    func brokenDescription(_ text: String, _ message: String) {
        do {
            _ = try VarlinkInterfaceDefinition(parsing: text)
            Issue.record("read: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }
}

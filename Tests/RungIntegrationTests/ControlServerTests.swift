import Foundation
import Glibc
import Logging
import RungControl
import RungDaemon
import RungTestSupport
import Testing

/// A control server on a temporary socket, serving a small test interface.
struct ControlServerFixture: ~Copyable {
    let directory: URL
    let server: ControlServer

    static let testInterface = VarlinkService.Interface(
        name: "io.rung.Test",
        description: """
            # A test interface.
            interface io.rung.Test

            # Returns its input.
            method Echo(text: string) -> (text: string)

            # The numbers 0 to n - 1; called with more, streamed 100 to a reply.
            method Count(n: int) -> (numbers: []int)

            """,
        handle: { call in
            switch call.member {
            case "Echo":
                guard let text = call.parameters?["text"]?.string else { return [.invalidParameter("text")] }
                return [VarlinkReply(parameters: ["text": .string(text)])]
            case "Count":
                guard let n = call.parameters?["n"]?.integer else { return [.invalidParameter("n")] }
                // Streamed, 100 to a reply (at least one); else all in one.
                let numbers = (0..<n).map { JSONValue.integer($0) }
                let perReply = call.more == true ? 100 : max(numbers.count, 1)
                return stride(from: 0, to: max(numbers.count, 1), by: perReply).map { start in
                    VarlinkReply(parameters: ["numbers": .array(Array(numbers[start..<min(start + perReply, numbers.count)]))])
                }
            default:
                return [.methodNotFound(call.method)]
            }
        })

    /// The longest reply the fixture's server sends.
    static let maximumReplySize = 4096

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rung-control-\(UUID().uuidString)")
        let service = VarlinkService(
            vendor: "Rung", product: "rungd", version: "test", url: "https://example.invalid/rung",
            interfaces: [Self.testInterface])
        server = try ControlServer(
            path: directory.appendingPathComponent("rung/control").path, service: service,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            limits: ControlServer.Limits(maximumMessageSize: 4096, maximumReplySize: Self.maximumReplySize))
    }

    var path: String { server.path }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends raw bytes on a fresh connection and returns the first reply.
    static func rawExchange(_ bytes: [UInt8], path: String) throws -> VarlinkReply? {
        let descriptor = try UnixSocket.connect(to: path)
        defer { close(descriptor) }
        _ = UnixSocket.writeAll(bytes, to: descriptor)
        var framing = VarlinkFraming()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            if let message = try framing.append(buffer[..<count]).first {
                return try VarlinkFraming.decode(VarlinkReply.self, from: message)
            }
        }
    }
}

@Suite("Control server")
struct ControlServerTests {
    /// The server answers on the cooperative pool, which long synchronous tests elsewhere
    /// in the run may hold for a while: wait long rather than fail on a busy machine.
    static let patience = Duration.seconds(180)

    @Test("answers org.varlink.service and its own interface; unknown names get standard errors")
    func answersCalls() async throws {
        let fixture = try ControlServerFixture()
        let path = fixture.path
        try await onOwnThread {
        let client = try VarlinkClient(path: path, timeout: Self.patience)
        let info = try client.call(VarlinkCall(method: "org.varlink.service.GetInfo"))
        #expect(info.parameters?["product"] == .string("rungd"))
        #expect(info.parameters?["interfaces"] == .array([.string("org.varlink.service"), .string("io.rung.Test")]))
        let description = try client.call(VarlinkCall(method: "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("io.rung.Test")]))
        #expect(description.parameters?["description"]?.string?.hasPrefix("# A test interface.\ninterface io.rung.Test\n") == true)
        #expect(try client.call(VarlinkCall(method: "io.rung.Test.Echo", parameters: ["text": .string("héllo")])).parameters == ["text": .string("héllo")])
        #expect(try client.call(VarlinkCall(method: "io.rung.Test.Nope")).error == "org.varlink.service.MethodNotFound")
        #expect(try client.call(VarlinkCall(method: "io.rung.Missing.Echo")).error == "org.varlink.service.InterfaceNotFound")
        #expect(try client.call(VarlinkCall(method: "io.rung.Test.Echo")).error == "org.varlink.service.InvalidParameter")
        }
    }

    @Test("a call with more gets its reply streamed: each part but the last continues")
    func streams() async throws {
        let fixture = try ControlServerFixture()
        let path = fixture.path
        try await onOwnThread {
        let client = try VarlinkClient(path: path, timeout: Self.patience)
        let replies = try client.callStreaming(VarlinkCall(method: "io.rung.Test.Count", parameters: ["n": .integer(250)]))
        #expect(replies.map { $0.parameters?["numbers"]?.array?.count } == [100, 100, 50])
        #expect(replies.map(\.continues) == [true, true, nil])
        #expect(replies.flatMap { $0.parameters?["numbers"]?.array ?? [] } == (0..<250).map { .integer($0) })
        let none = try client.callStreaming(VarlinkCall(method: "io.rung.Test.Count", parameters: ["n": .integer(0)]))
        #expect(none == [VarlinkReply(parameters: ["numbers": .array([])])])
        // The same connection answers plain calls afterwards.
        #expect(try client.call(VarlinkCall(method: "io.rung.Test.Echo", parameters: ["text": .string("after")])).parameters == ["text": .string("after")])
        }
    }

    @Test("a reply longer than the limit is refused with ReplyTooLarge, and the connection keeps serving")
    func oversizedReply() async throws {
        let fixture = try ControlServerFixture()
        let path = fixture.path
        try await onOwnThread {
        let client = try VarlinkClient(path: path, timeout: Self.patience)
        let reply = try client.call(VarlinkCall(method: "io.rung.Test.Count", parameters: ["n": .integer(2000)]))
        #expect(reply.error == ControlServer.replyTooLargeError)
        #expect(reply.parameters?["method"] == .string("io.rung.Test.Count"))
        #expect(reply.parameters?["limit"] == .integer(Int64(ControlServerFixture.maximumReplySize)))
        #expect((reply.parameters?["size"]?.integer ?? 0) > Int64(ControlServerFixture.maximumReplySize))
        #expect(try client.call(VarlinkCall(method: "io.rung.Test.Echo", parameters: ["text": .string("after")])).parameters == ["text": .string("after")])
        // Streamed, the same list fits.
        let streamed = try client.callStreaming(VarlinkCall(method: "io.rung.Test.Count", parameters: ["n": .integer(2000)]))
        #expect(streamed.count == 20)
        #expect(streamed.allSatisfy { $0.error == nil })
        }
    }

    @Test("the socket's directory is 0700 and the socket 0600")
    func permissions() throws {
        let fixture = try ControlServerFixture()
        let socketMode = try #require(try FileManager.default.attributesOfItem(atPath: fixture.path)[.posixPermissions] as? Int)
        let directoryMode = try #require(try FileManager.default.attributesOfItem(atPath: (fixture.path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int)
        #expect(socketMode & 0o777 == 0o600)
        #expect(directoryMode & 0o777 == 0o700)
    }

    @Test("malformed and oversized messages get an error reply, and the server keeps serving", arguments: [
        Array("this is not json".utf8) + [0],
        Array(#"{"parameters": {}}"#.utf8) + [0],
        [UInt8](repeating: UInt8(ascii: "x"), count: 5000),
    ])
    func malformed(bytes: [UInt8]) async throws {
        let fixture = try ControlServerFixture()
        let path = fixture.path
        let reply = try await onOwnThread { try ControlServerFixture.rawExchange(bytes, path: path) }
        #expect(reply?.error == ControlServer.malformedMessageError)
        let echo = try await onOwnThread {
            try VarlinkClient(path: path, timeout: Self.patience).call(VarlinkCall(method: "io.rung.Test.Echo", parameters: ["text": .string("still here")]))
        }
        #expect(echo.parameters == ["text": .string("still here")])
    }

    @Test("an independent varlink client (python's varlink package) talks to it")
    func independentClient() async throws {
        let fixture = try ControlServerFixture()
        let script = """
            import sys, varlink
            with varlink.Client(address="unix:" + sys.argv[1]) as client:
                with client.open("io.rung.Test") as test:
                    print(test.Echo(text="from python")["text"])
                    print([len(reply["numbers"]) for reply in test.Count(n=250, _more=True)])
            """
        let result = try await ProcessRunner.runDetached("/usr/bin/env", ["python3", "-c", script, fixture.path])
        #expect(result.stderr == "")
        #expect(result.stdout == "from python\n[100, 100, 50]\n")
    }

    @Test("a connection from another user is refused even when the file modes would let it in", .enabled(if: getuid() == 0, "needs root to run a client as another user (CI runs as root)"))
    func otherUserRefused() async throws {
        let fixture = try ControlServerFixture()
        // Open the way on purpose: the peer-credential check must hold on its own.
        var directory = (fixture.path as NSString).deletingLastPathComponent
        while directory.count > 1 {
            chmod(directory, 0o755)
            if directory == fixture.directory.path { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
        chmod((fixture.path as NSString).deletingLastPathComponent, 0o777)
        chmod(fixture.path, 0o777)
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            # The server answers a stranger at once, before any call, and hangs up.
            print(s.recv(4096).rstrip(b"\\0").decode())
            print(s.recv(4096) == b"")
            """
        let result = try await ProcessRunner.runDetached("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, fixture.path])
        #expect(result.stderr == "")
        #expect(result.stdout == #"{"error":"org.varlink.service.PermissionDenied","parameters":{}}"# + "\nTrue\n")
    }
}

import RungControl
import Testing

@Suite("Varlink framing")
struct VarlinkFramingTests {
    @Test("messages split on NUL, however the bytes arrive")
    func splitsOnNul() throws {
        let call = try VarlinkFraming.encode(VarlinkCall(method: "org.varlink.service.GetInfo"))
        let stream = call + call
        for chunkSize in [1, 3, 7, stream.count] {
            var framing = VarlinkFraming()
            var messages: [[UInt8]] = []
            var start = 0
            while start < stream.count {
                let end = min(start + chunkSize, stream.count)
                messages += try framing.append(stream[start..<end])
                start = end
            }
            #expect(messages.count == 2)
            #expect(!framing.hasPartialMessage)
            let decoded = try VarlinkFraming.decode(VarlinkCall.self, from: messages[1])
            #expect(decoded.method == "org.varlink.service.GetInfo")
            #expect(decoded.interface == "org.varlink.service")
            #expect(decoded.member == "GetInfo")
        }
    }

    @Test("an oversized message is refused instead of buffered")
    func oversized() throws {
        var framing = VarlinkFraming(maximumMessageSize: 16)
        #expect(throws: VarlinkFraming.Failure.self) {
            _ = try framing.append([UInt8](repeating: UInt8(ascii: "x"), count: 17))
        }
        var exact = VarlinkFraming(maximumMessageSize: 16)
        #expect(try exact.append([UInt8](repeating: UInt8(ascii: "{"), count: 16) + [0]).count == 1)
    }

    @Test("a call encodes as varlink JSON with a trailing NUL")
    func encodesCall() throws {
        let call = VarlinkCall(method: "io.rung.Control.Snooze", parameters: ["occurrence": .string("ab12"), "seconds": .integer(900)], more: true)
        let bytes = try VarlinkFraming.encode(call)
        #expect(bytes.last == 0)
        #expect(String(decoding: bytes.dropLast(), as: UTF8.self)
            == #"{"method":"io.rung.Control.Snooze","more":true,"parameters":{"occurrence":"ab12","seconds":900}}"#)
    }

    @Test("errors carry their standard names and parameters")
    func errorReplies() throws {
        let reply = VarlinkReply.methodNotFound("io.rung.Control.Nope")
        let text = String(decoding: try VarlinkFraming.encode(reply).dropLast(), as: UTF8.self)
        #expect(text == #"{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"io.rung.Control.Nope"}}"#)
        let decoded = try VarlinkFraming.decode(VarlinkReply.self, from: Array(text.utf8))
        #expect(decoded == reply)
    }

    @Test("JSON values keep integers, floats, strings, nesting and null apart")
    func jsonValues() throws {
        let text = #"{"method":"x.Y","parameters":{"a":1,"b":1.5,"c":"s","d":[true,null],"e":{"f":-2}}}"#
        let call = try VarlinkFraming.decode(VarlinkCall.self, from: Array(text.utf8))
        #expect(call.parameters == [
            "a": .integer(1), "b": .double(1.5), "c": .string("s"),
            "d": .array([.bool(true), .null]), "e": .object(["f": .integer(-2)]),
        ])
    }
}

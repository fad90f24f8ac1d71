import RungControl

extension FuzzTarget {
    /// The varlink decoder: bytes from a peer cut into messages, each read as a call (as
    /// rungd does) and as a reply (as rungctl does).
    static let varlink = FuzzTarget(name: "varlink") { input throws(FuzzFailure) in
        var framing = VarlinkFraming(maximumMessageSize: 1 << 16)
        guard let messages = try? framing.append(input) else { return }
        for message in messages {
            if let call = try? VarlinkFraming.decode(VarlinkCall.self, from: message) {
                _ = (call.interface, call.member)
                _ = try? VarlinkFraming.encode(call)
            }
            if let reply = try? VarlinkFraming.decode(VarlinkReply.self, from: message) {
                _ = try? VarlinkFraming.encode(reply)
            }
        }
    }
}

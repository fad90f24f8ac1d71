import RungControl
@testable import RungDaemon

/// Control calls with parameters as rungctl sends them, through the interface as the
/// control server serves it: checked against the interface description, then read as the
/// method's request, so tests see what a client would, wrongly typed values included.
extension Scheduler {
    func call(_ method: ControlInterface.Method, _ parameters: [String: JSONValue], more: Bool = false) async -> [VarlinkReply] {
        let service = VarlinkService(vendor: "Rung", product: "rungd", version: "test", url: "", interfaces: [controlInterface { VarlinkReply(ControlInterface.ReloadRequest.Reply(status: "reloaded")) }])
        return await service.replies(to: VarlinkCall(method: method.qualifiedName, parameters: parameters, more: more ? true : nil))
    }

    func upcoming(_ parameters: [String: JSONValue], more: Bool) async -> [VarlinkReply] {
        await call(.upcoming, parameters, more: more)
    }

    func snooze(_ parameters: [String: JSONValue]) async -> VarlinkReply { await call(.snooze, parameters)[0] }
    func pause(_ parameters: [String: JSONValue]) async -> VarlinkReply { await call(.pause, parameters)[0] }
    func resume(_ parameters: [String: JSONValue]) async -> VarlinkReply { await call(.resume, parameters)[0] }
    func respond(_ parameters: [String: JSONValue]) async -> VarlinkReply { await call(.respond, parameters)[0] }
}

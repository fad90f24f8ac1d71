import Foundation
import Glibc
import RungCore
import RungDelivery
import RungTestSupport
import RungTime
import Testing

/// A directory of small hook scripts, removed afterwards.
final class HookDirectory {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rung-hooks-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes an executable `/bin/sh` script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

@Suite("Command channel")
struct CommandChannelTests {
    static let message = PromptMessage(
        occurrenceID: "0f3a9c2b7d4e1a55", kind: "debrief", subject: "performance:lightning-talk",
        title: "Debrief: Lightning talk", body: "How did it go?\nWhat will you keep?",
        due: Instant(seconds: 1_764_066_600), expires: Instant(seconds: 1_764_153_000),
        actions: [.init("success", "Success"), .init("partial", "Partial"), .init("miss", "Miss")])

    @Test("the hook gets the prompt as JSON on its standard input and its argv untouched by any shell")
    func deliversJSON() async throws {
        let hooks = try HookDirectory()
        let hook = try hooks.script("hook", #"printf '%s\n' "$@" > "$0.args"; cat > "$0.stdin""#)
        let channel = CommandChannel(name: "phone", argv: [hook, "a b", "$HOME", "; rm -rf /"], timeout: .seconds(30))
        let outcome = await channel.deliver(Self.message)
        #expect(outcome == .delivered(detail: "exit status 0"))
        #expect(try String(contentsOfFile: hook + ".args", encoding: .utf8) == "a b\n$HOME\n; rm -rf /\n")
        let data = try Data(contentsOf: URL(fileURLWithPath: hook + ".stdin"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["occurrence_id"] as? String == "0f3a9c2b7d4e1a55")
        #expect(json["kind"] as? String == "debrief")
        #expect(json["subject"] as? String == "performance:lightning-talk")
        #expect(json["title"] as? String == "Debrief: Lightning talk")
        #expect(json["body"] as? String == "How did it go?\nWhat will you keep?")
        #expect(json["due"] as? String == "2025-11-25T10:30:00+00:00")
        #expect(json["expires"] as? String == "2025-11-26T10:30:00+00:00")
        #expect((json["actions"] as? [[String: String]])?.map { $0["id"] } == ["success", "partial", "miss"])
        #expect(json["answer_with"] as? String == "rungctl respond 0f3a9c2b7d4e1a55 ANSWER, where ANSWER is success, partial or miss")
    }

    @Test("exit 75 is a temporary failure worth retrying; other failures fall back, quoting stderr", arguments: [
        ("echo 'queue full' >&2; exit 75", DeliveryOutcome.failed(reason: "exit status 75 (temporary failure): queue full", retryable: true)),
        ("echo 'no such chat' >&2; exit 3", .failed(reason: "exit status 3: no such chat", retryable: false)),
        ("exit 1", .failed(reason: "exit status 1", retryable: false)),
        ("kill -9 $$", .failed(reason: "killed by signal 9", retryable: false)),
    ])
    func failures(body: String, expected: DeliveryOutcome) async throws {
        let hooks = try HookDirectory()
        let channel = CommandChannel(name: "hook", argv: [try hooks.script("hook", body)], timeout: .seconds(30))
        #expect(await channel.deliver(Self.message) == expected)
    }

    @Test("a hook judged by its exit status however much it writes to stderr; a failure quotes the end of it")
    func chattyHook() async throws {
        let hooks = try HookDirectory()
        let chatty = "head -c 200000 /dev/zero | tr '\\0' 'x' >&2"
        let succeeds = CommandChannel(name: "hook", argv: [try hooks.script("ok", chatty)], timeout: .seconds(30))
        #expect(await succeeds.deliver(Self.message) == .delivered(detail: "exit status 0"))
        let fails = CommandChannel(name: "hook", argv: [try hooks.script("fails", chatty + "; echo ' the end' >&2; exit 1")], timeout: .seconds(30))
        let outcome = await fails.deliver(Self.message)
        guard case .failed(let reason, retryable: false) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.hasPrefix("exit status 1: xxx") && reason.hasSuffix("xxx the end"), "\(reason)")
        #expect(reason.count <= "exit status 1: ".count + 512)
    }

    @Test("a hook that leaves a program running in the background is done when it exits, not when that program ends")
    func backgroundProgram() async throws {
        let hooks = try HookDirectory()
        // The background program would keep a pipe on the hook's standard error open for
        // longer than the hook's timeout (generous: the machine may be busy).
        let hook = try hooks.script("bg", #"sleep 60 & echo $! > "$0.child"; exit 0"#)
        let channel = CommandChannel(name: "hook", argv: [hook], timeout: .seconds(30))
        #expect(await channel.deliver(Self.message) == .delivered(detail: "exit status 0"))
        if let child = try? String(contentsOfFile: hook + ".child", encoding: .utf8), let pid = Int32(child.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGKILL)
        }
    }

    @Test("a hook that succeeds on its second try succeeds then")
    func succeedsOnRetry() async throws {
        let hooks = try HookDirectory()
        let hook = try hooks.script("flaky", #"if [ -e "$0.tried" ]; then exit 0; fi; touch "$0.tried"; exit 75"#)
        let channel = CommandChannel(name: "hook", argv: [hook], timeout: .seconds(30))
        #expect(await channel.deliver(Self.message) == .failed(reason: "exit status 75 (temporary failure)", retryable: true))
        #expect(await channel.deliver(Self.message) == .delivered(detail: "exit status 0"))
    }

    @Test("a hook that hangs is killed at its timeout, with the processes it started")
    func hangKilled() async throws {
        let hooks = try HookDirectory()
        let hook = try hooks.script("hang", #"sleep 300 & echo $! > "$0.child"; wait"#)
        let channel = CommandChannel(name: "hook", argv: [hook], timeout: .milliseconds(500))
        let outcome = await channel.deliver(Self.message)
        #expect(outcome == .timedOut(reason: "timed out after 0.5 seconds and was killed"))
        let child = try #require(pid_t(try String(contentsOfFile: hook + ".child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The orphaned grandchild may take a moment to be reaped by init; wait for it to go.
        let gone = await eventually(timeout: .seconds(5)) { kill(child, 0) != 0 || Self.isZombie(child) }
        #expect(gone, "the hook's child \(child) outlived the timeout")
    }

    @Test("a hook that hangs is killed at its timeout with what it started in a session of its own")
    func hangKilledWithSetsidChild() async throws {
        let hooks = try HookDirectory()
        // The child writes its own pid: setsid may fork when it leads a process group.
        let hook = try hooks.script("hang", #"setsid sh -c 'echo $$ > "$1"; exec sleep 1000' sh "$0.child" & sleep 300"#)
        let channel = CommandChannel(name: "hook", argv: [hook], timeout: .milliseconds(1500))
        let outcome = await channel.deliver(Self.message)
        #expect(outcome == .timedOut(reason: "timed out after 1.5 seconds and was killed"))
        let child = try #require(pid_t(try String(contentsOfFile: hook + ".child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let gone = await eventually(timeout: .seconds(10)) { kill(child, 0) != 0 || Self.isZombie(child) }
        if !gone { kill(child, SIGKILL) }
        #expect(gone, "the hook's setsid child \(child) outlived the timeout")
    }

    @Test("a hook that cannot be started fails with the reason")
    func missingExecutable() async {
        let channel = CommandChannel(name: "hook", argv: ["/nonexistent/rung-hook"], timeout: .seconds(5))
        let outcome = await channel.deliver(Self.message)
        guard case .failed(let reason, let retryable) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("cannot run /nonexistent/rung-hook"))
        #expect(!retryable)
    }

    @Test("a process that is not a subreaper leaves its other children to their own waiter")
    func leavesOtherChildrenAlone() async throws {
        // A child of this process started by other code, ended and not yet waited for.
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup("exit 3"), nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0)
        #expect(await eventually(timeout: .seconds(20)) { Self.isZombie(pid) })
        let hooks = try HookDirectory()
        let channel = CommandChannel(name: "phone", argv: [try hooks.script("hook", "exit 0")], timeout: .seconds(30))
        #expect(await channel.deliver(Self.message) == .delivered(detail: "exit status 0"))
        // Its waiter still gets it, with its own status (reaped by the channel, it would
        // find it gone, which Foundation's Process reports as exit status 0).
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(status >> 8 & 0xff == 3)
    }

    static func isZombie(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return status.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}

import Foundation
import Glibc

/// A real SMTP server for tests: Debian's python3-aiosmtpd on 127.0.0.1, on a port the
/// kernel picks, keeping every message it accepts (envelope and raw bytes) in a directory
/// of its own. `start` returns once the server accepts connections; `stop` (or the end of
/// the test process, which closes the server's standard input) ends it.
public final class SMTPSink: @unchecked Sendable {
    // Safe: the only mutable state, `isStopped`, is touched only under `lock`, so `stop`
    // closes the server's input and ends it once.

    /// One message as the sink received it.
    public struct Mail: Sendable {
        /// The envelope sender (`MAIL FROM`).
        public var sender: String
        /// The envelope recipients (`RCPT TO`), in order.
        public var recipients: [String]
        /// The message as transferred, dot-unstuffed, lines ending in CRLF.
        public var data: Data
    }

    public let port: Int
    /// Where the sink keeps its mail, its log and any msmtp configuration made for it.
    public let directory: URL
    private let process: Process
    private let control: FileHandle
    private let lock = NSLock()
    private var isStopped = false

    /// The server: binds before it says its port, writes each message's envelope as
    /// `N.json` and then its bytes as `N.eml` (by a rename, so an `.eml` is always whole),
    /// and answers DATA with `reply` when one is given (e.g. `451 4.3.0 Try again later`),
    /// keeping nothing. It stops when its standard input closes.
    static let script = #"""
        import asyncio, json, os, socket, sys
        from aiosmtpd.smtp import SMTP

        directory, reply = sys.argv[1], sys.argv[2]

        class Handler:
            count = 0

            async def handle_DATA(self, server, session, envelope):
                if reply:
                    return reply
                Handler.count += 1
                base = os.path.join(directory, "%04d" % Handler.count)
                with open(base + ".json", "w") as f:
                    json.dump({"sender": envelope.mail_from, "recipients": envelope.rcpt_tos}, f)
                with open(base + ".part", "wb") as f:
                    f.write(envelope.original_content)
                os.rename(base + ".part", base + ".eml")
                return "250 2.0.0 Kept"

        async def main():
            loop = asyncio.get_running_loop()
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            server = await loop.create_server(lambda: SMTP(Handler(), hostname="sink.invalid"), sock=sock)
            print(sock.getsockname()[1], flush=True)
            await loop.run_in_executor(None, sys.stdin.buffer.read)
            server.close()

        asyncio.run(main())
        """#

    private init(port: Int, directory: URL, process: Process, control: FileHandle) {
        self.port = port
        self.directory = directory
        self.process = process
        self.control = control
    }

    /// Starts a sink that keeps every message, or, with `reply`, answers DATA with it.
    public static func start(replyingToData reply: String? = nil) async throws -> SMTPSink {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rung-smtp-\(UUID().uuidString)")
        let mail = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("sink.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, mail.path, reply ?? ""]
        let control = Pipe(), output = Pipe()
        process.standardInput = control
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try await process.runLockingEnvironment()
        // A server that never says its port is stopped, which ends the read below.
        let watchdog = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let line = try await onOwnThread { () -> String in
            var text = Data()
            while !text.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
            }
            return String(decoding: text, as: UTF8.self)
        }
        watchdog.cancel()
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            process.waitUntilExit()
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw SMTPSinkError(description: "the SMTP sink did not start: \(said)")
        }
        return SMTPSink(port: port, directory: directory, process: process, control: control.fileHandleForWriting)
    }

    /// Every message kept so far, in the order received.
    public var received: [Mail] {
        get throws {
            let mail = directory.appendingPathComponent("mail")
            let names = try FileManager.default.contentsOfDirectory(atPath: mail.path).filter { $0.hasSuffix(".eml") }.sorted()
            return try names.map { name in
                let base = mail.appendingPathComponent(String(name.dropLast(4)))
                let envelope = try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: base.appendingPathExtension("json")))
                return Mail(sender: envelope.sender, recipients: envelope.recipients, data: try Data(contentsOf: base.appendingPathExtension("eml")))
            }
        }
    }

    /// Waits until `count` messages have arrived (at most `timeout`), and returns them all.
    public func waitForMail(count: Int, timeout: Duration = .seconds(10)) async throws -> [Mail] {
        var mail: [Mail] = []
        guard try await eventually(timeout: timeout, { mail = try received; return mail.count >= count }) else {
            throw SMTPSinkError(description: "the SMTP sink received \(mail.count) messages, not \(count), within \(timeout)")
        }
        return mail
    }

    /// Writes an msmtp configuration that sends through this sink as `from`, without
    /// authentication or TLS, and returns its path (for `msmtp -C PATH -t`).
    public func msmtpConfiguration(from: String) throws -> String {
        let path = directory.appendingPathComponent("msmtprc-\(UUID().uuidString)").path
        let text = """
            defaults
            auth off
            tls off
            syslog off
            account default
            host 127.0.0.1
            port \(port)
            domain localhost
            from \(from)

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    /// Stops the server and removes its directory; what was received is gone afterwards.
    public func stop() {
        let wasStopped = lock.withLock {
            defer { isStopped = true }
            return isStopped
        }
        guard !wasStopped else { return }
        try? control.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        stop()
    }

    private struct Envelope: Decodable {
        var sender: String
        var recipients: [String]
    }
}

/// Why the SMTP sink could not do what a test asked.
public struct SMTPSinkError: Error, CustomStringConvertible {
    public let description: String
}

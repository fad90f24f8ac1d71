import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungDelivery
import RungTime

struct TestNotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-notify",
        abstract: "Send a sample prompt through a channel and say what happened.",
        discussion: """
            Sends one sample prompt through the channel (default: the first of the default \
            chain), once: no retry, no fallback. Says whether it was delivered, failed or \
            found the channel unavailable, why, and how long the channel took; exits 1 when \
            it was not delivered. When rungd runs, rungd sends it, so that a desktop \
            notification's buttons reach rungd as a real prompt's would. When rungd is not \
            running, or --config names a config file, rungctl sends it itself through that \
            file's channel; a desktop notification it sends stays on screen after it exits. \
            Nothing is recorded: the sample never enters your ledger or your \
            evidence.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The channel to test, as the config names it.", valueName: "name"))
    var channel: String?

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    /// How long rungd may take to answer: a channel's own time limit ends every attempt
    /// long before this.
    static let replyTimeout: Duration = .seconds(600)

    func run() async throws {
        var reply: [String: JSONValue]
        if configOptions.config == nil, let daemon = try DaemonClient.ifRunning(timeout: Self.replyTimeout) {
            reply = try daemon.call(ControlInterface.TestNotifyRequest(channel: channel)).parameters
            reply["sent_by"] = .string("rungd")
        } else {
            reply = try await sendItself()
            reply["sent_by"] = .string("rungctl")
        }
        let delivered = reply["outcome"]?.string == "delivered"
        if output.json {
            print(DaemonClient.jsonText(reply))
        } else {
            report(reply, delivered: delivered)
        }
        if !delivered { throw ExitCode.failure }
    }

    /// rungd is not running: the channel is built here from the config file.
    private func sendItself() async throws -> [String: JSONValue] {
        let loaded = try configOptions.check(now: Instant.now())
        guard let config = loaded.config else {
            for error in loaded.check.errors { StoreAccess.printError("\(error)") }
            StoreAccess.printError("rungctl: the config \(loaded.path) has errors; fix them to test a channel")
            throw ExitCode.failure
        }
        guard let name = channel ?? config.channels.first else {
            StoreAccess.printError("rungctl: the config \(loaded.path) defines no channel")
            throw ExitCode.failure
        }
        guard let definition = config.channel(name) else {
            StoreAccess.printError("rungctl: " + DaemonClient.describe(
                error: ControlInterface.ErrorName.channelNotFound.qualifiedName,
                ["channel": .string(name), "channels": .array(config.channelDefinitions.map { .string($0.name) })]))
            throw ExitCode.failure
        }
        let context = ChannelContext(environment: ProcessInfo.processInfo.environment, zone: config.timeZone ?? loaded.systemZone)
        let channel = ChannelFactory.make(definition, context: context, events: { _ in })
        let result = await TestPrompt.send(through: channel, of: definition, at: Instant.now())
        // Released, not shut down: a notification rungctl showed stays on screen after it exits.
        await channel?.release()
        let reply = ControlInterface.TestNotifyRequest.Reply(
            channel: name, kind: definition.kindName, outcome: result.outcomeName, detail: result.detail, reason: result.reason,
            milliseconds: result.milliseconds)
        return try JSONValue(encoding: reply).object ?? [:]
    }

    private func report(_ reply: [String: JSONValue], delivered: Bool) {
        let name = "'\(reply["channel"]?.string ?? "")' (\(reply["kind"]?.string ?? ""))"
        let seconds = String(format: "%.2f s", Double(reply["milliseconds"]?.integer ?? 0) / 1000)
        let sender = if reply["sent_by"]?.string == "rungd" {
            "sent by rungd"
        } else if reply["kind"]?.string == "desktop" {
            "sent by rungctl, as rungd is not running: it stays on screen until you close it or the server's timeout ends it; its buttons answer nothing"
        } else {
            "sent by rungctl, as rungd is not running: its buttons answer nothing"
        }
        if delivered {
            TerminalOutput.write("Delivered a test prompt through \(name) in \(seconds): \(reply["detail"]?.string ?? "") (\(sender)).")
        } else if reply["outcome"]?.string == "unavailable" {
            StoreAccess.printError("rungctl: \(name) cannot deliver now (\(seconds)): \(reply["reason"]?.string ?? "") (\(sender))")
        } else {
            StoreAccess.printError("rungctl: the test prompt was not delivered through \(name) after \(seconds): \(reply["reason"]?.string ?? "") (\(sender))")
        }
    }
}

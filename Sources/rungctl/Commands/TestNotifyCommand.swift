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
        let reply: ControlInterface.TestNotifyRequest.Reply
        var parameters: [String: JSONValue]
        let sentByRungd: Bool
        if configOptions.config == nil, let daemon = try DaemonClient.ifRunning(timeout: Self.replyTimeout) {
            let answer = try daemon.call(ControlInterface.TestNotifyRequest(channel: channel))
            (reply, parameters, sentByRungd) = (answer.value, answer.parameters, true)
        } else {
            reply = try await sendItself()
            (parameters, sentByRungd) = (try JSONValue(encoding: reply).object ?? [:], false)
        }
        parameters["sent_by"] = .string(sentByRungd ? "rungd" : "rungctl")
        let delivered = reply.outcome == "delivered"
        if output.json {
            print(DaemonClient.jsonText(parameters))
        } else {
            report(reply, sentByRungd: sentByRungd, delivered: delivered)
        }
        if !delivered { throw ExitCode.failure }
    }

    /// rungd is not running: the channel is built here from the config file.
    private func sendItself() async throws -> ControlInterface.TestNotifyRequest.Reply {
        let loaded = try configOptions.check(now: Instant.now())
        guard let config = loaded.config else {
            for error in loaded.check.errors { TerminalOutput.writeError("\(error)") }
            TerminalOutput.error("the config \(loaded.path) has errors; fix them to test a channel")
            throw ExitCode.failure
        }
        guard let name = channel ?? config.channels.first else {
            TerminalOutput.error("the config \(loaded.path) defines no channel")
            throw ExitCode.failure
        }
        guard let definition = config.channel(name) else {
            TerminalOutput.error("" + DaemonClient.describe(
                ControlInterface.ChannelNotFound(channel: name, channels: config.channelDefinitions.map(\.name))))
            throw ExitCode.failure
        }
        let context = ChannelContext(environment: ProcessInfo.processInfo.environment, zone: config.timeZone ?? loaded.systemZone)
        let channel = ChannelFactory.make(definition, context: context, events: { _ in })
        let result = await TestPrompt.send(through: channel, of: definition, at: Instant.now())
        // Released, not shut down: a notification rungctl showed stays on screen after it exits.
        await channel?.release()
        return ControlInterface.TestNotifyRequest.Reply(
            channel: name, kind: definition.kindName, outcome: result.outcomeName, detail: result.detail, reason: result.reason,
            milliseconds: result.milliseconds)
    }

    private func report(_ reply: ControlInterface.TestNotifyRequest.Reply, sentByRungd: Bool, delivered: Bool) {
        let name = "'\(reply.channel)' (\(reply.kind))"
        let seconds = String(format: "%.2f s", Double(reply.milliseconds) / 1000)
        let sender = if sentByRungd {
            "sent by rungd"
        } else if reply.kind == "desktop" {
            "sent by rungctl, as rungd is not running: it stays on screen until you close it or the server's timeout ends it; its buttons answer nothing"
        } else {
            "sent by rungctl, as rungd is not running: its buttons answer nothing"
        }
        if delivered {
            TerminalOutput.write("Delivered a test prompt through \(name) in \(seconds): \(reply.detail ?? "") (\(sender)).")
        } else if reply.outcome == "unavailable" {
            TerminalOutput.error("\(name) cannot deliver now (\(seconds)): \(reply.reason ?? "") (\(sender))")
        } else {
            TerminalOutput.error("the test prompt was not delivered through \(name) after \(seconds): \(reply.reason ?? "") (\(sender))")
        }
    }
}

import ArgumentParser
import RungControl

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make rungd read its config again.",
        discussion: "An invalid config is refused with every error, and rungd keeps running the previous one (exit 1)."
    )

    @OptionGroup var output: OutputOptions

    func run() throws {
        let reply = try DaemonClient.connect().call(ControlInterface.ReloadRequest())
        output.print(json: DaemonClient.jsonText(reply.parameters), text: "Reloaded. \(reply.value.status)")
    }
}


import RungCore
import RungTOML
import Testing

@Suite("the programs a config's channels run")
struct ChannelProgramTests {
    static let config = """
        [channel.phone]
        kind = "command"
        argv = ["/usr/local/bin/push-to-phone", "--topic", "rung"]

        [channel.mail]
        kind = "email"
        to = "ana@example.org"
          sendmail = ["msmtp", "-t"]

        [channel.plain]
        kind = "email"
        to = "ana@example.org"

        [channel.desk]
        kind = "desktop"

        [channel.broken]
        kind = "command"
        argv = []
        """

    @Test("each command channel's argv and email channel's mail command, at its key; the default mail command at the header")
    func programs() {
        #expect(ChannelProgram.all(in: Self.config) == [
            ChannelProgram(channel: "phone", key: "argv", program: "/usr/local/bin/push-to-phone", position: SourcePosition(line: 3, column: 1)),
            ChannelProgram(channel: "mail", key: "sendmail", program: "msmtp", position: SourcePosition(line: 8, column: 3)),
            ChannelProgram(channel: "plain", key: nil, program: "sendmail", position: SourcePosition(line: 10, column: 10)),
        ])
    }

    @Test("a program that leads to an executable is no warning; a missing or unusable one is, said for people")
    func warnings() {
        let programs = ChannelProgram.all(in: Self.config)
        #expect(programs[0].warning(path: "rung.toml", lookup: .executable) == nil)
        #expect(programs[0].warning(path: "rung.toml", lookup: .notFound)?.description
            == "rung.toml:3:1: warning: 'argv' in [channel.phone]: the program '/usr/local/bin/push-to-phone' does not exist; the channel will fail when a prompt is due")
        #expect(programs[1].warning(path: "rung.toml", lookup: .notFound)?.description
            == "rung.toml:8:3: warning: 'sendmail' in [channel.mail]: the program 'msmtp' is not found in PATH; the channel will fail when a prompt is due")
        #expect(programs[1].warning(path: "rung.toml", lookup: .notExecutable)?.description
            == "rung.toml:8:3: warning: 'sendmail' in [channel.mail]: the program 'msmtp' is not an executable file; the channel will fail when a prompt is due")
        #expect(programs[2].warning(path: "rung.toml", lookup: .notFound)?.description
            == "rung.toml:10:10: warning: [channel.plain] sends mail with the default command, and 'sendmail' is not found in PATH; install a sendmail or set 'sendmail' (e.g. [\"msmtp\", \"-t\"])")
    }

    @Test("a file that does not parse names no programs")
    func unparsable() {
        #expect(ChannelProgram.all(in: "[channel.phone\nkind = ").isEmpty)
    }
}

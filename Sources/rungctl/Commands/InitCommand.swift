import ArgumentParser
import Foundation
import RungCore
import RungDelivery
import RungReport
import RungTime

/// `rungctl init`: a first config file from a few answers, so a new user need not start
/// from the example and its Berlin time zone, unreachable phone and example address.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a first config file: one ladder, its check-in, the next performance and the channels.",
        discussion: """
            On a terminal without --skill, it asks its questions one at a time; Ctrl-C or \
            end of input writes nothing. Otherwise give the skill you want to grow \
            (--skill) and its rungs (--rung, 5 to 12, in order from just manageable to \
            genuinely challenging), each as STAKES:TITLE with STAKES low, medium or high: \
            --rung 'low:Explain the idea to a friend'. The next \
            real performance (--performance) happens once (--at '2027-03-18 19:00') or again \
            and again (--on 'Mon,Wed 09:30'), at a rung (--performance-rung, from 1). \
            Prompts go to the desktop, and by email too with --email. The file is commented, \
            checked before it is written, and written only where no config is: an existing \
            one is never replaced.
            """
    )

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("The skill the ladder trains, in your words; on a terminal, asked when left out.", valueName: "text"))
    var skill: String?

    @Option(name: .long, help: ArgumentHelp("A rung, as STAKES:TITLE; repeat it for each rung, easiest first.", valueName: "stakes:title"))
    var rung: [String] = []

    @Option(name: .long, help: ArgumentHelp("When the check-in asks whether to climb, hold or step back (a calendar expression).", valueName: "calendar"))
    var checkIn = "Sun 18:00"

    @Option(name: .long, help: ArgumentHelp("The next real performance: what it is.", valueName: "title"))
    var performance: String?

    @Option(name: .long, help: ArgumentHelp("When it happens once: 'YYYY-MM-DD HH:MM', optionally followed by a zone.", valueName: "time"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("When it happens again and again (a calendar expression).", valueName: "calendar"))
    var on: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The rung it is an attempt at, from 1.", valueName: "n"))
    var performanceRung = 1

    @Option(name: .long, help: ArgumentHelp("Send prompts by email to this address too.", valueName: "address"))
    var email: String?

    @Flag(name: .long, help: "Send no desktop notifications (needs --email).")
    var noDesktop = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = configOptions.resolvedPath(environment: environment)
        if FileManager.default.fileExists(atPath: path) {
            TerminalOutput.error("\(path) already exists, and init never replaces a config: edit it (rungctl check-config checks it), or give --config with a new path")
            throw ExitCode.failure
        }
        var answers = self
        if skill == nil {
            guard FollowUpQuestion.personAtTerminal else {
                throw ValidationError("Give the skill with --skill and the rungs with --rung: without a terminal, init takes its answers as flags.")
            }
            guard answers.converse() else {
                TerminalOutput.error("init was not finished; nothing was written")
                throw ExitCode.failure
            }
        }
        let starter = try answers.starterConfig(environment: environment)
        let text = starter.text
        let check = ConfigLoader.check(text, path: path, now: Instant.now(), systemZone: TimeZoneRules.system(environment: environment))
        if !check.errors.isEmpty {
            throw ValidationError(check.errors.map(\.message).joined(separator: "\n"))
        }
        try Self.create(path, containing: text)
        for warning in check.warnings { TerminalOutput.writeError(warning.description) }
        output.print(json: Self.json(starter, path: path), text: """
            Wrote \(path): the ladder '\(starter.ladderID)' with \(starter.rungs.count) rungs\
            \(starter.performance.map { " and the performance '\($0.id)'" } ?? "").
            Start Rung: after 'make install', systemctl --user enable --now rungd; or run rungd in a terminal.
            'rungctl upcoming' shows what comes next; 'rungctl check-config' checks the file after an edit.
            """)
    }

    /// What was written, for `--json`: `path`, `ladder`, `skill`, `check_in`, `rungs`
    /// (`rung`, `title`, `stakes`), `performance` (`id`, `title`, `rung`; null without one)
    /// and `channels`.
    static func json(_ starter: StarterConfig, path: String) -> String {
        JSONText.object([
            ("path", JSONText.string(path)), ("ladder", JSONText.string(starter.ladderID)),
            ("skill", JSONText.string(starter.skill)), ("check_in", JSONText.string(starter.checkIn)),
            ("rungs", JSONText.array(starter.rungs.enumerated().map { index, step in
                JSONText.object([("rung", "\(index + 1)"), ("title", JSONText.string(step.title)), ("stakes", JSONText.string(step.stakes.rawValue))])
            })),
            ("performance", starter.performance.map { performance in
                JSONText.object([("id", JSONText.string(performance.id)), ("title", JSONText.string(performance.title)), ("rung", "\(performance.rung)")])
            } ?? "null"),
            ("channels", JSONText.array(starter.channels.map { JSONText.string($0.name) })),
        ])
    }

    /// The answers given as flags, checked one by one so each mistake names its flag.
    func starterConfig(environment: [String: String]) throws -> StarterConfig {
        let skill = (skill ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !skill.isEmpty else { throw ValidationError("The skill (--skill) is empty; say what you want to grow, e.g. 'giving a talk'.") }
        guard StarterConfig.rungCount.contains(rung.count) else {
            throw ValidationError("Give 5 to 12 rungs (--rung STAKES:TITLE, easiest first), not \(rung.count): small steps from just manageable to genuinely challenging.")
        }
        let steps = try rung.map(Self.step)
        var performance: StarterConfig.NextPerformance?
        if let title = self.performance?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard !title.isEmpty else { throw ValidationError("The performance (--performance) is empty; say what you will do.") }
            let when: StarterConfig.NextPerformance.When
            switch (at, on) {
            case (let at?, nil): when = .at(at)
            case (nil, let on?): when = .on(on)
            case (nil, nil): throw ValidationError("Say when the performance happens: --at 'YYYY-MM-DD HH:MM' once, or --on CALENDAR again and again.")
            case (_?, _?): throw ValidationError("Give --at (once) or --on (again and again), not both.")
            }
            guard (1...steps.count).contains(performanceRung) else {
                throw ValidationError("--performance-rung must be between 1 and \(steps.count), the ladder's rungs, not \(performanceRung).")
            }
            performance = StarterConfig.NextPerformance(id: StarterConfig.id(for: title), title: title, when: when, rung: performanceRung)
        } else if at != nil || on != nil {
            throw ValidationError("--at and --on say when the performance happens: name it with --performance.")
        }
        var channels: [StarterConfig.Channel] = noDesktop ? [] : [.desktop]
        if let email { channels.append(.email(to: email, sendmail: Self.mailCommand(environment: environment))) }
        guard !channels.isEmpty else { throw ValidationError("With --no-desktop, give --email: prompts need a channel to reach you.") }
        return StarterConfig(
            ladderID: StarterConfig.id(for: skill), skill: skill, rungs: steps, checkIn: checkIn, performance: performance, channels: channels)
    }

    /// The guided conversation on a terminal: each answer fills the flag it stands for,
    /// and a rung that cannot be read is asked again. False at end of input.
    mutating func converse() -> Bool {
        say("A few questions, and Rung writes your config. Ctrl-C stops without writing anything.")
        guard let skill = ask("What skill do you want to grow? (e.g. giving a talk)", required: true) else { return false }
        self.skill = skill
        say("""
            Now its rungs, one per line, from just manageable to genuinely challenging, each as \
            STAKES:TITLE with STAKES low, medium or high (low:Explain the idea to a friend). \
            5 to 12 of them; an empty line ends the list.
            """)
        rung = []
        while rung.count < StarterConfig.rungCount.upperBound {
            guard let line = ask("Rung \(rung.count + 1):", required: false) else { return false }
            if line.isEmpty {
                if rung.count >= StarterConfig.rungCount.lowerBound { break }
                say("\(rung.count) so far: 5 to 12 make steps small enough to climb.")
                continue
            }
            do {
                _ = try Self.step(line)
                rung.append(line)
            } catch {
                say((error as? ValidationError)?.message ?? "\(error)")
            }
        }
        guard let title = ask("Your next real performance on this ladder, in a few words (empty for none):", required: false) else { return false }
        if !title.isEmpty {
            performance = title
            guard let when = ask("When? Once as YYYY-MM-DD HH:MM, or again and again as a calendar expression (Mon,Wed 09:30):", required: true) else { return false }
            if when.first?.isNumber == true, when.contains("-") { at = when } else { on = when }
            guard let number = ask("Which rung is it an attempt at, 1 to \(rung.count)? [1]", required: false) else { return false }
            performanceRung = Int(number) ?? 1
        }
        guard let checkIn = ask("When should the weekly check-in ask whether to climb, hold or step back? [\(self.checkIn)]", required: false) else { return false }
        if !checkIn.isEmpty { self.checkIn = checkIn }
        let environment = ProcessInfo.processInfo.environment
        if let server = Blocking.wait(for: { await DesktopChannel.notificationServerName(environment: environment) }) {
            guard let desktop = ask("Prompts as desktop notifications, through \(server) on your session bus? [Y/n]", required: false) else { return false }
            noDesktop = desktop.lowercased().hasPrefix("n")
        } else {
            guard let desktop = ask("No notification server answers on your session bus now. Desktop notifications all the same, for when one runs? [y/N]", required: false)
            else { return false }
            noDesktop = !desktop.lowercased().hasPrefix("y")
        }
        let mail = Self.mailCommand(environment: environment).first == "msmtp" ? ", sent through your msmtp" : ""
        guard let email = ask("An email address for prompts too\(mail) (empty for none):", required: false) else { return false }
        self.email = email.isEmpty ? nil : email
        return true
    }

    /// Asks `question` on standard error and reads one line; nil at end of input. A
    /// required answer is asked again while it is empty.
    func ask(_ question: String, required: Bool) -> String? {
        while true {
            say(question, terminator: "\n> ")
            guard let line = TerminalInput.line() else { return nil }
            let answer = line.trimmingCharacters(in: .whitespaces)
            if !answer.isEmpty || !required { return answer }
        }
    }

    func say(_ text: String, terminator: String = "\n") {
        FileHandle.standardError.write(Data((TerminalStyle.escaped(text) + terminator).utf8))
    }

    /// `low:Explain the idea to a friend` as a rung.
    static func step(_ text: String) throws -> StarterConfig.Step {
        let parts = text.split(separator: ":", maxSplits: 1)
        let title = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        guard parts.count == 2, let stakes = Stakes(rawValue: parts[0].trimmingCharacters(in: .whitespaces).lowercased()), !title.isEmpty else {
            throw ValidationError("A rung is STAKES:TITLE with STAKES low, medium or high, e.g. 'low:Explain the idea to a friend', not '\(text)'.")
        }
        return StarterConfig.Step(title: title, stakes: stakes)
    }

    /// msmtp when it is installed and configured (it hands mail to a real server), else
    /// the system's sendmail.
    static func mailCommand(environment: [String: String]) -> [String] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        let msmtpConfigured = [home + "/.msmtprc", configHome + "/msmtp/config"].contains { FileManager.default.fileExists(atPath: $0) }
        let msmtpInstalled = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/msmtp")
        }
        return msmtpConfigured && msmtpInstalled ? ["msmtp", "-t"] : ["sendmail", "-t", "-i"]
    }

    /// Writes `text` to `path` whole or not at all, and never over a file that appeared
    /// meanwhile (see `OutputFile`), creating its directory 0700 when missing.
    static func create(_ path: String, containing text: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            TerminalOutput.error("cannot create \(directory): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        do {
            let file = try OutputFile(path)
            try file.write(text)
            try file.commit()
        } catch let error as OutputFileError {
            TerminalOutput.error(error.description)
            throw ExitCode.failure
        }
    }
}

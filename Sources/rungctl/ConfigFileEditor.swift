import ArgumentParser
import Foundation
import RungControl
import RungCore
import RungTime
#if canImport(Glibc)
import Glibc
#endif

/// The steps every command that edits the config takes (`performance add`, `ladder add`,
/// `rung add`): read the file rungd uses, check the edited text as `check-config` would,
/// replace the file atomically only when it is valid, then have a running rungd reload it.
struct ConfigFileEditor {
    let path: String
    /// The file replaced: `path`, or the file it links to.
    private let target: String
    /// The file's text before the edit.
    let original: String
    /// The file's config before the edit.
    let config: Config
    let systemZone: TimeZoneRules
    let now: Instant
    /// The warnings the file had before the edit, so that only new ones are shown.
    private let originalWarnings: Set<String>

    /// The config file `--config` names, else the one rungd runs on, else the default one;
    /// it must exist and be valid, or the command stops (exit 1) saying what to do.
    init(_ options: ConfigOptions, now: Instant) throws {
        let path = options.config ?? ConfigOptions.runningDaemonConfig() ?? options.resolvedPath(environment: ProcessInfo.processInfo.environment)
        guard FileManager.default.fileExists(atPath: path) else {
            TerminalOutput.error("no config at \(path): run 'rungctl init' to write one, or copy Config/rung.toml there and make it yours")
            throw ExitCode.failure
        }
        let text: String
        do {
            text = try ConfigFile.read(atPath: path)
        } catch {
            TerminalOutput.writeError("\(error.position.map { "\(path):\($0)" } ?? path): error: \(error.message)")
            throw ExitCode.failure
        }
        let systemZone = TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)
        let check = ConfigLoader.check(text, path: path, now: now, systemZone: systemZone)
        guard let config = check.config else {
            for diagnostic in check.errors { TerminalOutput.writeError("\(diagnostic)") }
            TerminalOutput.error("the config \(path) has errors; fix them first, the file is unchanged")
            throw ExitCode.failure
        }
        self.path = path
        // A config that is a link to a file elsewhere (a dotfiles repository) stays a link:
        // the file it points to is the one replaced.
        self.target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        self.original = text
        self.config = config
        self.systemZone = systemZone
        self.now = now
        self.originalWarnings = Set(check.warnings.map(\.message))
    }

    /// `edit` made to the file's text; an edit that cannot be made stops the command (exit 1).
    func edited(_ edit: (String) throws(ConfigEditError) -> String) throws -> String {
        do {
            return try edit(original)
        } catch {
            TerminalOutput.error("\(error.message) in \(path); the file is unchanged")
            throw ExitCode.failure
        }
    }

    /// Checks `text` as `check-config` would. With an error, prints every problem (their
    /// lines are those of the file as it would be) and stops with exit 1; warnings that the
    /// file did not have before are printed and the edit goes on.
    func validate(_ text: String, change: String) throws -> Config {
        let check = ConfigLoader.check(text, path: path, now: now, systemZone: systemZone)
        guard let config = check.config else {
            TerminalOutput.error("\(change) would make the config invalid; \(path) is unchanged:")
            for diagnostic in check.errors { TerminalOutput.writeError("\(diagnostic)") }
            throw ExitCode.failure
        }
        for warning in check.warnings where !originalWarnings.contains(warning.message) {
            TerminalOutput.writeError("\(warning)")
        }
        return config
    }

    /// Replaces the file with `text` atomically: written beside it, flushed, then renamed
    /// over it, with the file's permissions kept. `whileStaged` runs once the new text is on
    /// disk and is given the step that puts it in place, for a change that must land
    /// together with the file's (the store's renumbering of rungs).
    func write(_ text: String, whileStaged: (_ putInPlace: () throws -> Void) throws -> Void = { try $0() }) throws {
        let staged: String
        do {
            staged = try stage(text)
        } catch {
            TerminalOutput.error("cannot write the config \(path): \(error); the file is unchanged")
            throw ExitCode.failure
        }
        var placed = false
        do {
            try whileStaged {
                guard (try? ConfigFile.read(atPath: target)) == original else {
                    throw EditFailure("\(path) changed while it was being edited; run the command again")
                }
                guard rename(staged, target) == 0 else { throw EditFailure("cannot replace \(path): \(String(cString: strerror(errno)))") }
                placed = true
                syncDirectory()
            }
            guard placed else { throw EditFailure("the new config was not put in place") }
        } catch {
            if placed {
                // The file was replaced but what had to land with it failed: put the old
                // text back, so both stay as they were.
                if let restore = try? stage(original) { _ = rename(restore, target) }
            } else {
                unlink(staged)
            }
            if !(error is ExitCode) { TerminalOutput.error("\(TerminalOutput.describe(error)); \(path) is unchanged") }
            throw ExitCode.failure
        }
    }

    /// `text` in a new file in the config's directory, with the config's permissions,
    /// flushed to disk; returns its path.
    private func stage(_ text: String) throws -> String {
        let directory = (target as NSString).deletingLastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.rung.toml.XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw EditFailure(String(cString: strerror(errno))) }
        let staged = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        var status = stat()
        let mode = stat(target, &status) == 0 ? status.st_mode & 0o7777 : 0o644
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                unlink(staged)
                throw EditFailure(String(cString: strerror(errno)))
            }
            written += count
        }
        guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(staged)
            throw EditFailure(reason)
        }
        return staged
    }

    /// Flushes the rename to disk; a failure here loses nothing but durability.
    private func syncDirectory() {
        let directory = (target as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Has a running rungd that runs on this file read it again, and says how it went;
    /// without one, says the change takes effect when rungd starts.
    func reloadDaemon() throws -> String {
        guard let daemon = try DaemonClient.ifRunning() else {
            return "rungd is not running; the change takes effect when it starts."
        }
        let running = try? daemon.call(ControlInterface.StatusRequest()).value.config
        if let running, running != path {
            return "rungd runs on \(running), not on this file; it was not reloaded."
        }
        let reply = try daemon.call(ControlInterface.ReloadRequest())
        return "rungd reloaded. \(reply.value.status)"
    }
}

/// Why the config file could not be replaced.
private struct EditFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ConfigFileEditor {
    /// Checks flag values as the config reader would read them, in a table of their own
    /// (`[section.id]` with `entries`), before the file is touched: a value it refuses is a
    /// usage error (exit 64) with the reader's own words.
    static func checkValues(_ section: String, id: String, entries: [(key: String, value: String)]) throws {
        let text = "[\(section).\(id)]\n" + entries.map { "\($0.key) = \($0.value)\n" }.joined()
        let errors = ConfigLoader.check(text, path: "", systemZone: TimeZoneRules.system(environment: ProcessInfo.processInfo.environment)).errors
        guard errors.isEmpty else { throw ValidationError(errors.map(\.message).joined(separator: "\n")) }
    }

    /// A list of channel names as TOML, each one the config defines; a usage error otherwise.
    static func channelList(_ names: [String], in config: Config) throws -> String {
        for name in names where config.channel(name) == nil {
            let known = config.channelDefinitions.map(\.name)
            throw ValidationError("unknown channel '\(name)': the config's channels are \(known.joined(separator: ", "))\(ConfigSuggestion.hint(for: name, among: known)).")
        }
        return "[" + names.map(ConfigEdit.quoted).joined(separator: ", ") + "]"
    }

    /// What the command did, for programs: the file, the table added or changed, and what
    /// became of rungd.
    func json(changed table: String, daemon: String) -> String {
        JSONText.object([("path", JSONText.string(path)), ("changed", JSONText.string(table)), ("rungd", JSONText.string(daemon))])
    }
}

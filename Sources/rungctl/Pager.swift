import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Long text for people a screen at a time, as git and systemctl show it: on a terminal,
/// through `$PAGER` (a shell command; `cat` means none), else `less` with
/// `LESS=FRX` (quit when it fits on one screen, keep what was shown, pass colours) when it
/// is installed; written as it is to a pipe or a file, or when no pager can be started.
enum Pager {
    /// Shows `text`, already escaped for the terminal (`TerminalStyle.escaped`), and
    /// returns once the person has left the pager. Quitting the pager before the end is
    /// not an error: what it did not read is dropped.
    static func show(_ text: String) {
        let environment = ProcessInfo.processInfo.environment
        guard isatty(STDOUT_FILENO) == 1, let command = command(environment: environment) else {
            print(text, terminator: "")
            return
        }
        fflush(nil)
        if !run(command, input: text, environment: pagerEnvironment(environment)) {
            print(text, terminator: "")
        }
    }

    /// The pager's command line: `$PAGER` run by the shell when it is set and not empty,
    /// else `less`; nil for `PAGER=cat`, which asks for no pager.
    static func command(environment: [String: String]) -> [String]? {
        let pager = environment["PAGER"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if pager.isEmpty { return ["less"] }
        return pager == "cat" ? nil : ["/bin/sh", "-c", pager]
    }

    /// The environment the pager runs in: `LESS=FRX` unless the person set `LESS`.
    static func pagerEnvironment(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        return environment
    }

    /// Starts `command` with `input` on its standard input and waits for it; false when it
    /// could not be started (nothing was written then). While it runs, rungctl ignores the
    /// interrupt and quit keys, which belong to the pager, and a closed pipe, which means
    /// the person quit; the pager itself gets them as usual.
    private static func run(_ command: [String], input: String, environment: [String: String]) -> Bool {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        let (reading, writing) = (ends[0], ends[1])
        // Neither end stays open in the pager: it reads a copy of `reading` as its stdin.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, reading, STDIN_FILENO)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        let previous = [SIGINT, SIGQUIT, SIGPIPE].map { ($0, signal($0, SIG_IGN)) }
        defer { for (number, handler) in previous { signal(number, handler) } }
        let arguments = command.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (arguments + variables).forEach { free($0) } }
        var child = pid_t()
        let started = posix_spawnp(&child, command[0], &actions, &attributes, arguments, variables)
        close(reading)
        guard started == 0 else {
            close(writing)
            return false
        }
        // Until all is written or the pager has gone (EPIPE): what it did not read is dropped.
        let pipe = FileDescriptor(rawValue: writing)
        _ = try? pipe.writeAll(input.utf8)
        try? pipe.close()
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 && errno == EINTR {}
        return true
    }
}

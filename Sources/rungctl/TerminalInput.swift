#if canImport(Glibc)
import Glibc
#endif

/// What the person types at the terminal, one line at a time.
enum TerminalInput {
    /// The next line, without its line break; nil at end of input. Ctrl-C stops rungctl
    /// while it waits (exit 130, nothing recorded), even when it was started with SIGINT
    /// ignored or blocked: a process that reads from the terminal is in the foreground, and
    /// the person at it must be able to leave.
    static func line() -> String? {
        signal(SIGINT, SIG_DFL)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        return readLine(strippingNewline: true)
    }
}

import CSystemd
import Foundation
import Glibc
import Synchronization

/// The processes a channel's program leaves behind, as this process sees them in `/proc`.
///
/// A program that hangs is killed with its process group; what it started in a session
/// of its own (`setsid`) is not in that group, so it is found by descent before the kill
/// and killed too. rungd is a child subreaper: an orphan of a program it ran becomes its
/// child, and must be reaped here, or it stays a zombie. The programs themselves are the
/// subprocess library's to reap; they are told apart by their pids, registered while they
/// run.
enum ChildProcesses {
    private struct Registry {
        /// Channel programs being started, whose pids are not known yet.
        var starting = 0
        /// The pids of the channel programs running now.
        var running: Set<pid_t> = []
    }

    private static let registry = Mutex(Registry())

    /// Notes that a channel program is about to start; `started` or `failedToStart` follows.
    static func starting() {
        registry.withLock { $0.starting += 1 }
    }

    /// The program being started has pid `pid`.
    static func started(_ pid: pid_t) {
        registry.withLock {
            $0.starting -= 1
            $0.running.insert(pid)
        }
    }

    /// The program being started could not be.
    static func failedToStart() {
        registry.withLock { $0.starting -= 1 }
    }

    /// The program `pid` ended and was reaped by the library that ran it.
    static func ended(_ pid: pid_t) {
        registry.withLock { _ = $0.running.remove(pid) }
    }

    /// One line of `/proc/PID/stat`: the parent, the session and whether it is a zombie.
    struct Status: Hashable {
        var parent: pid_t
        var session: pid_t
        var isZombie: Bool
    }

    static func status(of pid: pid_t) -> Status? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After the command name: state, ppid, pgrp, session, …
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 3, let parent = pid_t(fields[1]), let session = pid_t(fields[3]) else { return nil }
        return Status(parent: parent, session: session, isZombie: fields[0] == "Z")
    }

    /// Every process now alive, with its status.
    static func all() -> [pid_t: Status] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var processes: [pid_t: Status] = [:]
        for entry in entries {
            guard let pid = pid_t(entry), let status = status(of: pid) else { continue }
            processes[pid] = status
        }
        return processes
    }

    /// Everything `root` started, however deep, and everything left in its session
    /// (whose parent may have gone): what a timeout must end besides its process group.
    static func descendants(of root: pid_t) -> Set<pid_t> {
        let processes = all()
        var found = Set(processes.filter { $0.key != root && $0.value.session == root }.map(\.key))
        var frontier = [root]
        while let parent = frontier.popLast() {
            for (pid, status) in processes where status.parent == parent && !found.contains(pid) && pid != root {
                found.insert(pid)
                frontier.append(pid)
            }
        }
        found.remove(root)
        return found
    }

    /// SIGKILLs `pids`, then reaps those that became this process's children (orphans it
    /// took in as a subreaper), waiting up to `limit` for them to die and be handed over.
    static func kill(_ pids: Set<pid_t>, waitingUpTo limit: Duration = .seconds(5)) async {
        for pid in pids { Glibc.kill(pid, SIGKILL) }
        let deadline = ContinuousClock.now + limit
        var left = pids
        while !left.isEmpty {
            for pid in left {
                guard let status = status(of: pid) else {
                    left.remove(pid)
                    continue
                }
                // A zombie whose parent is still alive is that parent's to reap; once the
                // parent died too, it is handed to the subreaper (this process) or to init.
                if status.isZombie, status.parent == getpid() {
                    var ignored: Int32 = 0
                    waitpid(pid, &ignored, WNOHANG)
                }
            }
            guard ContinuousClock.now < deadline else { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Reaps every zombie child of this process that is not a channel program the
    /// subprocess library still has to reap: the orphans a subreaper collects (what a hook
    /// left running in the background, and ended later). Does nothing while a program is
    /// being started, whose pid is not registered yet, nor in a process that is not a
    /// subreaper: it has no orphans, and its other children are someone else's to reap
    /// (reaped here, their own waiter would find them gone and report exit status 0).
    static func reapOrphans() {
        guard rung_is_child_subreaper() == 1 else { return }
        registry.withLock { registry in
            guard registry.starting == 0 else { return }
            let me = getpid()
            for (pid, status) in all() where status.parent == me && status.isZombie && !registry.running.contains(pid) {
                var ignored: Int32 = 0
                waitpid(pid, &ignored, WNOHANG)
            }
        }
    }
}

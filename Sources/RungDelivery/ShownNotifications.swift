import Synchronization

/// What the desktop channel knows about the notification server of the moment: its
/// capabilities, and which notification shows which prompt with which answers. Shared by
/// deliveries and the bus thread's signal handlers; forgotten whenever the server
/// changes hands or the bus connection ends, since the ids were the old server's.
final class ShownNotifications: Sendable {
    /// A notification on screen: the prompt it shows and the answers its buttons give.
    struct Shown: Sendable, Hashable {
        var occurrenceID: String
        var answers: Set<String>
    }

    private struct State {
        /// Counts server changes, so that what was learnt from an old server is not kept.
        var generation = 0
        var server: NotificationServer?
        var shown: [UInt32: Shown] = [:]
    }

    private let state = Mutex(State())

    /// The server's description if known, and the generation to pass to `learn`.
    func server() -> (NotificationServer?, generation: Int) {
        state.withLock { ($0.server, $0.generation) }
    }

    /// Keeps `server`'s description, unless the server changed since `generation`.
    func learn(_ server: NotificationServer, generation: Int) {
        state.withLock { state in
            if state.generation == generation { state.server = server }
        }
    }

    /// Notes that notification `id` shows `occurrenceID`, whose buttons answer `answers`.
    func show(_ id: UInt32, occurrenceID: String, answers: Set<String>) {
        state.withLock { $0.shown[id] = Shown(occurrenceID: occurrenceID, answers: answers) }
    }

    /// The prompt notification `id` showed, if `answer` is one of its buttons; forgets the
    /// notification then. A key it never offered (say a server's "default") is not an answer.
    func answer(_ id: UInt32, with answer: String) -> String? {
        state.withLock { state in
            guard let shown = state.shown[id], shown.answers.contains(answer) else { return nil }
            state.shown[id] = nil
            return shown.occurrenceID
        }
    }

    /// Forgets notification `id`, which is gone; returns the prompt it showed.
    func close(_ id: UInt32) -> String? {
        state.withLock { $0.shown.removeValue(forKey: id)?.occurrenceID }
    }

    /// Forgets the notifications that show `occurrenceID` and returns their ids (to take
    /// them down): it was answered some other way.
    func remove(showing occurrenceID: String) -> [UInt32] {
        state.withLock { state in
            let ids = state.shown.filter { $0.value.occurrenceID == occurrenceID }.map(\.key)
            for id in ids { state.shown[id] = nil }
            return ids
        }
    }

    /// Forgets every notification on screen and returns their ids (to take them down).
    func removeAll() -> [UInt32] {
        state.withLock { state in
            defer { state.shown = [:] }
            return Array(state.shown.keys)
        }
    }

    /// The server left, a new one came, or the connection ended: forget it all.
    func serverChanged() {
        state.withLock { state in
            state.generation += 1
            state.server = nil
            state.shown = [:]
        }
    }
}

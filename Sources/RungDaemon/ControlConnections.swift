import Glibc
import RungTime
import Synchronization

/// The control connections being served, so that they stay few: at most `capacity` at
/// once, and room made for a new one by dropping the one idle longest.
///
/// A connection is idle while it waits for a call, busy while its call is answered; a busy
/// one is never dropped. Dropping shuts the socket down, which ends its thread's wait; the
/// thread itself closes the descriptor, after taking it off this list, so a descriptor is
/// never shut down once its number may belong to another file.
final class ControlConnections: Sendable {
    private struct Connection {
        /// When it became idle; nil while busy.
        var idleSince: ContinuousClock.Instant?
    }

    let capacity: Int
    private let connections = Mutex<[Int32: Connection]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds `descriptor`, idle; when `capacity` are served already, first drops the one
    /// idle longest. False, and nothing added, when all are busy.
    func admit(_ descriptor: Int32) -> Bool {
        connections.withLock { connections in
            if connections.count >= capacity {
                guard Self.dropLongestIdle(&connections) else { return false }
            }
            connections[descriptor] = Connection(idleSince: .now)
            return true
        }
    }

    /// Drops the connection idle longest, to give its descriptor back; whether there was one.
    @discardableResult
    func dropLongestIdle() -> Bool {
        connections.withLock { Self.dropLongestIdle(&$0) }
    }

    func markBusy(_ descriptor: Int32) {
        connections.withLock { $0[descriptor]?.idleSince = nil }
    }

    func markIdle(_ descriptor: Int32) {
        connections.withLock { $0[descriptor]?.idleSince = .now }
    }

    /// Takes `descriptor` off the list; its thread calls this before closing it.
    func remove(_ descriptor: Int32) {
        _ = connections.withLock { $0.removeValue(forKey: descriptor) }
    }

    var count: Int { connections.withLock(\.count) }

    private static func dropLongestIdle(_ connections: inout [Int32: Connection]) -> Bool {
        let idle = connections.compactMap { descriptor, connection in connection.idleSince.map { (descriptor, $0) } }
        guard let (descriptor, _) = idle.min(by: { $0.1 < $1.1 }) else { return false }
        connections.removeValue(forKey: descriptor)
        shutdown(descriptor, Int32(SHUT_RDWR))
        return true
    }
}

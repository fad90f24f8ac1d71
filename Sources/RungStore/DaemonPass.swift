import GRDB
import RungCore
import RungTime

/// The last instant the daemon planned and delivered: where catch-up after a stop
/// starts, so that a first start does not deliver prompts from before Rung ran, and a
/// restart finds what was due while it was down.
extension Store {
    /// When the daemon's last pass ran; nil before its first.
    public func lastPass() throws -> Instant? {
        try read("reading the daemon's last pass") { db in
            try Instant.fetchOne(db, sql: "SELECT at FROM daemon_pass WHERE id = 1")
        }
    }

    /// Records that a pass ran at `instant`.
    public func recordPass(at instant: Instant) throws {
        try write("recording the daemon's pass") { db in try Self.recordPass(at: instant, db) }
    }

    static func recordPass(at instant: Instant, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO daemon_pass (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at")
            .execute(arguments: [instant])
    }
}

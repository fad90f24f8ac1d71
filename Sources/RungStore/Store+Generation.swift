import GRDB

extension Store {
    /// Which version of the store's contents a reader saw: it changes whenever anything is
    /// committed, by this process or another one (rungctl writes debriefs and ratings
    /// directly). What a cache of values read from the store is keyed by.
    public struct Generation: Hashable, Sendable {
        /// SQLite's `data_version` on the writing connection: moves when another
        /// connection commits.
        let othersCommits: Int
        /// The rows this store's own connection has changed since it opened.
        let ownChanges: Int
    }

    /// The store's generation now: two counters of SQLite's, no table read.
    public func generation() throws -> Generation {
        do {
            return try pool.writeWithoutTransaction { db in
                Generation(othersCommits: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0, ownChanges: db.totalChangesCount)
            }
        } catch {
            throw Store.translate(error, path: path, operation: "reading the store's generation")
        }
    }
}

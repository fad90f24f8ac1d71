import Foundation
import GRDB
import Testing
@testable import RungStore

@Suite("The schema")
struct SchemaTests {
    /// FNV-1a of the schema that `v1-initial` creates (every `sqlite_master` entry, by name).
    /// Once a migration has shipped it is never edited: a change of schema is a new
    /// migration, and this value stays as it is.
    static let v1InitialFingerprint: UInt64 = 9_181_884_711_248_369_956

    @Test("shipped migrations are frozen: v1-initial creates exactly the schema it always did")
    func v1InitialIsFrozen() throws {
        let queue = try DatabaseQueue()
        try StoreSchema.migrator.migrate(queue, upTo: "v1-initial")
        let schema = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        }.joined(separator: "\n")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in schema.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        #expect(hash == SchemaTests.v1InitialFingerprint, "v1-initial changed; add a new migration instead:\n\(schema)")
    }

    @Test("every migration is named and registered in order")
    func migrationNames() {
        #expect(StoreSchema.migrator.migrations == ["v1-initial"])
    }
}

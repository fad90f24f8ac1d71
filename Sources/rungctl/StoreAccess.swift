import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime

/// How store commands open the store, read the clock and report failures.
enum StoreAccess {
    /// Opens the store named by `--store`, or the default one; commands that only read
    /// say so, and open it without writing.
    static func open(_ options: StoreOptions, access: Store.Access = .readWrite) throws -> Store {
        try reportingFailures {
            try Store(path: options.store ?? StoreFile.defaultPath(), access: access)
        }
    }

    /// The store, read only; nil when the default one does not exist yet (nothing was
    /// recorded). A missing store named with --store is an error: the path may be wrong.
    static func openExisting(_ options: StoreOptions) throws -> Store? {
        do {
            return try Store(path: options.store ?? StoreFile.defaultPath(), access: .readOnly)
        } catch let error as StoreError where error.code == .noStore && options.store == nil {
            return nil
        } catch let error as StoreError {
            TerminalOutput.error(error.reason)
            throw ExitCode.failure
        }
    }

    /// Runs `body`; a store error is printed to stderr as it is (it names the file or the
    /// field) and the command exits with status 1.
    static func reportingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            TerminalOutput.error(error.reason)
            throw ExitCode.failure
        }
    }

    /// `instant` in the person's time zone, to the minute, for people: `2024-05-01 09:30`.
    static func localMinute(_ instant: Instant) -> String {
        HumanTimestamp.minute(instant, in: PersonTime.zone)
    }
}

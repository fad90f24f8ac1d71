import ArgumentParser
import Foundation
import RungCore
import RungStore
import RungTime
#if canImport(Glibc)
import Glibc
#endif

/// How store commands open the store, read the clock and report failures.
enum StoreAccess {
    /// Opens the store named by `--store`, or the default one; commands that only read
    /// say so, and open it without writing.
    static func open(_ options: StoreOptions, access: Store.Access = .readWrite) throws -> Store {
        try reportingFailures {
            try Store(path: options.store ?? StoreFile.defaultPath(), access: access)
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

    /// `instant` in the local time zone, to the minute, for people: `2024-05-01 09:30`.
    static func localMinute(_ instant: Instant) -> String {
        var seconds = time_t(instant.seconds)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

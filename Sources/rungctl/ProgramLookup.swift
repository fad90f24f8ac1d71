import Foundation
import RungCore

extension ChannelProgram {
    /// Where `program` leads here: a name is looked up in `searchPath` (the `PATH`), as
    /// rungd's channels look it up; a name with a '/' is taken as a path.
    static func lookUp(_ program: String, searchPath: String) -> Lookup {
        let files = FileManager.default
        let candidates = program.contains("/")
            ? [program]
            : searchPath.split(separator: ":", omittingEmptySubsequences: false).map { ($0.isEmpty ? "." : String($0)) + "/" + program }
        var found = false
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: candidate, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue && files.isExecutableFile(atPath: candidate) { return .executable }
            found = true
        }
        return found ? .notExecutable : .notFound
    }

    /// The warnings about the channel programs of the config at `path` (its text `text`)
    /// that are missing or not executable on this machine.
    static func warnings(path: String, text: String, environment: [String: String]) -> [ConfigDiagnostic] {
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return all(in: text).compactMap { $0.warning(path: path, lookup: lookUp($0.program, searchPath: searchPath)) }
    }
}

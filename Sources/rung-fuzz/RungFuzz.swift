import Foundation
import RungFuzzTargets

/// `rung-fuzz TARGET [ARGUMENT...]`. Built with libFuzzer (`scripts/fuzz` does), it fuzzes
/// TARGET and hands the arguments to libFuzzer: corpus directories, options such as
/// `-max_total_time=600`, or a crash file to run again. Built plainly, as `swift build`
/// does, it runs TARGET once on each file or directory of files named, to replay an input
/// with a readable stack.
@main
enum RungFuzz {
    /// Names the target to the copies of itself libFuzzer starts (`-minimize_crash`,
    /// `-jobs`), which it gives only its own options.
    static let targetVariable = "RUNG_FUZZ_TARGET"

    static func main() {
        let arguments = CommandLine.arguments
        let target: FuzzTarget
        let rest: [String]
        if arguments.count >= 2, let named = FuzzTarget.named(arguments[1]) {
            target = named
            rest = Array(arguments.dropFirst(2))
            setenv(targetVariable, named.name, 1)
        } else if let name = ProcessInfo.processInfo.environment[targetVariable], let named = FuzzTarget.named(name) {
            target = named
            rest = Array(arguments.dropFirst())
        } else {
            let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("usage: rung-fuzz TARGET [ARGUMENT...]\ntargets: \(names)\n".utf8))
            exit(64)
        }
        #if RUNG_FUZZING
        exit(LibFuzzer.fuzz(target, arguments: [arguments[0]] + rest))
        #else
        exit(replay(target, paths: rest) ? 0 : 1)
        #endif
    }

    /// Runs `target` on every file in `paths` (a directory stands for the files in it),
    /// printing each failure; true when none failed.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Bool {
        var files: [String] = []
        for path in paths {
            let inside = (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted()
            files += inside.map { $0.map { path + "/" + $0 } } ?? [path]
        }
        var passed = true
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot read")
                passed = false
                continue
            }
            do {
                try target.run([UInt8](data))
                print("\(file): ok")
            } catch {
                print("\(file): FAILED: \(error)")
                passed = false
            }
        }
        return passed
    }
}

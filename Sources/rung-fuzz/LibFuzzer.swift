#if RUNG_FUZZING
import Foundation
import RungFuzzTargets

/// The bridge to libFuzzer, linked in by `-sanitize=fuzzer`: its driver runs the chosen
/// target on the inputs it makes, and a failed property aborts, which it records as a crash.
enum LibFuzzer {
    /// The target being fuzzed; set once, before the driver starts.
    nonisolated(unsafe) static var target: FuzzTarget?

    /// Runs libFuzzer's driver on `target` with `arguments` (the program's name first).
    static func fuzz(_ target: FuzzTarget, arguments: [String]) -> Int32 {
        self.target = target
        var pointers = arguments.map { strdup($0) } + [nil]
        var count = Int32(arguments.count)
        return pointers.withUnsafeMutableBufferPointer { buffer in
            var argv = buffer.baseAddress
            return runDriver(&count, &argv, testOneInput)
        }
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// libFuzzer's entry point for one input; its own `main`, linked in too, needs it.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try LibFuzzer.target?.run(input)
    } catch {
        FileHandle.standardError.write(Data("rung-fuzz: \(error)\n".utf8))
        abort()
    }
    return 0
}
#endif

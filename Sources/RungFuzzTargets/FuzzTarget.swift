/// One kind of input Rung reads from people or peers, as a fuzzer feeds it: any bytes.
/// Running a target must never crash or hang; it throws `FuzzFailure` when the input
/// breaks a property that must hold for every input.
public struct FuzzTarget: Sendable {
    /// The target's name: the directory of its corpus under `Fuzz/corpus/`.
    public let name: String
    /// Reads `input`, checking what must hold.
    public let run: @Sendable (_ input: [UInt8]) throws(FuzzFailure) -> Void

    /// Every target, by name.
    public static let all: [FuzzTarget] = [.toml, .config, .calendar, .timeSpan, .varlink]

    /// The target called `name`, if there is one.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}

/// An input that breaks a property a target checks.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The input as text, as Rung gets it from a `String`: bytes that are not UTF-8 replaced.
func text(_ input: [UInt8]) -> String {
    String(decoding: input, as: UTF8.self)
}

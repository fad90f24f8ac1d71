/// rungctl's arguments as the kernel passed them, before Swift decodes them: invalid UTF-8
/// would become U+FFFD without a word and be stored so.
enum ArgumentEncoding {
    /// The position (1 for the first after the program's name) of the first argument whose
    /// bytes are not valid UTF-8; nil when every one is.
    static func firstInvalidArgument(
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = CommandLine.unsafeArgv,
        count: Int32 = CommandLine.argc
    ) -> Int? {
        (1..<Int(max(count, 1))).first { position in
            argv[position].map { String(validatingCString: $0) == nil } ?? false
        }
    }

    /// The message for an argument that is not valid UTF-8.
    static func refusal(position: Int) -> String {
        "argument \(position) is not valid UTF-8; Rung keeps text as UTF-8 (check the terminal's or the script's encoding)"
    }
}

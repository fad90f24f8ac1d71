/// Byte classes of ASCII for the readers of calendar expressions, time spans and POSIX TZ
/// strings, which read UTF-8 bytes the way systemd and glibc do: without a locale, so
/// only the ASCII digits and letters count. Visible to the package (config ids are
/// checked with it too), not to users of the time library.
package enum ASCII {
    package static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    package static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}

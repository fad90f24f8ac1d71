import Glibc

/// systemd's `timezone_is_valid`: which trailing words of an expression name a time zone.
enum CalendarTimeZoneName {
    static let zoneinfo = "/usr/share/zoneinfo/"

    /// True for "UTC" and for names made of letters, digits, `-`, `_`, `+` and single
    /// inner slashes that lead to a regular TZif file in the system tzdata.
    static func isValid(_ name: String) -> Bool {
        if name == "UTC" { return true }
        guard let first = name.utf8.first, first != UInt8(ascii: "/") else { return false }
        var lastWasSlash = false
        for byte in name.utf8 {
            let isAllowed = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "/")
            guard isAllowed else { return false }
            let isSlash = byte == UInt8(ascii: "/")
            if isSlash && lastWasSlash { return false }
            lastWasSlash = isSlash
        }
        if lastWasSlash || name.utf8.count >= Int(PATH_MAX) { return false }
        return hasTZifMagic(zoneinfo + name)
    }

    private static func hasTZifMagic(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        var filled = 0
        while filled < 4 {
            let count = magic.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, 4 - filled)
            }
            if count <= 0 { return false }
            filled += count
        }
        return magic == Array("TZif".utf8)
    }
}

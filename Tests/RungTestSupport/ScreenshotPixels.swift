import Foundation

/// What a PNG screenshot shows, counted pixel by pixel: enough to tell a rendered page from a
/// blank one. Foundation on Linux has no zlib, so the image is decoded by Debian's Python
/// (`/usr/bin/python3`, whose zlib module inflates the pixel data), with every PNG row
/// filter undone so that the colours counted are the real ones.
public struct ScreenshotPixels: Sendable, Decodable {
    public var width: Int
    public var height: Int
    /// How many different colours appear.
    public var distinctColours: Int
    /// The share (0–1) of pixels that have the most common colour, the page's background.
    public var dominantShare: Double

    /// A page with text and charts has many colours (anti-aliased glyphs alone give dozens),
    /// and its background leaves a visible share to the rest.
    public var looksRendered: Bool { distinctColours >= 16 && dominantShare < 0.98 }

    /// Decodes the 8-bit RGB or RGBA PNG at `path`, as Chromium writes screenshots.
    public static func read(_ path: String) throws -> ScreenshotPixels {
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", decoder, path])
        guard result.status == 0 else {
            throw HeadlessBrowser.Failure(description: "cannot decode \(path): \(result.stderr)")
        }
        return try JSONDecoder().decode(ScreenshotPixels.self, from: Data(result.stdout.utf8))
    }

    private static let decoder = #"""
    import json, struct, sys, zlib
    from collections import Counter
    data = open(sys.argv[1], "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG file")
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        sys.exit("unsupported PNG: depth %d, colour type %d, interlace %d" % (depth, colour, interlace))
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    previous = bytearray(stride)
    colours = Counter()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - upper_left
                a, b, c = abs(estimate - left), abs(estimate - up), abs(estimate - upper_left)
                nearest = left if a <= b and a <= c else (up if b <= c else upper_left)
                line[i] = (line[i] + nearest) & 255
        colours.update(bytes(line[i:i + channels]) for i in range(0, stride, channels))
        previous = line
    print(json.dumps({
        "width": width, "height": height, "distinctColours": len(colours),
        "dominantShare": colours.most_common(1)[0][1] / (width * height),
    }))
    """#
}

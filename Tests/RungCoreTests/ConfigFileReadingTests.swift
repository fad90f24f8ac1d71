import Foundation
import Testing
import RungCore

/// Reading the config file bounds what it reads and says why a file cannot be used.
@Suite("Reading the config file")
struct ConfigFileReadingTests {
    private func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rung-read-\(UUID().uuidString).toml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func readingError(_ path: String) -> ConfigFileError? {
        do {
            _ = try ConfigFile.read(atPath: path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a file of exactly the largest size is read whole")
    func largestFile() throws {
        let line = Array("# a comment of some length, repeated to fill the file\n".utf8)
        var bytes: [UInt8] = []
        while bytes.count + line.count <= ConfigFile.maximumSize { bytes += line }
        bytes += Array(repeating: UInt8(ascii: "#"), count: ConfigFile.maximumSize - bytes.count)
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ConfigFile.read(atPath: path).utf8.count == ConfigFile.maximumSize)
    }

    @Test("a file one byte over the largest size is refused, naming the limit")
    func oneByteOver() throws {
        let path = try write(Array(repeating: UInt8(ascii: "#"), count: ConfigFile.maximumSize + 1))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(readingError(path))
        #expect(error.message == "the config file is larger than 1 MiB (1048576 bytes), the most Rung reads")
        #expect(error.diagnostic(path: "rung.toml").description == "rung.toml:1:1: error: \(error.message)")
    }

    @Test("an endless file is refused without reading it to its end")
    func endlessFile() throws {
        #expect(readingError("/dev/zero")?.message == "the config file is larger than 1 MiB (1048576 bytes), the most Rung reads")
    }

    @Test("a file that is not UTF-8 is refused where the first bad byte is")
    func notUTF8() throws {
        let path = try write(Array("[rung]\ntimezone = \"Caf\u{e9}".utf8) + [0xFF, UInt8(ascii: "\""), 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(readingError(path))
        #expect(error.diagnostic(path: "rung.toml").description == "rung.toml:2:17: error: the config file is not UTF-8 text")
    }

    @Test("a missing file says it cannot be read")
    func missingFile() {
        #expect(readingError("/nonexistent/rung.toml")?.message.hasPrefix("cannot read the config file: ") == true)
    }
}

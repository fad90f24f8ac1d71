import RungCore
import RungTOML

extension FuzzTarget {
    /// The TOML reader: it gives a document or errors, every error inside the text.
    static let toml = FuzzTarget(name: "toml") { input throws(FuzzFailure) in
        let source = text(input)
        let reading = TOMLParser.read(source)
        if reading.document == nil, reading.errors.isEmpty {
            throw FuzzFailure("no document and no error")
        }
        let lines = source.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        if let outside = reading.errors.first(where: { $0.position.line < 1 || $0.position.line > lines || $0.position.column < 1 }) {
            throw FuzzFailure("error outside the text (\(lines) lines): \(outside)")
        }
    }
}

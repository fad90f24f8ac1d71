import Foundation
import Testing

/// ARCHITECTURE.md is the map of the code: its module table must say what the `import`
/// lines say, dependencies must go one way, and no source file may outgrow a reading.
@Suite("ARCHITECTURE.md against the code")
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Packages the table names beside Rung's own modules, and the test-support libraries
    /// `rung-bench` writes its stores with (they live under Tests).
    static let packages: Set<String> = ["GRDB", "Logging", "ArgumentParser", "Subprocess", "SystemPackage", "RungPracticeHistory", "RungTestSupport"]
    /// Files allowed over the size limit, as ARCHITECTURE.md names them.
    static let ports: Set<String> = ["RungTime/Calendar/CalendarParser.swift"]

    /// The module table: each module with the modules and packages it may import, in order.
    static func table() throws -> [(module: String, imports: Set<String>)] {
        let text = try String(contentsOf: root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        let rows = text.components(separatedBy: "<!-- modules:")[1].components(separatedBy: "<!-- end of modules -->")[0]
            .split(separator: "\n").filter { $0.hasPrefix("| `") }
        return rows.map { row in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let names = cells.last!.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }
            return (cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), Set(names.filter { $0 != "—" }))
        }
    }

    /// The Swift (or C) files of `module`, by path under Sources.
    static func sources(of module: String) -> [String] {
        let directory = root.appendingPathComponent("Sources/\(module)")
        let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".swift") }.sorted().map { "\(module)/\($0)" }
    }

    static func imports(of module: String, among known: Set<String>) throws -> Set<String> {
        var found: Set<String> = []
        for file in sources(of: module) {
            let text = try String(contentsOf: root.appendingPathComponent("Sources/\(file)"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count, words[..<at].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                let name = String(words[at + 1])
                if known.contains(name) { found.insert(name) }
            }
        }
        return found
    }

    @Test("every module has a row, and its row lists exactly the modules and packages it imports")
    func importsMatch() throws {
        let table = try Self.table()
        let directories = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Sources").path)
        #expect(Set(table.map(\.module)) == Set(directories), "modules in the table and folders in Sources differ")
        let known = Set(table.map(\.module)).union(Self.packages)
        for row in table {
            let actual = try Self.imports(of: row.module, among: known)
            #expect(actual == row.imports, "\(row.module): imports \(actual.sorted()), the table says \(row.imports.sorted())")
        }
    }

    @Test("dependencies go one way: a module imports only modules above it in the table")
    func dependenciesGoOneWay() throws {
        let table = try Self.table()
        for (index, row) in table.enumerated() {
            let above = Set(table[..<index].map(\.module)).union(Self.packages)
            #expect(row.imports.isSubset(of: above), "\(row.module) imports \(row.imports.subtracting(above).sorted()), which come after it")
        }
    }

    @Test("no source file is over 400 lines but the ports ARCHITECTURE.md names")
    func filesStayReadable() throws {
        let table = try Self.table()
        for file in table.flatMap({ Self.sources(of: $0.module) }) where !Self.ports.contains(file) {
            let text = try String(contentsOf: Self.root.appendingPathComponent("Sources/\(file)"), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines <= 401, "\(file) has \(lines) lines")
        }
        let architecture = try String(contentsOf: Self.root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        for port in Self.ports { #expect(architecture.contains(port), "ARCHITECTURE.md does not name \(port)") }
    }
}

import Foundation
import RungCore
import Testing

/// rung.toml(5) documents every key the config reader accepts, in the section of its table,
/// so a key added to the reader without a word in the manual fails here.
@Suite("rung.toml(5)")
struct ConfigManualTests {
    static let manualPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("man/rung.toml.5").path

    /// The lines of each `.Ss` section of the page, by its title.
    static func sections() throws -> [String: [Substring]] {
        let page = try String(contentsOfFile: manualPath, encoding: .utf8)
        var sections: [String: [Substring]] = [:]
        var current = ""
        for line in page.split(separator: "\n") {
            if line.hasPrefix(".Ss ") {
                current = String(line.dropFirst(4))
            } else {
                sections[current, default: []].append(line)
            }
        }
        return sections
    }

    /// Whether `lines` hold an item for `key`: `.It Cm key`, alone or followed by its type.
    static func documents(_ key: String, in lines: [Substring]) -> Bool {
        lines.contains { $0 == ".It Cm \(key)" || $0.hasPrefix(".It Cm \(key) ") }
    }

    static let tables: [(section: String, keys: [String])] = [
        ("[rung]", ConfigKeys.rung),
        ("[channel.NAME]", ConfigKeys.anyChannel),
        ("[ladder.ID]", ConfigKeys.ladder.filter { !ConfigKeys.coaching.contains($0) } + ConfigKeys.rungEntry),
        ("[coaching]", ConfigKeys.coaching),
        ("[performance.ID]", ConfigKeys.performance),
        ("[prompts.KIND]", ConfigKeys.prompts + PromptKind.allCases.flatMap(ConfigKeys.prompt)),
    ]

    @Test("each table the file may hold has its section")
    func everyTableHasASection() throws {
        let titles = try Self.sections().keys
        for table in ConfigKeys.topLevel {
            #expect(titles.contains { $0 == "[\(table)]" || $0.hasPrefix("[\(table).") }, "rung.toml(5) has no section for [\(table)]")
        }
    }

    @Test("every key the reader accepts is documented in its table's section")
    func everyKeyIsDocumented() throws {
        let sections = try Self.sections()
        for (section, keys) in Self.tables {
            let lines = try #require(sections[section], "rung.toml(5) has no section \(section)")
            for key in Set(keys) {
                #expect(Self.documents(key, in: lines), "rung.toml(5) does not document '\(key)' in \(section)")
            }
        }
    }

    @Test("a ladder's section says it takes the [coaching] keys")
    func ladderSectionPointsToCoaching() throws {
        let lines = try #require(try Self.sections()["[ladder.ID]"])
        #expect(lines.joined(separator: "\n").contains("every key of\n.Ic [coaching]"))
    }
}

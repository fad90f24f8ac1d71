import Foundation

/// A page as a person's browser shows it: a local HTML file rendered by a real headless
/// Chromium, each run with a profile of its own that is removed afterwards, and bounded in
/// time so that a hung browser fails the test instead of hanging the run.
public enum HeadlessBrowser {
    /// What one run of the browser gave.
    public struct Rendering: Sendable {
        /// The DOM after parsing (`--dump-dom`), or empty for a screenshot.
        public var dom: String
        /// What the page said on the console or was refused (script errors, Content Security
        /// Policy violations, failed loads): empty for a quiet page.
        public var consoleMessages: [String]
        /// How long the browser took, start to exit.
        public var seconds: Double
    }

    /// A failure to run the browser, said for a person.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Chromium on `PATH` (Debian's `chromium`; `scripts/install-deps --test` installs it).
    public static var executable: String? {
        let path = ProcessEnvironment.current["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Where screenshots are kept after the run for a person to look at:
    /// `.build/test-artifacts/<name>/` in the package, which git ignores.
    public static func artifactDirectory(_ name: String) throws -> String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = packageRoot.appendingPathComponent(".build/test-artifacts/\(name)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The DOM of `file` after the browser has parsed it, at a desktop width.
    public static func dumpDOM(of file: String, limit: Int = 60) throws -> Rendering {
        try run(file: file, mode: ["--dump-dom"], width: 1280, height: 900, limit: limit)
    }

    /// Renders `file` in a `width`×`height` window and writes the screenshot to `png`.
    public static func screenshot(
        of file: String, width: Int, height: Int, to png: String, limit: Int = 60
    ) throws -> Rendering {
        try? FileManager.default.removeItem(atPath: png)
        let rendering = try run(file: file, mode: ["--screenshot=\(png)"], width: width, height: height, limit: limit)
        guard FileManager.default.fileExists(atPath: png) else {
            throw Failure(description: "chromium wrote no screenshot to \(png)")
        }
        return rendering
    }

    private static func run(file: String, mode: [String], width: Int, height: Int, limit: Int) throws -> Rendering {
        guard let chromium = executable else {
            throw Failure(description: "chromium is not on PATH; run scripts/install-deps --test")
        }
        let profile = try TemporaryDirectory()
        let arguments = [
            // coreutils' timeout signals the browser's whole process group at the limit.
            "--kill-after=5", "\(limit)", chromium,
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
            "--window-size=\(width),\(height)",
        ] + mode + [URL(fileURLWithPath: file).absoluteString]
        let start = ContinuousClock.now
        let result = try ProcessRunner.run("/usr/bin/timeout", arguments)
        let elapsed = ContinuousClock.now - start
        guard result.status == 0 else {
            let reason = result.status == 124 || result.status == 137
                ? "was still running after \(limit) s" : "exited with status \(result.status)"
            throw Failure(description: "chromium \(reason) rendering \(file):\n\(result.stderr.suffix(2_000))")
        }
        return Rendering(
            dom: mode == ["--dump-dom"] ? result.stdout : "",
            consoleMessages: consoleMessages(in: result.stderr),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The lines of Chromium's log that come from the page rather than from the browser's
    /// own plumbing (D-Bus, GPU): console output, uncaught errors, refusals by the page's
    /// Content Security Policy, resources that failed to load.
    public static func consoleMessages(in log: String) -> [String] {
        let markers = [":CONSOLE", "Uncaught", "Content Security Policy", "Failed to load", "net::ERR_"]
        return log.split(separator: "\n").map(String.init).filter { line in
            markers.contains { line.contains($0) }
        }
    }
}

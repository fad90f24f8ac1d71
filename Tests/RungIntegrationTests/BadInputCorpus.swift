import Foundation
import Testing

/// The bad-input corpus under `Tests/Corpus`: configs (`config/*.toml`, each with a comment on
/// its first line saying what is wrong), rungctl command lines (`commands/*.txt`) and raw
/// varlink messages (`varlink/*.txt`), one per line. Every case is data, so a failure names
/// its file, or its file and line.
enum BadInputCorpus {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    /// One case written on a line of a corpus file.
    struct Line: Sendable, CustomStringConvertible {
        /// The file's name without its extension, e.g. `snooze`.
        let category: String
        let file: String
        let number: Int
        let text: String

        var description: String { "\(file):\(number): \(text.prefix(120))" }
    }

    /// The config cases, by path, in name order.
    static func configFiles() throws -> [String] {
        let folder = directory.appendingPathComponent("config")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".toml") }
            .sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    /// The category of a config case: its name up to the first `-` (`span`, `toml`, …).
    static func category(ofConfig path: String) -> String {
        String(URL(fileURLWithPath: path).lastPathComponent.prefix { $0 != "-" })
    }

    /// The cases of every `.txt` file in `folder` (`commands`, `varlink`): each line that is
    /// neither empty nor a `#` comment.
    static func lines(in folder: String) throws -> [Line] {
        let url = directory.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".txt") }.sorted()
        return try files.flatMap { file -> [Line] in
            let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
                return Line(category: String(file.dropLast(4)), file: "\(folder)/\(file)", number: index + 1, text: String(line))
            }
        }
    }

    /// A corpus line's bytes: its text with every `\xHH` turned into that raw byte, and
    /// `$NAME` replaced by `variables[NAME]`.
    static func bytes(of line: String, variables: [String: String] = [:]) -> [UInt8] {
        var text = line
        for (name, value) in variables { text = text.replacingOccurrences(of: "$" + name, with: value) }
        let source = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 3 < source.count, source[index + 1] == UInt8(ascii: "x"),
               let byte = UInt8(String(decoding: source[index + 2...index + 3], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return bytes
    }

    /// Why a command line cannot be split into words.
    struct QuotingError: Error, CustomStringConvertible {
        let description: String
    }

    /// Splits a command line into words as a POSIX shell would, for the quoting the corpus
    /// uses: blanks between words, `'…'` literally, `$'…'` with the escapes `\e \a \n \r \t
    /// \\ \' \xHH`, and `$NAME` (capitals) outside quotes replaced by `variables[NAME]`.
    static func words(_ line: String, variables: [String: String]) throws -> [String] {
        var words: [String] = []
        var word: [UInt8]?
        var characters = Array(line.utf8)[...]
        func append(_ bytes: some Sequence<UInt8>) { word = (word ?? []) + bytes }
        while let character = characters.popFirst() {
            switch character {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                if let finished = word { words.append(String(decoding: finished, as: UTF8.self)) }
                word = nil
            case UInt8(ascii: "'"):
                guard let end = characters.firstIndex(of: UInt8(ascii: "'")) else { throw QuotingError(description: "unclosed ' in \(line)") }
                append(characters[..<end])
                characters = characters[(end + 1)...]
            case UInt8(ascii: "$") where characters.first == UInt8(ascii: "'"):
                characters.removeFirst()
                append(try ansiQuoted(&characters, line: line))
            case UInt8(ascii: "$"):
                let name = characters.prefix { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || $0 == UInt8(ascii: "_") }
                guard let value = variables[String(decoding: name, as: UTF8.self)] else {
                    throw QuotingError(description: "unknown variable $\(String(decoding: name, as: UTF8.self)) in \(line)")
                }
                characters.removeFirst(name.count)
                append(value.utf8)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                throw QuotingError(description: "the corpus quotes with '…' and $'…' only: \(line)")
            default:
                append([character])
            }
        }
        if let finished = word { words.append(String(decoding: finished, as: UTF8.self)) }
        return words
    }

    /// The rest of a `$'…'` word after its opening quote, its escapes resolved.
    private static func ansiQuoted(_ characters: inout ArraySlice<UInt8>, line: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let character = characters.popFirst() {
            if character == UInt8(ascii: "'") { return bytes }
            guard character == UInt8(ascii: "\\") else {
                bytes.append(character)
                continue
            }
            switch characters.popFirst().map({ Character(Unicode.Scalar($0)) }) {
            case "e": bytes.append(0x1B)
            case "a": bytes.append(0x07)
            case "n": bytes.append(0x0A)
            case "r": bytes.append(0x0D)
            case "t": bytes.append(0x09)
            case "\\": bytes.append(0x5C)
            case "'": bytes.append(0x27)
            case "x":
                let digits = characters.prefix(2)
                guard digits.count == 2, let byte = UInt8(String(decoding: digits, as: UTF8.self), radix: 16) else {
                    throw QuotingError(description: "bad \\x escape in \(line)")
                }
                characters.removeFirst(2)
                bytes.append(byte)
            default:
                throw QuotingError(description: "unknown escape in \(line)")
            }
        }
        throw QuotingError(description: "unclosed $' in \(line)")
    }
}

/// The corpus cases that did not get the answer they should, by category; a test records
/// each as an issue and prints the summary, so a run says at a glance which kinds of bad
/// input are not refused yet.
final class CorpusTally: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private let name: String
    private var total: [String: Int] = [:]
    private var failures: [String: [String]] = [:]

    init(_ name: String) {
        self.name = name
    }

    /// Counts a case of `category`; `problem` says what went wrong, or nil when it was refused as it should be.
    func record(_ category: String, _ problem: String?) {
        lock.withLock {
            total[category, default: 0] += 1
            if let problem { failures[category, default: []].append(problem) }
        }
    }

    /// Every problem, one per line.
    var problems: [String] {
        lock.withLock { failures.keys.sorted().flatMap { failures[$0]! } }
    }

    var caseCount: Int { lock.withLock { total.values.reduce(0, +) } }

    /// One line per category: `snooze: 40 cases, 3 not refused as they should be`.
    var summary: String {
        lock.withLock {
            let lines = total.keys.sorted().map { category in
                let failed = failures[category]?.count ?? 0
                return "  \(category): \(total[category]!) cases" + (failed > 0 ? ", \(failed) not refused as they should be" : "")
            }
            return "\(name) corpus, \(total.values.reduce(0, +)) cases:\n" + lines.joined(separator: "\n")
        }
    }
}

extension CorpusTally {
    /// Plays `lines` one at a time against `rungd`: `play` sends a case and says what went
    /// wrong with its answer; then the world (store and files) must be as before, rungd
    /// still running and, at the end of each file (and every `statusEvery` cases), still
    /// answering `status`. A rungd that ended is started again, so one crash does not hide
    /// the cases after it. Prints the summary and records every problem as an issue.
    func play(_ lines: [BadInputCorpus.Line], against rungd: RungdHarness, statusEvery: Int = .max,
              _ play: (BadInputCorpus.Line) async throws -> [String]) async throws {
        func snapshot() throws -> WorldSnapshot {
            try WorldSnapshot(storePath: rungd.storePath, root: rungd.root.path, ignoring: CommandCorpusTests.unwatched)
        }
        var before = try snapshot()
        for (index, line) in lines.enumerated() {
            var problems = try await play(line)
            let after = try snapshot()
            problems += after.differences(from: before)
            if rungd.process?.isRunning != true { problems.append("rungd ended: \(rungd.crashSummary)") }
            let lastOfItsFile = index + 1 == lines.count || lines[index + 1].file != line.file
            if lastOfItsFile || index % statusEvery == statusEvery - 1, rungd.process?.isRunning == true {
                let status = try await rungd.rungctl(["status"])
                if status.status != 0 { problems.append("rungd no longer answers status: \(status.stderr)") }
            }
            record(line.category, problems.isEmpty ? nil : "\(line): " + problems.joined(separator: "; "))
            before = after
            if rungd.process?.isRunning != true {
                #expect(try await rungd.startUntilReady(), "stderr: \(rungd.crashSummary)")
                // Starting records a pass: the next case compares with the world as it is now.
                before = try snapshot()
            }
        }
        print(summary)
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
    }
}

/// The lines that differ between `expected` and `actual`, as a unified diff shows them:
/// `-` for a line only expected, `+` for a line only there now, two spaces for a line both
/// share next to a change. Empty when they are equal.
///
/// For golden files: a failure says which lines changed, not only that something did.
public func lineDiff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    guard old != new else { return "" }
    // Longest common subsequence, from the ends, so the walk below goes forward.
    var common = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
        for j in stride(from: new.count - 1, through: 0, by: -1) {
            common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
        }
    }
    var lines: [(mark: Character, text: Substring)] = []
    var (i, j) = (0, 0)
    while i < old.count || j < new.count {
        if i < old.count, j < new.count, old[i] == new[j] {
            lines.append((" ", old[i]))
            (i, j) = (i + 1, j + 1)
        } else if j < new.count, i == old.count || common[i][j + 1] >= common[i + 1][j] {
            lines.append(("+", new[j]))
            j += 1
        } else {
            lines.append(("-", old[i]))
            i += 1
        }
    }
    // Only the changes and one line of context either side.
    let changed = lines.indices.filter { lines[$0].mark != " " }
    return lines.indices
        .filter { index in changed.contains { abs($0 - index) <= 1 } }
        .map { "\(lines[$0].mark == " " ? " " : String(lines[$0].mark)) \(lines[$0].text)" }
        .joined(separator: "\n")
}

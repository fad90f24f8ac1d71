/// "Did you mean …?" for names a person mistyped: the closest candidate by edit distance
/// (insertions, deletions, substitutions and swaps of neighbours each cost one).
public enum ConfigSuggestion {
    /// How many diagnostics of one file may carry a hint: each hint compares a name with
    /// every candidate, so a file of thousands of mistyped references would otherwise take
    /// minutes to check. The errors after these are reported all the same, without a hint.
    public static let hintedDiagnostics = 50

    /// The closest of `candidates` to `name` when close enough to be a typo, else nil.
    static func closest(to name: String, among candidates: [String]) -> String? {
        var best: (candidate: String, distance: Int)?
        let lowercasedName = name.lowercased()
        let nameLength = lowercasedName.count
        for candidate in candidates {
            let limit = candidate.count <= 3 ? 1 : candidate.count <= 6 ? 2 : 3
            // Lengths further apart than the limit cannot be within it: no need to measure.
            guard abs(candidate.count - nameLength) <= limit else { continue }
            let distance = editDistance(lowercasedName, candidate.lowercased())
            if distance <= limit, distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// ` (did you mean 'x'?)` or nothing.
    public static func hint(for name: String, among candidates: [String]) -> String {
        closest(to: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Optimal string alignment distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}

/// A trend in one line of text: each value 0–100 as one character, higher values taller.
/// On a terminal that shows Unicode, the eight block heights (`▁▂▃▄▅▆▇█`); in plain ASCII
/// (`NO_COLOR`, a pipe), the ten characters ` .:-=+*#%@`, darker for higher.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let ascii: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// `values` (each clamped to 0–100) in at most `width` characters: when there are more
    /// values than characters, each character stands for the mean of a run of neighbours,
    /// oldest on the left. Empty when there are no values.
    public static func line(_ values: [Double], width: Int, unicode: Bool) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        let characters = unicode ? blocks : ascii
        let columns = min(width, values.count)
        var line = ""
        for column in 0..<columns {
            let start = column * values.count / columns
            let end = max(start + 1, (column + 1) * values.count / columns)
            let mean = values[start..<end].reduce(0, +) / Double(end - start)
            let level = Int((min(max(mean, 0), 100) / 100 * Double(characters.count - 1)).rounded())
            line.append(characters[level])
        }
        return line
    }
}

extension SVGChart {
    /// The outcomes of the attempts at one rung.
    public struct OutcomeCounts: Sendable, Equatable {
        public var label: String
        public var successes: Int
        public var partials: Int
        public var misses: Int

        public init(label: String, successes: Int, partials: Int, misses: Int) {
            self.label = label
            self.successes = successes
            self.partials = partials
            self.misses = misses
        }

        var total: Int { successes + partials + misses }
    }

    /// Outcomes per rung as horizontal stacked bars, one row per rung (lowest first, at the
    /// top), successes then partials then misses, all bars on one scale so that lengths
    /// compare across rungs; each row ends with its counts in numbers.
    public static func outcomeBars(id: String, title: String, description: String, rows: [OutcomeCounts]) -> String {
        let rowHeight = 26.0, top = 34.0, left = 190.0, right = width - 96
        let height = top + Double(max(rows.count, 1)) * rowHeight + 8
        let most = Double(rows.map(\.total).max() ?? 0)
        var svg = open(id: id, title: title, description: description, height: height)
        var legendX = left
        for (name, word) in [("success", "success"), ("partial", "partial"), ("miss", "miss")] {
            svg += "<rect class=\"\(name)\" x=\"\(number(legendX))\" y=\"6\" width=\"12\" height=\"12\"/>"
            svg += text(word, x: legendX + 16, y: 16, muted: true)
            legendX += 84
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += text(HTMLText.shortened(row.label, to: 24), x: left - 8, y: y + 14, anchor: "end")
            var x = left
            for (name, count) in [("success", row.successes), ("partial", row.partials), ("miss", row.misses)] where count > 0 {
                let length = scale(Double(count), from: 0...max(most, 1), to: (0, right - left))
                svg += "<rect class=\"\(name)\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(length))\" height=\"18\"/>"
                x += length
            }
            svg += text("\(row.successes) · \(row.partials) · \(row.misses)", x: x + 6, y: y + 14, muted: true)
        }
        return svg + "</svg>"
    }
}

extension SVGChart {
    /// Where a ladder stood over time, as steps: the line stays on a rung until the ladder
    /// moved, then goes straight up or down. `positions` are (time, rung from 1) in time order;
    /// the last one holds until `end`. The y axis names the rungs, lowest at the bottom.
    public static func steps(
        id: String, title: String, description: String,
        rungTitles: [String], positions: [(x: Double, rung: Int)], end: Double,
        axisLabels: (first: String, last: String)
    ) -> String {
        let rows = max(rungTitles.count, 1)
        let rowHeight = 28.0, top = 14.0, left = 190.0, right = width - 12
        let bottom = top + Double(rows - 1) * rowHeight
        let height = bottom + 40
        func y(_ rung: Int) -> Double { scale(Double(rung), from: 1...Double(max(rows, 2)), to: (bottom, top)) }

        var svg = open(id: id, title: title, description: description, height: height)
        for (index, rungTitle) in rungTitles.enumerated() {
            let rowY = rows == 1 ? (top + bottom) / 2 : y(index + 1)
            svg += line(x1: left, y1: rowY, x2: right, y2: rowY, class: "grid")
            svg += text("\(index + 1) " + HTMLText.shortened(rungTitle, to: 24), x: left - 8, y: rowY + 4, anchor: "end")
        }
        let start = positions.first?.x ?? end
        let domain = start...max(end, start)
        var path = ""
        for (index, position) in positions.enumerated() {
            let x = scale(position.x, from: domain, to: (left, right))
            let rowY = rows == 1 ? (top + bottom) / 2 : y(position.rung)
            path += index == 0 ? "M\(number(x)) \(number(rowY))" : " H\(number(x)) V\(number(rowY))"
        }
        if !path.isEmpty {
            svg += "<path class=\"trace\" d=\"\(path) H\(number(right))\"/>"
        }
        svg += text(axisLabels.first, x: left, y: height - 10, muted: true)
        svg += text(axisLabels.last, x: right, y: height - 10, anchor: "end", muted: true)
        return svg + "</svg>"
    }
}

/// Charts drawn as inline SVG from plain values, for the HTML report: no script, no external
/// resource, so the page stays one self-contained file that works offline and under a strict
/// Content Security Policy.
///
/// Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that say in words what
/// it shows, for screen readers and for text search; it is sized by its `viewBox` alone, so
/// the page's stylesheet can stretch it to any width, a phone's included. Its colours come
/// from the classes in `stylesheet`, which read the page's CSS custom properties, so the same
/// chart follows the light or dark scheme.
public enum SVGChart {
    /// The width of every chart's coordinate system; heights vary with the content.
    static let width = 640.0

    /// The rules that colour the charts' classes from custom properties the page defines:
    /// `--ink`, `--muted`, `--grid`, `--accent`, `--success`, `--partial`, `--miss`.
    public static let stylesheet = """
        svg.chart { display: block; width: 100%; height: auto; max-width: 48rem; overflow: visible; }
        svg.chart text { fill: var(--ink); font: 13px system-ui, sans-serif; }
        svg.chart text.muted { fill: var(--muted); font-size: 11px; }
        svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
        svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
        svg.chart .trace { fill: none; stroke: var(--accent); stroke-width: 2.5; stroke-linejoin: round; }
        svg.chart .diagonal { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 4 4; }
        svg.chart .dot { fill: var(--accent); fill-opacity: 0.75; }
        svg.chart .success { fill: var(--success); }
        svg.chart .partial { fill: var(--partial); }
        svg.chart .miss { fill: var(--miss); }
        """

    /// The opening of a chart: the element with its text alternative, ids derived from `id`
    /// (which must be unique in the page), and `viewBox` `0 0 640 height`.
    static func open(id: String, title: String, description: String, height: Double) -> String {
        """
        <svg class="chart" id="\(id)" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        viewBox="0 0 \(number(width)) \(number(height))">\
        <title id="\(id)-title">\(HTMLText.escape(title))</title>\
        <desc id="\(id)-desc">\(HTMLText.escape(description))</desc>
        """
    }

    /// A label at (`x`, `y`); `anchor` is `start`, `middle` or `end`.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", muted: Bool = false) -> String {
        let style = muted ? " class=\"muted\"" : ""
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\"\(style)>\(HTMLText.escape(content))</text>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, class name: String) -> String {
        "<line class=\"\(name)\" x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\"/>"
    }

    /// A coordinate with at most one decimal, so that the markup stays short and the same
    /// values always give the same text.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        return String(Double(Int(tenths)) / 10)
    }

    /// `value` mapped from `domain` onto `range`; a domain of one point maps to the range's middle.
    /// The range may run downwards, as a y axis does: SVG's y grows down the page.
    static func scale(_ value: Double, from domain: ClosedRange<Double>, to range: (start: Double, end: Double)) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return (range.start + range.end) / 2 }
        let fraction = (min(max(value, domain.lowerBound), domain.upperBound) - domain.lowerBound) / span
        return range.start + fraction * (range.end - range.start)
    }

    /// A value of 0–100 over time, such as confidence ratings, as a line with a dot at each
    /// value (while there are few); `points` in time order, `axisLabels` the first and last times in words.
    public static func line(
        id: String, title: String, description: String,
        points: [(x: Double, value: Double)], axisLabels: (first: String, last: String)
    ) -> String {
        let height = 180.0, left = 44.0, right = width - 12, top = 12.0, bottom = height - 28
        var svg = open(id: id, title: title, description: description, height: height)
        for level in [0.0, 50, 100] {
            let y = scale(level, from: 0...100, to: (bottom, top))
            svg += line(x1: left, y1: y, x2: right, y2: y, class: "grid")
            svg += text(number(level), x: left - 8, y: y + 4, anchor: "end", muted: true)
        }
        let xs = points.map(\.x)
        let domain = (xs.min() ?? 0)...(xs.max() ?? 0)
        let placed = points.map { (x: scale($0.x, from: domain, to: (left, right)), y: scale($0.value, from: 0...100, to: (bottom, top))) }
        if placed.count > 1 {
            svg += "<polyline class=\"trace\" points=\"\(placed.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " "))\"/>"
        }
        // A dot per value while the dots stay apart; past that the line alone reads better.
        for point in placed where placed.count <= 60 {
            svg += "<circle class=\"dot\" cx=\"\(number(point.x))\" cy=\"\(number(point.y))\" r=\"4\"/>"
        }
        svg += text(axisLabels.first, x: left, y: height - 8, muted: true)
        svg += text(axisLabels.last, x: right, y: height - 8, anchor: "end", muted: true)
        return svg + "</svg>"
    }
}

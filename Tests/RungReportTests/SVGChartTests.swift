import Testing
@testable import RungReport

@Suite("SVG charts")
struct SVGChartTests {
    /// The value of `attribute` on every element of `svg` that has it, in order.
    static func values(of attribute: String, in svg: String) -> [String] {
        svg.split(separator: " \(attribute)=\"", omittingEmptySubsequences: false).dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.split(separator: needle, omittingEmptySubsequences: false).count - 1
    }

    @Test("text from the store is escaped in content and attributes; control characters are replaced")
    func escaping() {
        #expect(HTMLText.escape(#"Q&A <5 people> "live" it's"#) == "Q&amp;A &lt;5 people&gt; &quot;live&quot; it&#39;s")
        #expect(HTMLText.escape("a\u{7}b\tc\nd") == "a\u{FFFD}b\tc\nd")
        #expect(HTMLText.shortened("a long rung title", to: 6) == "a lon…")
        #expect(HTMLText.shortened("short", to: 6) == "short")
    }

    @Test("every chart is an image with a title and description, ids derived from its own")
    func textAlternative() {
        let charts = [
            SVGChart.line(id: "c1", title: "Confidence <talks>", description: "from 40 to 70", points: [(0, 40), (1, 70)], axisLabels: ("May", "June")),
            SVGChart.steps(id: "c2", title: "Position", description: "climbed", rungTitles: ["a", "b"], positions: [(0, 1)], end: 1, axisLabels: ("May", "June")),
            SVGChart.outcomeBars(id: "c3", title: "Outcomes", description: "3 attempts", rows: [.init(label: "a", successes: 1, partials: 1, misses: 1)]),
            SVGChart.calibration(id: "c4", title: "Calibration", description: "close", bins: []),
        ]
        for (index, svg) in charts.enumerated() {
            let id = "c\(index + 1)"
            #expect(svg.hasPrefix("<svg class=\"chart\" id=\"\(id)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""))
            #expect(svg.contains("<title id=\"\(id)-title\">") && svg.contains("<desc id=\"\(id)-desc\">"))
            #expect(svg.contains("viewBox=\"0 0 640 ") && !svg.contains(" width=\"100%\""))
            #expect(svg.hasSuffix("</svg>") && Self.count("<svg", in: svg) == 1)
        }
        #expect(charts[0].contains("<title id=\"c1-title\">Confidence &lt;talks&gt;</title>"))
    }

    @Test("the confidence line maps 0–100 onto the plot, oldest at the left edge, newest at the right")
    func lineScaling() {
        let svg = SVGChart.line(id: "c", title: "t", description: "d", points: [(10, 0), (20, 100), (30, 50)], axisLabels: ("a", "b"))
        let points = Self.values(of: "points", in: svg).first
        // Plot from x 44 to 628, y from 152 (0) up to 12 (100).
        #expect(points == "44,152 336,12 628,82")
        #expect(Self.values(of: "cy", in: svg) == ["152", "12", "82"])
        let one = SVGChart.line(id: "c", title: "t", description: "d", points: [(5, 200)], axisLabels: ("a", "a"))
        #expect(!one.contains("<polyline") && Self.values(of: "cx", in: one) == ["336"] && Self.values(of: "cy", in: one) == ["12"],
                "one value sits in the middle, and values above 100 are clamped")
    }

    @Test("the step chart names each rung, goes across then up or down at each move, and holds to the end")
    func steps() {
        let svg = SVGChart.steps(
            id: "c", title: "t", description: "d", rungTitles: ["Say one thing <in> a meeting", "Lead", "Talk"],
            positions: [(0, 1), (50, 3), (75, 2)], end: 100, axisLabels: ("1 May", "1 June"))
        #expect(svg.contains(">1 Say one thing &lt;in&gt; a me…</text>") && svg.contains(">2 Lead</text>") && svg.contains(">3 Talk</text>"))
        // Rows from y 70 (rung 1) up to 14 (rung 3); time from x 190 to 628.
        #expect(Self.values(of: "d", in: svg) == ["M190 70 H409 V14 H518.5 V42 H628"])
        #expect(svg.contains(">1 May</text>") && svg.contains(">1 June</text>"))
        let empty = SVGChart.steps(id: "c", title: "t", description: "d", rungTitles: ["a"], positions: [], end: 0, axisLabels: ("", ""))
        #expect(!empty.contains("<path"), "no positions draw no line")
    }

    @Test("outcome bars share one scale, stack success, partial and miss, and end with the counts")
    func bars() {
        let svg = SVGChart.outcomeBars(id: "c", title: "t", description: "d", rows: [
            .init(label: "one", successes: 2, partials: 1, misses: 1),
            .init(label: "two", successes: 0, partials: 0, misses: 2),
            .init(label: "three", successes: 0, partials: 0, misses: 0),
        ])
        // The legend's three squares, then the bars: 4 attempts fill 190–544 (354 wide).
        #expect(Self.values(of: "width", in: svg).dropFirst(3) == ["177", "88.5", "88.5", "177"])
        #expect(Self.values(of: "x", in: svg).filter { ["190", "367", "455.5"].contains($0) }.count >= 3)
        #expect(svg.contains(">2 · 1 · 1</text>") && svg.contains(">0 · 0 · 2</text>") && svg.contains(">0 · 0 · 0</text>"))
        #expect(Self.count("<rect class=\"miss\"", in: svg) == 3, "the legend's and one per row with misses")
    }

    @Test("predictions are binned by tens, partials count half, and each bin is placed at its mean and rate")
    func calibration() {
        let bins = SVGChart.CalibrationBin.bins([(35, 1), (38, 0), (31, 0.5), (100, 1), (95, 1), (0, 0)])
        #expect(bins.map(\.band) == [0, 30, 90])
        #expect(bins.map(\.count) == [1, 3, 2])
        #expect(bins[1].meanPredicted == 104.0 / 3 && bins[1].observedRate == 0.5)
        #expect(bins[2].meanPredicted == 97.5 && bins[2].observedRate == 1)

        let svg = SVGChart.calibration(id: "c", title: "t", description: "d", bins: bins)
        // Plot square from (56, 312) for 0/0 to (356, 12) for 100/100.
        #expect(svg.contains("<line class=\"diagonal\" x1=\"56\" y1=\"312\" x2=\"356\" y2=\"12\"/>"))
        #expect(Self.values(of: "cx", in: svg) == ["56", "160", "348.5"])
        #expect(Self.values(of: "cy", in: svg) == ["312", "162", "12"])
        #expect(Self.values(of: "r", in: svg) == ["9.8", "14", "12.2"], "area grows with the count")
        #expect(svg.contains("<title>3 predicted 30–39: 50 % succeeded</title>"))
        #expect(svg.contains("<title>2 predicted 90–100: 100 % succeeded</title>"))
    }
}
